import { hostname } from 'node:os';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import type { GeneralDb } from '../db';

/**
 * One fetcher per General Data DB: many installs may share one (SYNTHEX_GENERAL_DB_URL), and each asking
 * Bybit for the same two years would spend the desk's IP quota N times. The fetcher holds a session-level
 * advisory lock on a connection of its own for the run; the others read what it writes. A crash ends the
 * connection and the lock with it, so the next run anywhere takes over.
 */
const LOCK_KEYS = [0x53594e54, 0x48495354] as const; // "SYNT", "HIST"
const NAME_PREFIX = 'Synthex history fetcher';

export interface FetchLock {
  release(): Promise<void>;
}

export type FetchLockAttempt = { taken: true; lock: FetchLock } | { taken: false; holder: string };

/** Takes the lock, or says who holds it (their connection's application name and address). */
export async function tryFetchLock(connection: pg.ClientConfig): Promise<FetchLockAttempt> {
  const client = new pg.Client({
    ...connection,
    application_name: `${NAME_PREFIX}, pid ${process.pid} on ${hostname()}`.slice(0, 63),
  });
  client.on('error', () => undefined); // a dropped connection ends the lock; the run's own queries fail
  await client.connect();
  try {
    const taken = await client.query<{ taken: boolean }>(
      `SELECT pg_try_advisory_lock(${LOCK_KEYS[0]}, ${LOCK_KEYS[1]}) AS taken`,
    );
    if (taken.rows[0]?.taken)
      return { taken: true, lock: { release: () => client.end().catch(() => undefined) } };
    const holder = await client.query<{ name: string; addr: string | null }>(holderQuery);
    await client.end();
    const row = holder.rows[0];
    return {
      taken: false,
      holder: row
        ? `${row.name || 'another client'}${row.addr ? ` from ${row.addr}` : ''}`
        : 'another process',
    };
  } catch (error) {
    await client.end().catch(() => undefined);
    throw error;
  }
}

// Two int4 keys: classid and objid hold them, objsubid is 2.
const holderQuery = `SELECT a.application_name AS name, a.client_addr::text AS addr
   FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
  WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2
    AND l.classid = ${LOCK_KEYS[0]} AND l.objid = ${LOCK_KEYS[1]}
    AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())`;

/** Who fetches the market history into this database right now, or null when nobody does. */
export async function currentFetcher(db: Kysely<GeneralDb>): Promise<string | null> {
  const result = await sql<{ name: string; addr: string | null }>`${sql.raw(holderQuery)}`.execute(db);
  const row = result.rows[0];
  return row ? `${row.name || 'another client'}${row.addr ? ` from ${row.addr}` : ''}` : null;
}
