import { D } from '../bybit/decimal';
import type { Engine } from '../bybit/engine';
import type { CoinSpec } from '../bybit/universe';

/**
 * CoinGecko `/coins/markets` rows derived from the same universe as the Bybit instruments: ranked
 * coins in market_cap_desc order, then coins without a rank. Prices of coins with a perp follow the
 * simulated Bybit price divided by the contract multiplier, so both sources agree.
 */
export function coinRows(engine: Engine, now: number): Record<string, unknown>[] {
  const listed = engine.universe.filter((c) => c.onCoinGecko);
  const ranked = listed
    .filter((c) => c.rank !== null)
    .sort((a, b) => (a.rank as number) - (b.rank as number));
  const unranked = listed.filter((c) => c.rank === null);
  const updated = new Date(now).toISOString();
  return [...ranked, ...unranked].map((c) => row(engine, c, updated));
}

function priceOf(engine: Engine, c: CoinSpec): InstanceType<typeof D> {
  const symbol = c.bybitBase ? `${c.bybitBase}USDT` : null;
  if (symbol && engine.market.has(symbol)) return engine.market.last(symbol).div(c.multiplier);
  return c.priceUsd;
}

function row(engine: Engine, c: CoinSpec, updated: string): Record<string, unknown> {
  const price = priceOf(engine, c).toSignificantDigits(8);
  const mcap = c.marketCapUsd;
  const supply = mcap.isZero() ? new D(0) : mcap.div(c.priceUsd).floor();
  return {
    id: c.cgId,
    symbol: c.cgSymbol,
    name: c.name,
    image: `https://coin-images.coingecko.com/coins/images/0/large/${c.cgId}.png`,
    current_price: Number(price.toFixed()),
    market_cap: Number(mcap.toFixed(0)),
    market_cap_rank: c.rank,
    fully_diluted_valuation: Number(mcap.toFixed(0)),
    total_volume: Number(mcap.div(20).toFixed(0)),
    high_24h: Number(price.mul('1.02').toSignificantDigits(8).toFixed()),
    low_24h: Number(price.mul('0.98').toSignificantDigits(8).toFixed()),
    price_change_24h: 0,
    price_change_percentage_24h: 0,
    market_cap_change_24h: 0,
    market_cap_change_percentage_24h: 0,
    circulating_supply: Number(supply.toFixed(0)),
    total_supply: Number(supply.toFixed(0)),
    max_supply: null,
    ath: Number(price.mul(3).toSignificantDigits(8).toFixed()),
    ath_change_percentage: -66.7,
    ath_date: '2024-12-17T15:02:41.429Z',
    atl: Number(price.div(50).toSignificantDigits(8).toFixed()),
    atl_change_percentage: 4900,
    atl_date: '2020-03-13T02:22:55.044Z',
    roi: null,
    last_updated: updated,
  };
}
