/**
 * The whole pure step of a refresh: every linear instrument in, the day's ranked universe out.
 * The poller fetches the three lists and stores the result; nothing here does I/O.
 */
import { mapMarketCaps } from './map-market-caps';
import { filterTradableInstruments } from './tradable-instruments';
import type { BybitInstrument, BybitTicker, CoinGeckoMarketRow, UniverseSnapshot } from './types';

export interface UniverseSources {
  /** Every `/coins/markets` row fetched, pages concatenated in order. */
  coins: readonly CoinGeckoMarketRow[];
  /** Every linear instrument from instruments-info, all pages, unfiltered. */
  instruments: readonly BybitInstrument[];
  tickers?: readonly BybitTicker[];
}

export function buildUniverseSnapshot(sources: UniverseSources): UniverseSnapshot {
  return mapMarketCaps({ ...sources, instruments: filterTradableInstruments(sources.instruments) });
}
