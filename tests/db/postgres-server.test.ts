import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startPostgresServer } from '../../electron/core/db/postgres-server';
import { makeTempDir, removeTempDirs } from './db-test-helpers';

/** Stand-in servers (real processes) for the start/stop protocol; the real postgres runs in embedded-cluster.test.ts. */
function fakePostgres(body: string): string {
  const path = join(makeTempDir('synthex-fake-postgres-'), 'postgres');
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

afterAll(() => removeTempDirs());

const start = (postgresPath: string, lines: string[] = []) =>
  startPostgresServer({
    pgdata: '/nonexistent',
    port: 1,
    flags: [],
    runAs: null,
    onLog: (l) => lines.push(l),
    postgresPath,
  });

describe('the postgres server process', () => {
  it('is ready when it says so, and stops on SIGINT', async () => {
    const server = await start(
      fakePostgres(
        `trap 'exit 0' INT\necho "LOG:  database system is ready to accept connections" >&2\nwhile :; do sleep 0.05; done`,
      ),
    );
    await expect(server.stop()).resolves.toBeUndefined();
  });

  it('rejects with its own lines when it exits before it is ready', async () => {
    const lines: string[] = [];
    await expect(
      start(
        fakePostgres(`echo "FATAL:  could not bind IPv4 address: Address already in use" >&2\nexit 1`),
        lines,
      ),
    ).rejects.toThrow('postgres exited before it was ready (code 1');
    expect(lines.join('')).toContain('Address already in use');
  });
});
