/**
 * Assets that never enter the universe although CoinGecko ranks them and Bybit may list a perpetual:
 * stablecoins (a market-cap index of crypto should not hold dollars) and wrapped, staked or bridged
 * claims on another coin (they would count BTC, ETH or SOL twice).
 *
 * Matched by CoinGecko id or by symbol. Symbols are listed only where no ordinary coin shares them,
 * because a symbol match also drops Bybit perpetuals of that coin; ids are safe either way (Wrapped
 * SOL's symbol is "sol", so it is excluded by id only).
 */

export const EXCLUDED_COINGECKO_IDS: ReadonlySet<string> = new Set([
  // Stablecoins
  'tether',
  'usd-coin',
  'dai',
  'first-digital-usd',
  'true-usd',
  'ethena-usde',
  'usds',
  'paypal-usd',
  'usdd',
  'usd1-wlfi',
  'binance-usd',
  'paxos-standard',
  'gemini-dollar',
  'liquity-usd',
  'ripple-usd',
  'euro-coin',
  'savings-dai',
  'ethena-staked-usde',
  // Wrapped, staked and bridged
  'wrapped-bitcoin',
  'weth',
  'staked-ether',
  'wrapped-steth',
  'wrapped-eeth',
  'coinbase-wrapped-btc',
  'rocket-pool-eth',
  'jito-staked-sol',
  'msol',
  'wrapped-beacon-eth',
  'coinbase-wrapped-staked-eth',
  'binance-staked-sol',
  'mantle-staked-ether',
  'lombard-staked-btc',
  'kelp-dao-restaked-eth',
  'renzo-restaked-eth',
  'solv-btc',
  'wbnb',
  'wrapped-solana',
]);

export const EXCLUDED_SYMBOLS: ReadonlySet<string> = new Set([
  // Stablecoins
  'usdt',
  'usdc',
  'dai',
  'fdusd',
  'tusd',
  'usde',
  'usds',
  'pyusd',
  'usdd',
  'usd1',
  'busd',
  'usdp',
  'gusd',
  'lusd',
  'rlusd',
  'eurc',
  'sdai',
  'susde',
  // Wrapped, staked and bridged
  'wbtc',
  'weth',
  'steth',
  'wsteth',
  'weeth',
  'cbbtc',
  'reth',
  'jitosol',
  'msol',
  'wbeth',
  'cbeth',
  'bnsol',
  'meth',
  'lbtc',
  'rseth',
  'ezeth',
  'solvbtc',
  'wbnb',
]);

/** True for a CoinGecko row that must not be ranked. */
export function isExcludedCoin(coin: { id: string; symbol: string }): boolean {
  return EXCLUDED_COINGECKO_IDS.has(coin.id) || EXCLUDED_SYMBOLS.has(coin.symbol.toLowerCase());
}

/** True for a Bybit coin (after the multiplier is parsed off) that is such an asset, e.g. USDC. */
export function isExcludedBybitCoin(coin: string): boolean {
  return EXCLUDED_SYMBOLS.has(coin.toLowerCase());
}
