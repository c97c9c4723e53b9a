import { Dec } from '../decimal';
import type { IndexDefinition } from '../domain/indices';
import { cappedMarketCapWeights, equalWeights } from './weights';

/** What the index math needs from a universe snapshot row. */
export interface UniverseEntry {
  symbol: string;
  marketCapRank: number;
  /** USD; null when CoinGecko had none. */
  marketCap: string | null;
}

export interface Constituent {
  symbol: string;
  rank: number | null;
  /** Fraction of the index. */
  weight: Dec;
}

export interface ResolvedIndex {
  constituents: Constituent[];
  /** Basket coins today's universe does not list: shown to the trader, never silently dropped. */
  missing: string[];
  /** Set when a rule cannot be met by this universe (too few eligible coins). */
  shortfall: string | null;
  /** The most one coin may weigh (fraction) in a capped market-cap index; null when nothing is capped. */
  cap: Dec | null;
}

/** Best market-cap rank first; a coin the snapshot ranks nowhere goes last, in symbol order. */
export function byRank(
  a: Pick<Constituent, 'rank' | 'symbol'>,
  b: Pick<Constituent, 'rank' | 'symbol'>,
): number {
  if (a.rank !== b.rank) return (a.rank ?? Infinity) - (b.rank ?? Infinity);
  return a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0;
}

/**
 * The coins and weights an index holds on a given universe snapshot. Rules take the best market-cap ranks
 * after exclusions (market-cap weighting skips coins without a market cap, since they cannot be weighted);
 * baskets keep their own coins, whether or not the snapshot lists them.
 */
export function resolveIndex(definition: IndexDefinition, universe: readonly UniverseEntry[]): ResolvedIndex {
  const bySymbol = new Map(universe.map((entry) => [entry.symbol, entry]));
  if (definition.kind === 'basket') {
    const weights =
      definition.weighting === 'equal'
        ? equalWeights(definition.legs.length)
        : definition.legs.map((leg) => new Dec(leg.weight ?? 0));
    return {
      constituents: definition.legs.map((leg, i) => ({
        symbol: leg.symbol,
        rank: bySymbol.get(leg.symbol)?.marketCapRank ?? null,
        weight: weights[i] ?? new Dec(0),
      })),
      missing: definition.legs.filter((leg) => !bySymbol.has(leg.symbol)).map((leg) => leg.symbol),
      shortfall: null,
      cap: null,
    };
  }
  const excluded = new Set(definition.exclude);
  const eligible = [...universe]
    .filter((entry) => !excluded.has(entry.symbol))
    .filter((entry) => definition.weighting !== 'mcap' || entry.marketCap !== null)
    .sort((a, b) => a.marketCapRank - b.marketCapRank || (a.symbol < b.symbol ? -1 : 1));
  const chosen = eligible.slice(0, definition.topN);
  const shortfall =
    chosen.length < definition.topN
      ? `the universe has only ${chosen.length} eligible coins for a top ${definition.topN}`
      : null;
  if (chosen.length === 0) return { constituents: [], missing: [], shortfall, cap: null };
  // A short universe cannot meet a cap sized for N coins; weight what exists uncapped beyond it.
  const cap = Dec.max(new Dec(definition.cap ?? '1'), new Dec(1).div(chosen.length));
  const weights =
    definition.weighting === 'equal'
      ? equalWeights(chosen.length)
      : cappedMarketCapWeights(
          chosen.map((entry) => new Dec(entry.marketCap ?? 0)),
          cap,
        );
  return {
    constituents: chosen.map((entry, i) => ({
      symbol: entry.symbol,
      rank: entry.marketCapRank,
      weight: weights[i] ?? new Dec(0),
    })),
    missing: [],
    shortfall,
    cap: definition.weighting === 'mcap' && cap.lt(1) ? cap : null,
  };
}
