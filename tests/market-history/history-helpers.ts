/** Shared by the market-history suites: waiting for a run, and reading the simulator's history directly. */
import { RestClientV5 } from 'bybit-api';
import type { Kysely } from 'kysely';
import type { GeneralDb } from '../../electron/core/db';
import type { MarketHistoryState } from '../../shared/domain/market-history';
import type { Simulator } from '../sim';
import { waitFor } from '../support/wait-for';

export const DAY = 86_400_000;
export const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Until this process has finished a market-history run that fetched (not skipped, not failed). */
export async function waitForFetchedHistory(
  read: () => Promise<MarketHistoryState>,
  timeoutMs = 120_000,
): Promise<MarketHistoryState> {
  const state = await waitFor(
    async () => {
      const state = await read();
      return state.fetcher !== 'this' && state.lastRun?.outcome === 'done' ? state : null;
    },
    { timeoutMs, intervalMs: 200 },
  );
  return state!;
}

/** Every closed daily mark candle the simulator serves for the symbol, oldest first. */
export async function simDailyMarks(sim: Simulator, symbol: string) {
  const rest = new RestClientV5({ baseUrl: sim.rest });
  const today = Math.floor(Date.now() / DAY) * DAY;
  const res = await rest.getMarkPriceKline({ category: 'linear', symbol, interval: 'D', limit: 1000 });
  return res.result.list
    .map(([start, open, high, low, close]) => ({ start: Number(start), open, high, low, close }))
    .filter((k) => k.start < today)
    .reverse();
}

/** Every funding settlement the simulator serves for the symbol up to `until`, oldest first. */
export async function simFunding(sim: Simulator, symbol: string, until: number) {
  const rest = new RestClientV5({ baseUrl: sim.rest });
  const all: { time: number; rate: string }[] = [];
  for (let end = until; ;) {
    const res = await rest.getFundingRateHistory({
      category: 'linear',
      symbol,
      startTime: 0,
      endTime: end,
      limit: 200,
    });
    const page = res.result.list.map((r) => ({ time: Number(r.fundingRateTimestamp), rate: r.fundingRate }));
    all.push(...page);
    if (page.length < 200) break;
    end = page.at(-1)!.time - 1;
  }
  return all.reverse();
}

/** Rows of a series in the General Data DB, and whether any (symbol, time) is there twice. */
export async function storedRows(db: Kysely<GeneralDb>) {
  const marks = await db
    .selectFrom('daily_mark_klines')
    .select(['symbol', 'day'])
    .orderBy('symbol')
    .orderBy('day')
    .execute();
  const funding = await db
    .selectFrom('funding_settlements')
    .select(['symbol', 'funding_time'])
    .orderBy('symbol')
    .orderBy('funding_time')
    .execute();
  return {
    marks: marks.map((r) => ({ symbol: r.symbol, time: Date.parse(`${r.day}T00:00:00Z`) })),
    funding: funding.map((r) => ({ symbol: r.symbol, time: new Date(r.funding_time).getTime() })),
  };
}
