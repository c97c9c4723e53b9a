import type { BybitInstrument, CoinGeckoMarketRow } from '../../electron/core/universe/types';

/** A tradable USDT perpetual; pass overrides for the fields a case is about. */
export function perp(baseCoin: string, overrides: Partial<BybitInstrument> = {}): BybitInstrument {
  return {
    symbol: `${baseCoin}USDT`,
    status: 'Trading',
    contractType: 'LinearPerpetual',
    baseCoin,
    quoteCoin: 'USDT',
    symbolType: '',
    tickSize: '0.0001',
    qtyStep: '1',
    minOrderQty: '1',
    maxMktOrderQty: '100000',
    minNotionalValue: '5',
    ...overrides,
  };
}

/** A CoinGecko `/coins/markets` row; the market cap falls with the rank unless given. */
export function cg(
  id: string,
  symbol: string,
  rank: number | null,
  marketCap: number | string | null = rank === null ? null : 2e12 / rank,
): CoinGeckoMarketRow {
  return { id, symbol, name: id, market_cap: marketCap, market_cap_rank: rank };
}
