import { sql, type Kysely } from 'kysely';
import { Dec } from '../../../shared/decimal';
import type { UserDb } from '../db';

type Db = Kysely<UserDb>;

/** The instrument positions are compared with ("how is this doing against just holding BTC?"). */
export const BENCHMARK_SYMBOL = 'BTCUSDT';

export interface PositionBenchmark {
  symbol: string;
  openMark: Dec;
  openedAt: Date;
  closeMark: Dec | null;
  closedAt: Date | null;
}

/** BTC's mark when the position became ACTIVE; the first one recorded stays. */
export async function recordOpenMark(db: Db, positionId: number, mark: Dec, at: Date): Promise<void> {
  await db
    .insertInto('position_benchmarks')
    .values({ position_id: positionId, symbol: BENCHMARK_SYMBOL, open_mark: mark.toFixed(), opened_at: at })
    .onConflict((conflict) => conflict.column('position_id').doNothing())
    .execute();
}

/** BTC's mark when the position closed (once). */
export async function recordCloseMark(db: Db, positionId: number, mark: Dec, at: Date): Promise<void> {
  await db
    .updateTable('position_benchmarks')
    .set({ close_mark: mark.toFixed(), closed_at: at })
    .where('position_id', '=', positionId)
    .where('close_mark', 'is', null)
    .execute();
}

export async function benchmarksOf(db: Db, ids: readonly number[]): Promise<Map<number, PositionBenchmark>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('position_benchmarks')
    .selectAll()
    .where('position_id', 'in', [...ids])
    .execute();
  return new Map(
    rows.map((row) => [
      row.position_id,
      {
        symbol: row.symbol,
        openMark: new Dec(row.open_mark),
        openedAt: new Date(row.opened_at),
        closeMark: row.close_mark === null ? null : new Dec(row.close_mark),
        closedAt: row.closed_at === null ? null : new Date(row.closed_at),
      },
    ]),
  );
}

/** The benchmark's mark for a whole minute of an environment; a rewrite updates it. */
export async function writeMinuteMark(db: Db, environment: string, minute: Date, mark: Dec): Promise<void> {
  await db
    .insertInto('benchmark_marks')
    .values({ environment, symbol: BENCHMARK_SYMBOL, minute, mark: mark.toFixed() })
    .onConflict((conflict) =>
      conflict.columns(['environment', 'symbol', 'minute']).doUpdateSet({ mark: mark.toFixed() }),
    )
    .execute();
}

/** The benchmark's marks per minute (ms) of an environment, from `since` to `until`. */
export async function minuteMarks(
  db: Db,
  environment: string,
  since: Date,
  until: Date,
): Promise<Map<number, Dec>> {
  const rows = await db
    .selectFrom('benchmark_marks')
    .where('environment', '=', environment)
    .where('symbol', '=', BENCHMARK_SYMBOL)
    .where('minute', '>=', since)
    .where('minute', '<=', until)
    .select(['minute', sql<string>`mark::text`.as('mark')])
    .execute();
  return new Map(rows.map((row) => [new Date(row.minute).getTime(), new Dec(row.mark)]));
}

/** Drops minute marks older than `keepDays` (as the PnL snapshots). */
export async function pruneMinuteMarks(db: Db, now: Date, keepDays: number): Promise<number> {
  const cutoff = new Date(now.getTime() - keepDays * 86_400_000);
  const result = await db.deleteFrom('benchmark_marks').where('minute', '<', cutoff).executeTakeFirst();
  return Number(result.numDeletedRows);
}
