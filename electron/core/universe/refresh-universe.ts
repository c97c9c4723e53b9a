import type { BybitInstrument, BybitTicker, CoinGeckoMarketRow, MappingReport, UniverseRow } from './types';
import { buildUniverseSnapshot } from './universe-snapshot';

/** Where a refresh reads from: Bybit's public market data and CoinGecko's ranks. */
export interface UniverseFeeds {
  instruments(): Promise<BybitInstrument[]>;
  tickers(): Promise<BybitTicker[]>;
  marketCaps(pages: number, onPage: (page: number) => void): Promise<CoinGeckoMarketRow[]>;
}

/** Replaces one day's snapshot in a single transaction: all of the new rows or none of them. */
export interface SnapshotWriter {
  replaceSnapshot(fetchDate: string, rows: readonly UniverseRow[]): Promise<void>;
}

export const refreshStages = ['instruments', 'tickers', 'market-caps', 'mapping', 'writing'] as const;
export type RefreshStage = (typeof refreshStages)[number];

export interface RefreshProgress {
  stage: RefreshStage;
  /** Steps finished out of the total, for a progress bar. */
  done: number;
  total: number;
  message: string;
}

export interface RefreshSummary {
  fetchDate: string;
  assets: number;
  report: MappingReport;
  durationMs: number;
  writeMs: number;
}

/** The UTC calendar day a snapshot belongs to. */
export function utcDate(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/**
 * One universe refresh: instruments, tickers, market caps, mapping, one write. Nothing is written
 * until every source has answered, so a failure anywhere leaves the previous snapshot as it was.
 */
export async function refreshUniverse(options: {
  feeds: UniverseFeeds;
  writer: SnapshotWriter;
  depthPages: number;
  now?: () => Date;
  onProgress?: (progress: RefreshProgress) => void;
}): Promise<RefreshSummary> {
  const now = options.now ?? (() => new Date());
  const started = now();
  const fetchDate = utcDate(started);
  // Steps: instruments, tickers, one per CoinGecko page, mapping, writing.
  const pages = options.depthPages;
  const total = pages + 4;
  const progress = (stage: RefreshStage, done: number, message: string) =>
    options.onProgress?.({ stage, done, total, message });

  progress('instruments', 0, 'Reading Bybit linear instruments');
  const instruments = await options.feeds.instruments();
  progress('tickers', 1, `Reading 24h turnover for ${instruments.length} instruments`);
  const tickers = await options.feeds.tickers();
  progress('market-caps', 2, `Reading market-cap ranks, page 1 of up to ${pages}`);
  const coins = await options.feeds.marketCaps(pages, (page) => {
    if (page < pages)
      progress('market-caps', 2 + page, `Reading market-cap ranks, page ${page + 1} of up to ${pages}`);
  });
  progress('mapping', pages + 2, `Matching ${coins.length} coins to Bybit perpetuals`);
  const snapshot = buildUniverseSnapshot({ coins, instruments, tickers });
  progress('writing', pages + 3, `Saving ${snapshot.rows.length} assets for ${fetchDate}`);
  const writeStarted = performance.now();
  await options.writer.replaceSnapshot(fetchDate, snapshot.rows);
  const writeMs = performance.now() - writeStarted;
  return {
    fetchDate,
    assets: snapshot.rows.length,
    report: snapshot.report,
    durationMs: now().getTime() - started.getTime(),
    writeMs,
  };
}
