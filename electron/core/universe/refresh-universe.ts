import type { CoinGeckoWait, TopCoinsHandlers } from './coingecko-client';
import type { BybitInstrument, BybitTicker, CoinGeckoMarketRow, MappingReport, UniverseRow } from './types';
import { buildUniverseSnapshot } from './universe-snapshot';

/** Where a refresh reads from: Bybit's public market data and CoinGecko's ranks. */
export interface UniverseFeeds {
  instruments(): Promise<BybitInstrument[]>;
  tickers(): Promise<BybitTicker[]>;
  marketCaps(pages: number, handlers: Required<TopCoinsHandlers>): Promise<CoinGeckoMarketRow[]>;
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
  let done = 0;
  const progress = (stage: RefreshStage, message: string) =>
    options.onProgress?.({ stage, done, total, message });

  // The three sources do not depend on each other: asked at once, the wait is the slowest of them.
  // Each answer is one step; the bar's message names what is still outstanding.
  const waitingFor = new Map<RefreshStage, string>([
    ['instruments', 'Bybit instruments'],
    ['tickers', 'Bybit 24h tickers'],
    ['market-caps', `CoinGecko ranks (${pages} page${pages === 1 ? '' : 's'})`],
  ]);
  let pagesRead = 0;
  // A page waiting to be asked again stays in every message until it answers, so the bar never
  // stands still without saying why.
  const waits = new Map<number, CoinGeckoWait>();
  const waitText = () => {
    const newest = [...waits.values()].at(-1);
    return newest ? `. ${describeWait(newest, pages)}` : '';
  };
  const step = (what: string, finishedSource?: RefreshStage) => {
    done += 1;
    if (finishedSource) waitingFor.delete(finishedSource);
    const [stage = 'market-caps'] = waitingFor.keys();
    const rest = [...waitingFor.values()];
    progress(stage, `${rest.length > 0 ? `${what}; waiting for ${rest.join(', ')}` : what}${waitText()}`);
  };
  progress('instruments', `Reading ${[...waitingFor.values()].join(', ')}`);
  const [instruments, tickers, coins] = await Promise.all([
    options.feeds.instruments().then((list) => {
      step(`Read ${list.length} Bybit instruments`, 'instruments');
      return list;
    }),
    options.feeds.tickers().then((list) => {
      step(`Read ${list.length} Bybit 24h tickers`, 'tickers');
      return list;
    }),
    options.feeds.marketCaps(pages, {
      onPage: (page) => {
        waits.delete(page);
        pagesRead += 1;
        step(
          `Read market-cap page ${pagesRead} of ${pages}`,
          pagesRead === pages ? 'market-caps' : undefined,
        );
      },
      onWait: (wait) => {
        waits.set(wait.page, wait);
        progress('market-caps', describeWait(wait, pages));
      },
    }),
  ]);
  done = pages + 2;
  progress('mapping', `Matching ${coins.length} coins to Bybit perpetuals`);
  const snapshot = buildUniverseSnapshot({ coins, instruments, tickers });
  done = pages + 3;
  progress('writing', `Saving ${snapshot.rows.length} assets for ${fetchDate}`);
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

/** "Waiting 8 s before retry (CoinGecko 500), page 1 of 2": a bar that stands still says why. */
export function describeWait(wait: CoinGeckoWait, pages: number): string {
  const seconds = Math.max(1, Math.round(wait.delayMs / 1000));
  const cause = wait.status === null ? 'CoinGecko unreachable' : `CoinGecko ${wait.status}`;
  return `Waiting ${seconds} s before retry (${cause}), page ${wait.page} of ${pages}`;
}
