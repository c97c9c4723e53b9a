/**
 * CoinGecko ids whose Bybit coin is not simply their symbol in upper case, or whose symbol is shared
 * with other coins so the right one must be pinned. Values are Bybit coins after the multiplier is
 * parsed off (terra-luna → LUNC matches Bybit's 1000LUNC).
 *
 * An alias also reserves its coin: a row of another id with the same symbol never takes it, even when
 * ranked higher, because the alias states which coin Bybit actually lists.
 */
export const COINGECKO_ALIASES: Readonly<Record<string, string>> = {
  // Terra 2.0 kept the LUNA symbol on CoinGecko; Bybit lists it as LUNA2.
  'terra-luna-2': 'LUNA2',
  // Terra Classic (CoinGecko symbol lunc) is Bybit's 1000LUNC.
  'terra-luna': 'LUNC',
  // MATIC migrated to POL; whichever of the two ids still ranks higher stands for Bybit's POL.
  'matic-network': 'POL',
  'polygon-ecosystem-token': 'POL',
  // RNDR was renamed RENDER.
  'render-token': 'RENDER',
  // Ronin's CoinGecko symbol is RON; Bybit spells the coin out.
  ronin: 'RONIN',
  // Shared symbols: Tokamak Network is also "ton", Based Pepe also "pepe", the privacy coin Beam also "beam".
  'the-open-network': 'TON',
  pepe: 'PEPE',
  'beam-2': 'BEAM',
  // Bybit's 10000SATS is SATS (Ordinals); pinned so that no other "sats" token can take it.
  'sats-ordinals': 'SATS',
};

/** The Bybit coin an alias assigns to a CoinGecko id, or undefined when the id has none. */
export function aliasFor(coingeckoId: string): string | undefined {
  return Object.hasOwn(COINGECKO_ALIASES, coingeckoId) ? COINGECKO_ALIASES[coingeckoId] : undefined;
}

/** Bybit coins that only their aliased ids may take. */
export const ALIASED_COINS: ReadonlySet<string> = new Set(Object.values(COINGECKO_ALIASES));
