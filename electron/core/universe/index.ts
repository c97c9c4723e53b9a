export { parseBaseCoin } from './base-coin';
export { ALIASED_COINS, COINGECKO_ALIASES, aliasFor } from './coingecko-aliases';
export {
  EXCLUDED_COINGECKO_IDS,
  EXCLUDED_SYMBOLS,
  isExcludedBybitCoin,
  isExcludedCoin,
} from './excluded-assets';
export { mapMarketCaps, type MarketCapMappingInput } from './map-market-caps';
export {
  filterTradableInstruments,
  isTradableInstrument,
  whyNotTradable,
  type NotTradableReason,
  type TradableFilterFields,
} from './tradable-instruments';
export { buildUniverseSnapshot, type UniverseSources } from './universe-snapshot';
export type * from './types';
