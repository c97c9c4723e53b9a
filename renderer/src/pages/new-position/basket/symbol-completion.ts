/** What a typed coin can mean in the universe: the symbol itself, or the few it could stand for. */
export type SymbolMatch = { symbol: string } | { candidates: string[] };

/** "1000PEPEUSDT" → "PEPE", "SHIB1000USDT" → "SHIB", "BTCUSDT" → "BTC": the coin a symbol trades. */
const coinOf = (symbol: string) => symbol.replace(/USDT$/, '').replace(/^\d+|\d+$/g, '');

/** At most this many candidates are offered. */
const offered = 5;

/**
 * A coin as a trader types it ("btc", "pepe", "ETHUSDT") matched against today's symbols: an exact symbol
 * or the only one trading that coin is completed (btc → BTCUSDT, pepe → 1000PEPEUSDT); otherwise the
 * symbols that start with it are offered. Typing "btc" used to be refused instead of completed.
 */
export function matchSymbol(typed: string, symbols: readonly string[]): SymbolMatch | null {
  const text = typed.trim().toUpperCase();
  if (text === '') return null;
  if (symbols.includes(text)) return { symbol: text };
  const coin = text.replace(/USDT$/, '');
  const sameCoin = symbols.filter((symbol) => coinOf(symbol) === coin);
  if (sameCoin.length === 1) return { symbol: sameCoin[0]! };
  const starting = symbols.filter((symbol) => symbol.startsWith(text) || coinOf(symbol).startsWith(coin));
  const candidates = (sameCoin.length > 1 ? sameCoin : starting).slice(0, offered);
  return candidates.length === 1 ? { symbol: candidates[0]! } : { candidates };
}

/** The symbol to keep for what was typed: completed when there is exactly one match, as typed otherwise. */
export function completedSymbol(typed: string, symbols: readonly string[]): string {
  const match = matchSymbol(typed, symbols);
  return match && 'symbol' in match ? match.symbol : typed.trim().toUpperCase();
}
