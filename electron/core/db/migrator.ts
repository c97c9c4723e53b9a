import pg from 'pg';
import type { Logger } from '../util/logger';
import { loadRenderedRevisions, MigrationRefusedError, type RenderedRevision } from './migration-manifest';

export interface MigrateOptions {
  connection: pg.ClientConfig;
  /** One database's rendered migrations, e.g. `resources/migrations/user_data`. */
  dir: string;
  logger: Logger;
}

export interface MigrateResult {
  /** Revisions this call applied, oldest first (empty when the database was already at head). */
  applied: string[];
  revision: string | null;
}

/**
 * Same key in every Synthex process, so concurrent starts against one database queue up. Advisory
 * locks are per database, so both databases of one cluster can migrate at once.
 */
const MIGRATION_LOCK_KEY = 0x53594e54; // "SYNT"

/**
 * Applies the pending rendered revisions in order, each in its own transaction, under a session
 * advisory lock. The files are Alembic's offline rendering, so they write `alembic_version` exactly
 * as Alembic would. Refuses (MigrationRefusedError, nothing applied) a database at a revision this
 * build does not know, and files that changed since they were rendered.
 */
export async function migrateDatabase(options: MigrateOptions): Promise<MigrateResult> {
  const revisions = await loadRenderedRevisions(options.dir);
  const client = new pg.Client(options.connection);
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      // Read under the lock: another process may have migrated while we waited.
      const current = await readRevision(client);
      const pending = pendingAfter(revisions, current, options.dir);
      const applied: string[] = [];
      for (const revision of pending) {
        await applyOne(client, revision, current === null && applied.length === 0);
        applied.push(revision.revision);
        options.logger.info('migration applied', { dir: options.dir, revision: revision.revision });
      }
      return { applied, revision: applied.at(-1) ?? current };
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await client.end();
  }
}

/** The revision in `alembic_version`, null for an empty database (or one downgraded to base). */
export async function readRevision(client: pg.ClientBase): Promise<string | null> {
  const table = await client.query<{ t: string | null }>(
    "SELECT to_regclass('public.alembic_version')::text AS t",
  );
  if (!table.rows[0]?.t) return null;
  const rows = await client.query<{ version_num: string }>('SELECT version_num FROM alembic_version');
  if (rows.rows.length > 1) {
    throw new MigrationRefusedError(
      `alembic_version holds several heads (${rows.rows.map((r) => r.version_num).join(', ')}); ` +
        'Synthex applies a single line of revisions. Merge the heads with Alembic first.',
    );
  }
  return rows.rows[0]?.version_num ?? null;
}

function pendingAfter(
  revisions: RenderedRevision[],
  current: string | null,
  dir: string,
): RenderedRevision[] {
  if (current === null) return revisions;
  const index = revisions.findIndex((r) => r.revision === current);
  if (index === -1) {
    throw new MigrationRefusedError(
      `The database is at revision ${current}, which this build of Synthex does not know (its migrations in ${dir} ` +
        `end at ${revisions.at(-1)?.revision ?? 'nothing'}). It was probably migrated by a newer Synthex: update the app, ` +
        'or point it at another database. Nothing was changed.',
    );
  }
  return revisions.slice(index + 1);
}

async function applyOne(client: pg.Client, revision: RenderedRevision, fromBase: boolean): Promise<void> {
  await client.query('BEGIN');
  try {
    // `alembic downgrade base` leaves an empty alembic_version behind; the first rendered file
    // creates that table itself, exactly as Alembic's offline mode does, so drop the empty one.
    if (fromBase && revision.downRevision === null)
      await client.query('DROP TABLE IF EXISTS alembic_version');
    await client.query(revision.sql); // simple query protocol: the file's statements run in order
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw new Error(
      `Migration ${revision.revision} (${revision.file}) failed and was rolled back: ${(error as Error).message}`,
    );
  }
}
