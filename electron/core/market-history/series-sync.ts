import { fundingPageLimit, klinePageLimit, type HistoryClient } from './history-client';
import type { Coverage, HistoryStore } from './history-store';

export const dayMs = 86_400_000;
const hourMs = 3_600_000;
/** A settlement shows in Bybit's history within moments; ten minutes of margin keeps coverage honest. */
export const fundingSettleMarginMs = 10 * 60_000;

export interface SeriesSyncContext {
  client: HistoryClient;
  store: HistoryStore;
  /** The moment this run counts from (ms): today is the UTC day that holds it. */
  now: number;
  /** How far back the history goes (days). */
  keepDays: number;
  /** Stops between requests (the app is stopping). */
  signal?: AbortSignal;
}

export interface SeriesSyncResult {
  rows: number;
}

const dayStart = (ms: number) => Math.floor(ms / dayMs) * dayMs;

function checkAbort(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new Error('the market-history fetch was stopped');
}

/**
 * Brings one series up to date, in two directions: forward, the gap from what is stored to now, written
 * in one transaction with its coverage (never half a gap); backward, page by page from the oldest stored
 * record to the kept depth or the listing, each page with its coverage. A run killed anywhere resumes from
 * the coverage: no gap, nothing fetched twice that was written.
 */
async function syncSeries<R extends { time: number }>(
  context: SeriesSyncContext,
  series: {
    newest: number;
    depth: number;
    read(): Promise<Coverage | null>;
    /** Records within [lo, hi], newest first, at most `limit`. */
    page(lo: number, hi: number): Promise<R[]>;
    limit: number;
    /** The record before `time` is at the latest `time - step` (a day for candles, 1 ms for funding). */
    step: number;
    due(coverage: Coverage): boolean;
    save(records: R[], coverage: Coverage): Promise<void>;
  },
): Promise<SeriesSyncResult> {
  let rows = 0;
  let coverage = await series.read();
  // A coverage that ended before the kept depth cannot be joined to today without a hole: start again.
  if (coverage && coverage.to < series.depth) coverage = null;
  if (coverage && coverage.to < series.newest && series.due(coverage)) {
    const gap: R[] = [];
    for (let hi = series.newest; ;) {
      checkAbort(context.signal);
      const page = await series.page(coverage.to + series.step, hi);
      gap.push(...page.filter((r) => r.time > coverage!.to && r.time <= series.newest));
      if (page.length < series.limit) break;
      hi = Math.min(...page.map((r) => r.time)) - series.step;
    }
    coverage = { ...coverage, to: series.newest };
    await series.save(gap, coverage);
    rows += gap.length;
  }
  while (!coverage || (!coverage.reachedStart && coverage.from > series.depth)) {
    checkAbort(context.signal);
    const hi = coverage ? coverage.from - series.step : series.newest;
    const page = await series.page(series.depth, hi);
    const kept = page.filter((r) => r.time >= series.depth && r.time <= hi);
    const full = page.length >= series.limit;
    const oldest = kept.length > 0 ? Math.min(...kept.map((r) => r.time)) : null;
    coverage = {
      from: full && oldest !== null ? oldest : series.depth,
      to: coverage?.to ?? series.newest,
      // Bybit had nothing older than what it sent, and that was not yet the kept depth: the listing.
      reachedStart: !full && (oldest === null || oldest > series.depth),
    };
    await series.save(kept, coverage);
    rows += kept.length;
  }
  return { rows };
}

/** Daily mark-price candles: closed days only (today's candle is still moving). */
export function syncDailyMarks(context: SeriesSyncContext, symbol: string): Promise<SeriesSyncResult> {
  const today = dayStart(context.now);
  return syncSeries(context, {
    newest: today - dayMs,
    depth: today - context.keepDays * dayMs,
    read: () => context.store.coverage(symbol, 'mark_daily'),
    page: async (lo, hi) =>
      (await context.client.dailyMarks(symbol, lo, hi)).map((candle) => ({ ...candle, time: candle.start })),
    limit: klinePageLimit,
    step: dayMs,
    due: () => true,
    save: (records, coverage) => context.store.saveMarks(symbol, records, coverage),
  });
}

/** Funding settlements up to ten minutes ago, at whatever interval the symbol had. */
export function syncFunding(context: SeriesSyncContext, symbol: string): Promise<SeriesSyncResult> {
  return syncSeries(context, {
    newest: context.now - fundingSettleMarginMs,
    depth: dayStart(context.now) - context.keepDays * dayMs,
    read: () => context.store.coverage(symbol, 'funding'),
    page: (lo, hi) => context.client.funding(symbol, lo, hi),
    limit: fundingPageLimit,
    step: 1,
    // Settlements fall on whole hours: without one since the coverage ends, there is nothing to ask.
    due: (coverage) =>
      Math.floor((context.now - fundingSettleMarginMs) / hourMs) > Math.floor(coverage.to / hourMs),
    save: (records, coverage) => context.store.saveFunding(symbol, records, coverage),
  });
}
