import { hostname } from 'node:os';
import { resolve } from 'node:path';
import pg from 'pg';
import type { Logger } from '../util/logger';

/**
 * One driver per User Data DB (docs/architecture.md §12): the process that resumes, reconciles and trades
 * positions holds a session-level advisory lock on a connection of its own for its whole life. A second
 * process on the same database would resume the same positions and could declare an order absent while
 * the first is still sending it, so it is refused at start with who holds the lock. A crash ends the
 * holder's connection, and with it the lock, so the next start is never blocked by a dead process.
 */

/** Advisory lock keys are per database: the same pair on another database does not conflict. */
const LOCK_KEYS = [0x53594e54, 0x44525652] as const; // "SYNT", "DRVR"
const HOLDER_TAG = 'synthex-driver:';

/** Who drives a User Data DB, as the refused process's message names it. */
export interface DriverIdentity {
  app: 'desktop' | 'headless';
  pid: number;
  host: string;
  dataDir: string;
  /** When the process started (ISO 8601). */
  startedAt: string;
}

export function thisProcess(dataDir: string): DriverIdentity {
  return {
    app: process.versions.electron ? 'desktop' : 'headless',
    pid: process.pid,
    host: hostname(),
    dataDir: resolve(dataDir),
    startedAt: new Date(Date.now() - process.uptime() * 1000).toISOString(),
  };
}

/** Another process drives this User Data DB: the process must not start driving positions. */
export class DriverConflictError extends Error {
  override readonly name = 'DriverConflictError';
  constructor(
    message: string,
    /** The holder, when its identity could be read. */
    readonly holder: DriverIdentity | null,
  ) {
    super(message);
  }
}

export interface DriverLock {
  /** Ends the lock's connection (the lock goes with it). */
  release(): Promise<void>;
}

export interface DriverLockOptions {
  connection: pg.ClientConfig;
  identity: DriverIdentity;
  logger: Logger;
  /** The lock was lost (its connection dropped) and another process took it before it was taken back. */
  onConflict?: (error: DriverConflictError) => void;
  /** When to try to take a lost lock back; by default after 1 s, doubling to 30 s. Tests step it. */
  scheduleRetry?: (retry: () => void, attempt: number) => void;
}

/**
 * Takes the lock or throws DriverConflictError naming the holder. While held, a dropped connection
 * (server restart, terminated backend) is retried on a new one; should another process hold the lock
 * by then, `onConflict` says so and nothing is retried any more.
 */
export async function takeDriverLock(options: DriverLockOptions): Promise<DriverLock> {
  const { logger } = options;
  let released = false;
  let client = await tryLock(options);
  const scheduleRetry =
    options.scheduleRetry ??
    ((retry, attempt) => setTimeout(retry, Math.min(30_000, 1000 * 2 ** attempt)).unref());

  const watch = (held: pg.Client) => {
    let lost = false;
    const onLost = (reason: string) => {
      if (lost || released) return;
      lost = true;
      logger.error('lost the User Data DB driver lock; taking it back', { reason });
      retakeFrom(0);
    };
    held.on('error', (error) => onLost(error.message));
    held.on('end', () => onLost('connection ended'));
  };
  const retakeFrom = (attempt: number) =>
    scheduleRetry(() => {
      if (released) return;
      tryLock(options).then(
        (taken) => {
          if (released) return void taken.end().catch(() => undefined);
          client = taken;
          watch(taken);
          logger.info('took the User Data DB driver lock back');
        },
        (error: unknown) => {
          if (released) return;
          // Our own dropped session may hold the lock for a moment longer than its socket lives.
          if (error instanceof DriverConflictError && !sameProcess(error.holder, options.identity)) {
            logger.error('another process took the User Data DB driver lock', { error: error.message });
            return options.onConflict?.(error);
          }
          retakeFrom(attempt + 1); // the server is still away
        },
      );
    }, attempt);

  watch(client);
  return {
    async release() {
      released = true;
      await client.end().catch(() => undefined);
    },
  };
}

/** A connected client holding the lock, or DriverConflictError naming the holder. */
async function tryLock(options: DriverLockOptions): Promise<pg.Client> {
  const { identity } = options;
  const client = new pg.Client({
    ...options.connection,
    // Shown by pg_stat_activity to anyone, and cut to 63 bytes by the server.
    application_name: `Synthex ${identity.app} pid ${identity.pid} on ${identity.host}`.slice(0, 63),
  });
  client.on('error', () => undefined); // until watched: a failure surfaces through the query below
  await client.connect();
  try {
    for (let attempt = 0; ; attempt += 1) {
      // The identity is a literal (base64, nothing to escape), not a parameter, so pg_stat_activity.query
      // shows it for as long as this connection stays idle: that is how a refused process names us.
      const tag = HOLDER_TAG + Buffer.from(JSON.stringify(identity)).toString('base64');
      const taken = await client.query<{ taken: boolean }>(
        `SELECT pg_try_advisory_lock(${LOCK_KEYS[0]}, ${LOCK_KEYS[1]}) AS taken, '${tag}' AS holder`,
      );
      if (taken.rows[0]?.taken) return client;
      const holder = await describeHolder(client);
      // None: released between the two queries. A crashed process on this machine: the server ends its
      // session as soon as it sees the closed socket, a moment after the crash. Both: try again shortly.
      const goingAway = !holder || (holder.identity !== null && isDeadHereAndNow(holder.identity));
      if (goingAway && attempt < 20) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        continue;
      }
      throw new DriverConflictError(conflictMessage(holder, options.connection), holder?.identity ?? null);
    }
  } catch (error) {
    await client.end().catch(() => undefined);
    throw error;
  }
}

interface Holder {
  identity: DriverIdentity | null;
  applicationName: string;
  clientAddress: string | null;
  backendStart: Date;
}

async function describeHolder(client: pg.Client): Promise<Holder | null> {
  // Two int4 keys: classid and objid hold them, objsubid is 2.
  const found = await client.query<{
    application_name: string;
    client_addr: string | null;
    backend_start: Date;
    query: string | null;
  }>(
    `SELECT a.application_name, a.client_addr::text AS client_addr, a.backend_start, a.query
       FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
      WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2
        AND l.classid = ${LOCK_KEYS[0]} AND l.objid = ${LOCK_KEYS[1]}
        AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
  );
  const row = found.rows[0];
  if (!row) return null;
  return {
    identity: parseIdentity(row.query),
    applicationName: row.application_name,
    clientAddress: row.client_addr,
    backendStart: row.backend_start,
  };
}

/** A holder on this host whose process no longer exists (a crash, a SIGKILL). */
function isDeadHereAndNow(holder: DriverIdentity): boolean {
  if (holder.host !== hostname()) return false;
  try {
    process.kill(holder.pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

function sameProcess(a: DriverIdentity | null, b: DriverIdentity): boolean {
  return a !== null && a.pid === b.pid && a.host === b.host && a.startedAt === b.startedAt;
}

/** The holder's identity from its last query, or null when it cannot be read (another database role). */
function parseIdentity(query: string | null): DriverIdentity | null {
  const encoded = query?.match(/synthex-driver:([A-Za-z0-9+/=]+)/)?.[1];
  if (!encoded) return null;
  try {
    const value = JSON.parse(Buffer.from(encoded, 'base64').toString('utf8')) as DriverIdentity;
    return typeof value.pid === 'number' && typeof value.dataDir === 'string' ? value : null;
  } catch {
    return null;
  }
}

function conflictMessage(holder: Holder | null, connection: pg.ClientConfig): string {
  const database = connection.database ?? databaseOf(connection.connectionString);
  const where = `the User Data DB${database ? ` "${database}"` : ''}`;
  const who = !holder
    ? 'another Synthex process'
    : holder.identity
      ? `Synthex (${holder.identity.app === 'desktop' ? 'the desktop app' : 'headless mode'}, pid ` +
        `${holder.identity.pid} on ${holder.identity.host}, data directory ${holder.identity.dataDir}, ` +
        `started ${holder.identity.startedAt})`
      : `"${holder.applicationName || 'another client'}"${holder.clientAddress ? ` from ${holder.clientAddress}` : ''}, ` +
        `connected since ${holder.backendStart.toISOString()}`;
  return (
    `Synthex is already running on ${where}: ${who} drives its positions. Two processes on one database ` +
    'would resume the same positions and could send the same orders twice, so this one stops. Quit the ' +
    'other one first, or give this one its own databases.'
  );
}

function databaseOf(url: string | undefined): string | null {
  if (!url) return null;
  try {
    return decodeURIComponent(new URL(url).pathname.slice(1)) || null;
  } catch {
    return null;
  }
}
