import { sql, type Kysely } from 'kysely';
import { Dec } from '../../../shared/decimal';
import type { Performance } from '../../../shared/domain/performance';
import type { UserDb } from '../db';
import { positionNotFound } from '../positions/position-queries';
import { getPositionRow, type PositionRow } from '../ledger/position-repository';
import { BENCHMARK_SYMBOL, benchmarksOf, minuteMarks } from './benchmark-repository';
import { performanceOf } from './performance-series';

type Db = Kysely<UserDb>;

export interface PerformanceDeps {
  db: () => Db;
  /** The live PnL of an ACTIVE position (the PnL engine's), or null when it does not follow it. */
  livePnl(id: number): { realized: Dec; unrealized: Dec } | null;
  /** BTC's mark now for the profile's environment, or null. */
  benchmarkMark(profileId: number): Promise<Dec | null>;
  now(): number;
}

export interface CashFigures {
  fundingPaid: Dec;
  feesPaid: Dec;
  turnover: Dec;
}

/** Funding, fees and traded value per position, in two statements. */
export async function cashFigures(db: Db, ids: readonly number[]): Promise<Map<number, CashFigures>> {
  const result = new Map<number, CashFigures>(
    ids.map((id) => [id, { fundingPaid: new Dec(0), feesPaid: new Dec(0), turnover: new Dec(0) }]),
  );
  if (ids.length === 0) return result;
  const [trades, funding] = await Promise.all([
    db
      .selectFrom('trades')
      .where('position_id', 'in', [...ids])
      .groupBy('position_id')
      .select([
        'position_id',
        sql<string>`coalesce(sum(fee), 0)::text`.as('fees'),
        sql<string>`coalesce(sum(abs(quantity * price)), 0)::text`.as('turnover'),
      ])
      .execute(),
    db
      .selectFrom('position_funding')
      .where('position_id', 'in', [...ids])
      .groupBy('position_id')
      .select(['position_id', sql<string>`sum(amount)::text`.as('paid')])
      .execute(),
  ]);
  for (const row of trades) {
    const figures = result.get(row.position_id)!;
    figures.feesPaid = new Dec(row.fees);
    figures.turnover = new Dec(row.turnover);
  }
  for (const row of funding) result.get(row.position_id)!.fundingPaid = new Dec(row.paid);
  return result;
}

const isFinal = (row: PositionRow) => row.status === 'CLOSED' || row.status === 'FAILED';
const ms = (value: Date | string) => new Date(value).getTime();

/** The position's NAV now: the final realised PnL once closed; otherwise the live figure (else the stored one). */
export function endNavOf(row: PositionRow, live: { realized: Dec; unrealized: Dec } | null): Dec {
  if (isFinal(row)) return new Dec(row.realized_pnl ?? 0);
  if (live) return live.realized.plus(live.unrealized);
  return new Dec(row.unrealized_pnl);
}

/** `positions.performance`: the position's NAV per minute next to BTC, and its stats. */
export async function positionPerformance(deps: PerformanceDeps, id: number): Promise<Performance> {
  const db = deps.db();
  const row = await getPositionRow(db, id);
  if (!row) throw positionNotFound(id);
  const openedAt = ms(row.opened_at ?? row.created_at);
  const final = isFinal(row);
  const endAt = final ? ms(row.closed_at ?? row.updated_at) : deps.now();
  const [snapshots, benchmarks, cash] = await Promise.all([
    db
      .selectFrom('position_pnl_snapshots')
      .where('position_id', '=', id)
      .orderBy('minute')
      .select(['minute', sql<string>`(unrealized_pnl + realized_pnl)::text`.as('nav')])
      .execute(),
    benchmarksOf(db, [id]),
    cashFigures(db, [id]),
  ]);
  const benchmark = benchmarks.get(id);
  const marks = await minuteMarks(db, row.environment, new Date(openedAt), new Date(endAt));
  const lastMark = final
    ? (benchmark?.closeMark ?? null)
    : await deps.benchmarkMark(row.user_id).catch(() => null);
  return performanceOf({
    usdtSize: new Dec(row.usdt_size),
    openedAt,
    endAt,
    snapshots: snapshots.map((s) => ({ minute: ms(s.minute), nav: new Dec(s.nav) })),
    endNav: endNavOf(row, final ? null : deps.livePnl(id)),
    benchmark: {
      symbol: benchmark?.symbol ?? BENCHMARK_SYMBOL,
      openMark: benchmark?.openMark ?? null,
      minuteMarks: marks,
      lastMark,
    },
    ...cash.get(id)!,
  });
}
