/**
 * Shared by the database suites: one real embedded cluster per test file (fresh data directory under
 * os.tmpdir()), catalog snapshots through pg_catalog, and Alembic runs.
 */
import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';
import { startEmbeddedCluster, type EmbeddedCluster } from '../../electron/core/db/embedded-cluster';
import { filePasswordStore } from '../../electron/core/db/password-store';
import { silentLogger } from '../../electron/core/util/logger';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const migrationsDir = join(repoRoot, 'resources', 'migrations');

const tempDirs: string[] = [];

/** A temp directory the "postgres" user can enter (as root the server runs as that user). */
export function makeTempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  chmodSync(dir, 0o755);
  tempDirs.push(dir);
  return dir;
}

/** Each suite calls this in afterAll, once its clusters are stopped. */
export function removeTempDirs(): void {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export interface TestCluster {
  dataDir: string;
  cluster: EmbeddedCluster;
  /** Creates an empty database and returns its connection settings. */
  createDatabase(name: string): Promise<pg.ClientConfig>;
  url(connection: pg.ClientConfig): string;
  close(): Promise<void>;
}

export async function startTestCluster(): Promise<TestCluster> {
  const dataDir = makeTempDir('synthex-db-test-');
  const cluster = await startEmbeddedCluster({
    clusterDir: join(dataDir, 'postgres'),
    passwordStore: filePasswordStore(join(dataDir, 'postgres.password')),
    databases: [],
    logger: silentLogger,
  });
  return {
    dataDir,
    cluster,
    async createDatabase(name) {
      await withClient(cluster.connection('postgres'), (c) =>
        c.query(`CREATE DATABASE ${c.escapeIdentifier(name)}`),
      );
      return cluster.connection(name);
    },
    url: (c) => `postgres://${c.user}:${String(c.password)}@${c.host}:${c.port}/${c.database}`,
    async close() {
      await cluster.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * A pool whose end() waits until its clients' sockets have closed. pg-pool's resolves once it has asked
 * them to close: a cluster stopped right after hits a backend still ending, whose 57P01 ("terminating
 * connection due to administrator command") reaches the pool as an unhandled error and fails the run.
 */
export function testPool(config: pg.PoolConfig): pg.Pool {
  const pool = new pg.Pool(config);
  const ended: Promise<void>[] = [];
  pool.on('connect', (client) => {
    ended.push(new Promise<void>((resolve) => client.once('end', () => resolve())));
  });
  const end = pool.end.bind(pool);
  pool.end = (async () => {
    await end();
    await Promise.all(ended);
  }) as typeof pool.end;
  return pool;
}

export async function withClient<T>(
  connection: pg.ClientConfig,
  fn: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const client = new pg.Client(connection);
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function query<R extends pg.QueryResultRow>(
  connection: pg.ClientConfig,
  sql: string,
): Promise<R[]> {
  return withClient(connection, async (c) => (await c.query<R>(sql)).rows);
}

/**
 * Everything that makes up the public schema, as sorted text rows: tables and sequences, columns
 * (type, nullability, default, identity), constraints (full definition), indexes (full definition).
 */
export async function catalogSnapshot(connection: pg.ClientConfig): Promise<Record<string, string[]>> {
  const sections: Record<string, string> = {
    relations: `SELECT c.relname || ' ' || c.relkind::text AS row FROM pg_class c
      JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind IN ('r','p','v','m','S','f')`,
    columns: `SELECT c.relname || '.' || a.attname || ' #' || a.attnum || ' ' || format_type(a.atttypid, a.atttypmod)
        || CASE WHEN a.attnotnull THEN ' NOT NULL' ELSE '' END
        || ' identity=' || a.attidentity::text
        || COALESCE(' DEFAULT ' || pg_get_expr(d.adbin, d.adrelid), '') AS row
      FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped`,
    constraints: `SELECT c.relname || ' ' || k.conname || ' ' || k.contype::text || ' ' || pg_get_constraintdef(k.oid) AS row
      FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public'`,
    indexes: `SELECT indexname || ' ' || indexdef AS row FROM pg_indexes WHERE schemaname = 'public'`,
    sequences: `SELECT c.relname || ' ' || s.seqtypid::regtype::text || ' ' || s.seqstart || ' ' || s.seqincrement || ' '
        || s.seqmax || ' ' || s.seqmin || ' ' || s.seqcache || ' ' || s.seqcycle::text AS row
      FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public'`,
  };
  const snapshot: Record<string, string[]> = {};
  await withClient(connection, async (client) => {
    for (const [name, sql] of Object.entries(sections)) {
      snapshot[name] = (await client.query<{ row: string }>(sql)).rows.map((r) => r.row).sort();
    }
  });
  return snapshot;
}

export async function versionRows(connection: pg.ClientConfig): Promise<string[]> {
  return withClient(connection, async (c) => {
    const exists = await c.query<{ t: string | null }>(
      "SELECT to_regclass('public.alembic_version')::text AS t",
    );
    if (!exists.rows[0]?.t) return [];
    return (await c.query<{ version_num: string }>('SELECT version_num FROM alembic_version')).rows.map(
      (r) => r.version_num,
    );
  });
}

const execFileAsync = promisify(execFile);

/** `/usr/bin/python3 -m alembic -c alembic/alembic.ini -n <section> <args>` against one database. */
export async function runAlembic(
  section: 'user_data' | 'general_data',
  url: string,
  args: string[],
): Promise<void> {
  const env = {
    ...process.env,
    SYNTHEX_USER_DB_URL: section === 'user_data' ? url : '',
    SYNTHEX_GENERAL_DB_URL: section === 'general_data' ? url : '',
  };
  await execFileAsync(
    '/usr/bin/python3',
    ['-m', 'alembic', '-c', 'alembic/alembic.ini', '-n', section, ...args],
    {
      cwd: repoRoot,
      env,
    },
  );
}
