import { chmodSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runInitdb } from '../../electron/core/db/initdb';
import { makeTempDir, removeTempDirs } from './db-test-helpers';

/**
 * A stand-in initdb (a real process) that reports what it was handed: the password file's mode and
 * content, its directory's mode, and the arguments. The real initdb runs in embedded-cluster.test.ts.
 */
function fakeInitdb(dir: string, exitCode = 0): { path: string; report: string } {
  const report = join(dir, 'report.txt');
  const path = join(dir, 'fake-initdb.sh');
  writeFileSync(
    path,
    `#!/bin/sh
for arg in "$@"; do case "$arg" in --pwfile=*) pwfile="\${arg#--pwfile=}";; esac; done
{
  echo "file=$(stat -c %a "$pwfile")"
  echo "dir=$(stat -c %a "$(dirname "$pwfile")")"
  echo "content=$(cat "$pwfile")"
  echo "args=$*"
  echo "lc=$LC_MESSAGES"
  echo "passphrase=\${SYNTHEX_VAULT_PASSPHRASE:-unset}"
} > "${report}"
exit ${exitCode}
`,
  );
  chmodSync(path, 0o755);
  return { path, report };
}

afterAll(() => removeTempDirs());

const options = (dir: string, initdbPath: string) => ({
  pgdata: join(dir, 'postgres.initialising'),
  superuser: 'postgres',
  password: 'the-superuser-password-1234',
  runAs: null,
  flags: ['--encoding=UTF8'],
  env: { PATH: process.env.PATH, SYNTHEX_VAULT_PASSPHRASE: 'a long vault passphrase' },
  onLog: () => undefined,
  initdbPath,
});

describe('initdb', () => {
  it('hands initdb the password in a 0600 file inside a 0700 folder of its own (and no passphrase), then removes both', async () => {
    const dir = makeTempDir('synthex-initdb-');
    const initdb = fakeInitdb(dir);
    await runInitdb(options(dir, initdb.path));
    const report = readFileSync(initdb.report, 'utf8');
    expect(report).toContain('file=600\n');
    expect(report).toContain('dir=700\n');
    expect(report).toContain('content=the-superuser-password-1234\n');
    expect(report).toContain('passphrase=unset\n');
    expect(report).toMatch(
      /args=--pgdata=\S+postgres\.initialising --auth=scram-sha-256 --username=postgres --pwfile=\S+ --lc-messages=\S+ --encoding=UTF8/,
    );
    expect(readdirSync(dir).sort()).toEqual(['fake-initdb.sh', 'report.txt']);
  });

  it('removes the password file when initdb fails, and says why', async () => {
    const dir = makeTempDir('synthex-initdb-');
    const initdb = fakeInitdb(dir, 3);
    await expect(runInitdb(options(dir, initdb.path))).rejects.toThrow(/initdb failed \(code 3/);
    expect(readdirSync(dir).sort()).toEqual(['fake-initdb.sh', 'report.txt']);
  });

  it('removes the password file when initdb cannot even start', async () => {
    const dir = makeTempDir('synthex-initdb-');
    await expect(runInitdb(options(dir, join(dir, 'missing-initdb')))).rejects.toThrow(/ENOENT/);
    expect(readdirSync(dir)).toEqual([]);
    expect(existsSync(join(dir, 'postgres.initialising'))).toBe(false);
  });
});
