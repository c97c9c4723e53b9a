import { join } from 'node:path';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { DatabaseStatusSource } from '../system/database-status';
import type { Logger } from '../util/logger';
import { createDatabaseStatusSource, type DatabaseProbe } from './database-status-source';
import { takeDriverLock, thisProcess, type DriverConflictError, type DriverLock } from './driver-lock';
import { startEmbeddedCluster, type EmbeddedCluster } from './embedded-cluster';
import type { DB as GeneralDb } from './general-db.types';
import { readManifest } from './migration-manifest';
import { migrateDatabase } from './migrator';
import { filePasswordStore, type ClusterPasswordStore } from './password-store';
import { synthexPgTypes } from './pg-types';
import type { DB as UserDb } from './user-db.types';

export type { GeneralDb, UserDb };

export interface OpenDatabasesOptions {
  /** App data directory: the embedded cluster lives in `<dataDir>/postgres`, its password in `<dataDir>/postgres.password`. */
  dataDir: string;
  /** External User Data DB (postgres:// URL); when set, no embedded database serves this role. */
  userDbUrl?: string | undefined;
  /** External General Data DB; when both URLs are set, no cluster starts at all. */
  generalDbUrl?: string | undefined;
  /** Rendered migrations root (the app passes `resources/migrations`), holding `user_data/` and `general_data/`. */
  migrationsDir: string;
  logger: Logger;
  /** Defaults to a 0600 file next to the cluster; the credential issue swaps in the key protector. */
  passwordStore?: ClusterPasswordStore;
  /**
   * The driver lock (driver-lock.ts) was lost after start and another process holds it now: the entry
   * point stops this one before it drives anything more.
   */
  onDriverConflict?: (error: DriverConflictError) => void;
}

export interface OpenDatabases {
  user: Kysely<UserDb>;
  general: Kysely<GeneralDb>;
  status: DatabaseStatusSource;
  /**
   * How to reach each database, for a process that needs its own connection (the poller). Holds the
   * password: hand it over a private channel (IPC message), never through argv or the environment.
   */
  connections: Record<Role, pg.ClientConfig>;
  /** Ends both pools, releases the driver lock, then stops the embedded cluster if one was started. */
  close(): Promise<void>;
}

export const EMBEDDED_DATABASES = { user: 'synthex_user', general: 'synthex_general' } as const;
export const MIGRATION_DIRS = { user: 'user_data', general: 'general_data' } as const;

type Role = keyof typeof EMBEDDED_DATABASES;

/**
 * Starts what is needed (the embedded cluster unless both URLs are set), takes the User Data DB's
 * driver lock, migrates both databases to this build's head and returns one typed Kysely per database.
 * Throws, with everything it started stopped again, when a database is unreachable or refused (newer
 * revision, changed migration file), and DriverConflictError when another process drives the User
 * Data DB (or runs the embedded cluster): then nothing was migrated.
 */
export async function openDatabases(options: OpenDatabasesOptions): Promise<OpenDatabases> {
  const { logger } = options;
  const urls: Record<Role, string | undefined> = {
    user: normaliseUrl(options.userDbUrl),
    general: normaliseUrl(options.generalDbUrl),
  };
  if (urls.user && urls.user === urls.general) {
    // Both histories would share one alembic_version table; refuse before touching anything.
    throw new Error(
      'SYNTHEX_USER_DB_URL and SYNTHEX_GENERAL_DB_URL point at the same database; give each role its own database.',
    );
  }
  const embeddedRoles = (['user', 'general'] as const).filter((role) => !urls[role]);
  let cluster: EmbeddedCluster | undefined;
  let driverLock: DriverLock | undefined;
  const pools: pg.Pool[] = [];
  try {
    if (embeddedRoles.length > 0) {
      cluster = await startEmbeddedCluster({
        clusterDir: join(options.dataDir, 'postgres'),
        passwordStore: options.passwordStore ?? filePasswordStore(join(options.dataDir, 'postgres.password')),
        databases: embeddedRoles.map((role) => EMBEDDED_DATABASES[role]),
        logger,
      });
    }
    const connectionFor = (role: Role): pg.ClientConfig => {
      const url = urls[role];
      if (url) return { connectionString: url };
      return cluster!.connection(EMBEDDED_DATABASES[role]);
    };
    // Before migrating: a second process (perhaps a newer build) must not change the schema under the
    // one that drives the positions.
    driverLock = await takeDriverLock({
      connection: connectionFor('user'),
      identity: thisProcess(options.dataDir),
      logger,
      onConflict: options.onDriverConflict,
    });

    const probes = {} as Record<Role, DatabaseProbe>;
    // allSettled: never stop the cluster under a migration that is still running.
    const results = await Promise.allSettled(
      (['user', 'general'] as const).map(async (role) => {
        const dir = join(options.migrationsDir, MIGRATION_DIRS[role]);
        const connection = connectionFor(role);
        const { revision, applied } = await migrateDatabase({ connection, dir, logger });
        logger.info('migrations checked', { role, revision, applied: applied.length });
        const pool = new pg.Pool({
          ...connection,
          types: synthexPgTypes,
          max: 5,
          connectionTimeoutMillis: 5_000,
        });
        // A client losing its server (external server restart, cluster stop) must not crash the app:
        // the pool covers idle clients, and this listener covers clients in the middle of a query,
        // whose query then fails on its own.
        const lost = (error: Error) =>
          logger.warn('database connection lost', { role, error: error.message });
        pool.on('error', lost);
        pool.on('connect', (client) => client.on('error', lost));
        pools.push(pool);
        probes[role] = {
          role,
          mode: urls[role] ? 'external' : 'embedded',
          pool,
          expectedRevision: (await readManifest(dir)).head,
        };
      }),
    );
    const failed = results.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;

    const user = new Kysely<UserDb>({ dialect: new PostgresDialect({ pool: probes.user.pool }) });
    const general = new Kysely<GeneralDb>({ dialect: new PostgresDialect({ pool: probes.general.pool }) });
    let closed = false;
    return {
      user,
      general,
      status: createDatabaseStatusSource(probes),
      connections: { user: connectionFor('user'), general: connectionFor('general') },
      close: async () => {
        if (closed) return;
        closed = true;
        await Promise.all([user.destroy(), general.destroy()]);
        await driverLock?.release();
        await cluster?.stop();
        logger.info('databases closed');
      },
    };
  } catch (error) {
    await Promise.all(pools.map((pool) => pool.end().catch(() => undefined)));
    await driverLock?.release();
    await cluster?.stop().catch(() => undefined);
    throw error;
  }
}

/** Empty means "not set"; an SQLAlchemy-style scheme (postgresql+psycopg2://) is accepted as Alembic accepts it. */
function normaliseUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  return url.replace(/^postgresql\+\w+:\/\//, 'postgresql://');
}
