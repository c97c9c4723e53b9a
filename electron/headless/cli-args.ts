import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

export interface HeadlessArgs {
  port: number;
  dataDir: string;
}

export const defaultPort = 8420;

/** `--port N` (0 = any free port) and `--data-dir DIR`; anything else is an error with usage. */
export function parseHeadlessArgs(
  argv: string[],
  env: Record<string, string | undefined> = process.env,
): HeadlessArgs {
  const { values } = parseArgs({
    args: argv,
    options: { port: { type: 'string' }, 'data-dir': { type: 'string' } },
    strict: true,
    allowPositionals: false,
  });
  const port = values.port === undefined ? defaultPort : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(
      `--port must be a whole number from 0 to 65535 (0 picks a free port), not ${JSON.stringify(values.port)}`,
    );
  }
  const dataDir = resolve(values['data-dir'] ?? env.SYNTHEX_DATA_DIR ?? defaultDataDir());
  return { port, dataDir };
}

/**
 * ~/.synthex, except for root: the embedded Postgres server runs as the `postgres` user and cannot
 * reach into /root (0700), so root gets the service location /var/lib/synthex.
 */
export function defaultDataDir(uid: number | undefined = process.getuid?.()): string {
  return uid === 0 ? '/var/lib/synthex' : join(homedir(), '.synthex');
}

export const usage = 'usage: npm run serve -- [--port N] [--data-dir DIR]';
