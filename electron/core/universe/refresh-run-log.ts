import { sql, type Kysely, type Selectable } from 'kysely';
import type { RefreshReason, RefreshRun } from '../../../shared/domain/universe';
import type { GeneralDb } from '../db';

type RunRow = Selectable<GeneralDb['universe_refresh_runs']>;

/** `universe_refresh_runs`: every refresh, started and finished, so the UI can say how the last one went. */
export class RefreshRunLog {
  constructor(private readonly db: Kysely<GeneralDb>) {}

  async start(reason: RefreshReason): Promise<RefreshRun> {
    const row = await this.db
      .insertInto('universe_refresh_runs')
      .values({ reason })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toRun(row);
  }

  async finish(
    id: number,
    outcome: { status: 'succeeded'; fetchDate: string; assets: number } | { status: 'failed'; error: string },
  ): Promise<RefreshRun> {
    const row = await this.db
      .updateTable('universe_refresh_runs')
      .set({
        status: outcome.status,
        finished_at: sql`now()`,
        // Measured by the database clock at both ends, so app clock changes cannot make it negative.
        duration_ms: sql<number>`greatest(0, round(extract(epoch from (now() - started_at)) * 1000))::integer`,
        ...(outcome.status === 'succeeded'
          ? { fetch_date: outcome.fetchDate, assets: outcome.assets, error: null }
          : { error: outcome.error }),
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    return toRun(row);
  }

  async lastFinished(): Promise<RefreshRun | null> {
    const row = await this.db
      .selectFrom('universe_refresh_runs')
      .selectAll()
      .where('status', '!=', 'running')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row ? toRun(row) : null;
  }

  /** The newest successful run for a date: the one whose rows that day's snapshot holds. */
  async lastSucceededFor(fetchDate: string): Promise<RefreshRun | null> {
    const row = await this.db
      .selectFrom('universe_refresh_runs')
      .selectAll()
      .where('status', '=', 'succeeded')
      .where('fetch_date', '=', fetchDate)
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row ? toRun(row) : null;
  }

  /** Runs left 'running' by an app that stopped mid-refresh are closed as failed at the next start. */
  async closeInterrupted(): Promise<number> {
    const result = await this.db
      .updateTable('universe_refresh_runs')
      .set({
        status: 'failed',
        finished_at: sql`now()`,
        error: 'Interrupted: Synthex stopped during this refresh',
      })
      .where('status', '=', 'running')
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }
}

function toRun(row: RunRow): RefreshRun {
  return {
    id: row.id,
    reason: row.reason as RefreshReason,
    status: row.status as RefreshRun['status'],
    startedAt: new Date(row.started_at).toISOString(),
    finishedAt: row.finished_at ? new Date(row.finished_at).toISOString() : null,
    durationMs: row.duration_ms,
    fetchDate: row.fetch_date,
    assets: row.assets,
    error: row.error,
  };
}
