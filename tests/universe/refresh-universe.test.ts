import { describe, expect, it } from 'vitest';
import {
  describeWait,
  refreshUniverse,
  type RefreshProgress,
  type UniverseFeeds,
} from '../../electron/core/universe/refresh-universe';
import type { TopCoinsHandlers } from '../../electron/core/universe/coingecko-client';
import type { UniverseRow } from '../../electron/core/universe/types';

/** A promise whose outcome the test decides, so "asked at once" is observed, not timed. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => (resolve = done));
  return { promise, resolve };
}

describe('refreshUniverse', () => {
  it('asks Bybit and CoinGecko at once, and says what it still waits for', async () => {
    const instruments = deferred<never[]>();
    const tickers = deferred<never[]>();
    const coins = deferred<never[]>();
    const asked: string[] = [];
    let handlers: Required<TopCoinsHandlers> | null = null;
    const feeds: UniverseFeeds = {
      instruments: () => (asked.push('instruments'), instruments.promise),
      tickers: () => (asked.push('tickers'), tickers.promise),
      marketCaps: (_pages, given) => {
        asked.push('market-caps');
        handlers = given;
        return coins.promise;
      },
    };
    const progress: RefreshProgress[] = [];
    const written: UniverseRow[][] = [];
    const run = refreshUniverse({
      feeds,
      writer: { replaceSnapshot: async (_date, rows) => void written.push([...rows]) },
      depthPages: 2,
      onProgress: (event) => progress.push(event),
    });
    // Nothing has answered yet, and all three sources are already asked.
    expect(asked).toEqual(['instruments', 'tickers', 'market-caps']);

    handlers!.onWait({ page: 2, delayMs: 8_000, status: 500, attempt: 3 });
    expect(progress.at(-1)).toMatchObject({
      stage: 'market-caps',
      message: 'Waiting 8 s before retry (CoinGecko 500), page 2 of 2',
    });
    tickers.resolve([]);
    await Promise.resolve();
    // The wait stays in the message while the page is outstanding.
    expect(progress.at(-1)!.message).toBe(
      'Read 0 Bybit 24h tickers; waiting for Bybit instruments, CoinGecko ranks (2 pages). Waiting 8 s before retry (CoinGecko 500), page 2 of 2',
    );
    handlers!.onPage(2);
    expect(progress.at(-1)!.message).toBe(
      'Read market-cap page 1 of 2; waiting for Bybit instruments, CoinGecko ranks (2 pages)',
    );
    handlers!.onPage(1);
    instruments.resolve([]);
    coins.resolve([]);
    const summary = await run;
    expect(summary.assets).toBe(0);
    expect(written).toHaveLength(1);
    expect(progress.map((event) => event.done)).toEqual([0, 0, 1, 2, 3, 4, 4, 5]);
    expect(progress.at(-1)!.stage).toBe('writing');
  });

  it('words a wait for an unreachable CoinGecko too', () => {
    expect(describeWait({ page: 1, delayMs: 1_400, status: null, attempt: 1 }, 2)).toBe(
      'Waiting 1 s before retry (CoinGecko unreachable), page 1 of 2',
    );
  });
});
