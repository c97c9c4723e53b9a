import { sql, type Kysely, type Transaction } from 'kysely';
import type { GeneralDb } from '../db';
import type { FundingSettlement, MarkCandle } from './history-client';

export type Series = 'mark_daily' | 'funding';

/**
 * What is stored of one symbol's series: every record with a time from `from` to `to` (ms, both included),
 * none missing in between; `reachedStart` once Bybit had nothing older (the listing).
 */
export interface Coverage {
  from: number;
  to: number;
  reachedStart: boolean;
}

const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
/** Rows per INSERT: far under Postgres's 65 535 parameters. */
const chunk = 1000;

function chunks<T>(rows: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += chunk) out.push(rows.slice(i, i + chunk));
  return out;
}

/**
 * The market history in the General Data DB. Every page is written together with the coverage it
 * extends, in one transaction: a fetch killed at any moment leaves rows and coverage that agree, and
 * the next run goes on from the coverage. Rows are keyed by (symbol, time), so a page fetched twice
 * adds nothing.
 */
export class HistoryStore {
  constructor(private readonly db: Kysely<GeneralDb>) {}

  async coverage(symbol: string, series: Series): Promise<Coverage | null> {
    const row = await this.db
      .selectFrom('market_history_coverage')
      .select(['covered_from', 'covered_to', 'reached_start'])
      .where('symbol', '=', symbol)
      .where('series', '=', series)
      .executeTakeFirst();
    return row
      ? {
          from: new Date(row.covered_from).getTime(),
          to: new Date(row.covered_to).getTime(),
          reachedStart: row.reached_start,
        }
      : null;
  }

  async saveMarks(symbol: string, candles: readonly MarkCandle[], coverage: Coverage): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      for (const part of chunks(candles))
        await trx
          .insertInto('daily_mark_klines')
          .values(
            part.map((c) => ({
              symbol,
              day: dayOf(c.start),
              open: c.open,
              high: c.high,
              low: c.low,
              close: c.close,
            })),
          )
          .onConflict((oc) => oc.columns(['symbol', 'day']).doNothing())
          .execute();
      await this.writeCoverage(trx, symbol, 'mark_daily', coverage);
    });
  }

  async saveFunding(
    symbol: string,
    settlements: readonly FundingSettlement[],
    coverage: Coverage,
  ): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      for (const part of chunks(settlements))
        await trx
          .insertInto('funding_settlements')
          .values(part.map((s) => ({ symbol, funding_time: new Date(s.time), rate: s.rate })))
          .onConflict((oc) => oc.columns(['symbol', 'funding_time']).doNothing())
          .execute();
      await this.writeCoverage(trx, symbol, 'funding', coverage);
    });
  }

  /** Forgets what is older than `cutoff` (ms): the history is kept two years. */
  async prune(cutoff: number): Promise<void> {
    const at = new Date(cutoff);
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('daily_mark_klines').where('day', '<', dayOf(cutoff)).execute();
      await trx.deleteFrom('funding_settlements').where('funding_time', '<', at).execute();
      // A series entirely before the cutoff is gone; the others now start at it at the earliest.
      await trx.deleteFrom('market_history_coverage').where('covered_to', '<', at).execute();
      await trx
        .updateTable('market_history_coverage')
        .set({ covered_from: at })
        .where('covered_from', '<', at)
        .execute();
    });
  }

  /**
   * The symbols worth fetching, best first: the `depth` best-ranked perpetuals of every snapshot since
   * `sinceDay` (so each rebalance date's members; ranks are CoinGecko's, with gaps where a coin has no
   * perpetual, hence positions rather than ranks), plus `extra` (the benchmark, baskets' coins).
   */
  async symbolsToFetch(sinceDay: string, depth: number, extra: readonly string[]): Promise<string[]> {
    const result = await sql<{ symbol: string }>`
      SELECT symbol FROM (
        SELECT symbol, market_cap_rank,
               row_number() OVER (PARTITION BY fetch_date ORDER BY market_cap_rank, symbol) AS position
          FROM daily_tradable_assets WHERE fetch_date >= ${sinceDay}
      ) ranked
      WHERE position <= ${depth}
      GROUP BY symbol ORDER BY min(market_cap_rank), symbol`.execute(this.db);
    return [...new Set([...extra, ...result.rows.map((row) => row.symbol)])];
  }

  private async writeCoverage(
    trx: Transaction<GeneralDb>,
    symbol: string,
    series: Series,
    coverage: Coverage,
  ): Promise<void> {
    const values = {
      covered_from: new Date(coverage.from),
      covered_to: new Date(coverage.to),
      reached_start: coverage.reachedStart,
      updated_at: sql<Date>`now()`,
    };
    await trx
      .insertInto('market_history_coverage')
      .values({ symbol, series, ...values })
      .onConflict((oc) => oc.columns(['symbol', 'series']).doUpdateSet(values))
      .execute();
  }
}
