import { Dec } from '../../shared/decimal';
import type { Preview } from '../../shared/domain/preview';
import { buildPreview, type PreviewInput } from '../../shared/indices/build-preview';
import { resolveIndex, type UniverseEntry } from '../../shared/indices/constituents';
import type { LegMarket } from '../../shared/indices/sizing';

/** A hand-made head of the market and a Top 8 market-cap index on it ("at most 25 % each"). */
export function market(symbol: string, price: string, qtyStep: string, minNotionalValue = '5'): LegMarket {
  return {
    symbol,
    price,
    qtyStep,
    minOrderQty: qtyStep,
    minNotionalValue,
    maxMktOrderQty: '1000000000',
    maxLeverage: '50',
  };
}

// Market caps in billions, the head of a real market: BTC and ETH are capped at 25 %.
export const coins: [string, string, string, string, string][] = [
  // symbol, market cap, price, step, minimum order value
  ['BTCUSDT', '1900', '95000', '0.001', '5'],
  ['ETHUSDT', '410', '3400', '0.01', '5'],
  ['XRPUSDT', '130', '2.2', '1', '5'],
  ['BNBUSDT', '125', '900', '0.01', '5'],
  ['SOLUSDT', '100', '180', '0.1', '5'],
  // Three small legs with a large minimum order value: dropped at a few thousand USDT.
  ['TRXUSDT', '27', '0.29', '1', '150'],
  ['DOGEUSDT', '27', '0.18', '1', '150'],
  ['ADAUSDT', '20', '0.55', '1', '150'],
];
export const universe: UniverseEntry[] = coins.map(([symbol, cap], i) => ({
  symbol,
  marketCapRank: i + 1,
  marketCap: new Dec(cap).mul(1e9).toFixed(),
}));
export const markets = new Map(coins.map(([s, , price, step, min]) => [s, market(s, price, step, min)]));

export function preview(
  usdtSize: string,
  universeRows = universe,
  legMarkets = markets,
  availableBalance: string | null = null,
): Preview {
  return longPreview({
    indexId: 'top8-mcap',
    indexName: 'Top 8 market cap',
    resolved: resolveIndex(
      { kind: 'rule', topN: 8, weighting: 'mcap', cap: '0.25', exclude: [] },
      universeRows,
    ),
    markets: legMarkets,
    usdtSize,
    availableBalance,
  });
}

/** The preview of a 1× long, not strict, with 0.5 % slippage, priced at the start of 2025-11-01. */
export function longPreview(
  input: Pick<
    PreviewInput,
    'indexId' | 'indexName' | 'resolved' | 'markets' | 'usdtSize' | 'availableBalance'
  >,
): Preview {
  return buildPreview({
    ...input,
    direction: 'long',
    leverage: '1',
    strict: false,
    maxSlippagePercent: '0.5',
    snapshotDate: '2025-11-01',
    pricedAt: '2025-11-01T00:00:00.000Z',
  });
}
