import { sql, type Kysely } from 'kysely';
import type { MarketHistoryState } from '../../../shared/domain/market-history';
import type { GeneralDb } from '../db';

/** What the General Data DB holds of the market history, whoever fetched it: for the Universe page. */
export async function storedHistory(db: Kysely<GeneralDb>): Promise<MarketHistoryState['stored']> {
  const [marks, funding, listedLater] = await Promise.all([
    db
      .selectFrom('daily_mark_klines')
      .select([
        sql<string>`count(*)`.as('days'),
        sql<string>`count(DISTINCT symbol)`.as('symbols'),
        (eb) => eb.fn.min('day').as('first'),
        (eb) => eb.fn.max('day').as('last'),
      ])
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('funding_settlements')
      .select(sql<string>`count(*)`.as('rows'))
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('market_history_coverage')
      .select(sql<string>`count(*)`.as('rows'))
      .where('series', '=', 'mark_daily')
      .where('reached_start', '=', true)
      .executeTakeFirstOrThrow(),
  ]);
  return {
    symbols: Number(marks.symbols),
    firstDay: marks.first ?? null,
    lastDay: marks.last ?? null,
    markDays: Number(marks.days),
    fundingSettlements: Number(funding.rows),
    listedLater: Number(listedLater.rows),
  };
}
