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
 * A rebalance's rank buffer (docs/risk.md): the coins a position holds now, and how many places of rank
 * separate entering the index from leaving it.
 */
export interface MembershipBuffer {
  held: ReadonlySet<string>;
  ranks: number;
}

/**
 * The top N of `eligible` (best first) with a buffer of k places: a held coin stays while it is within the
 * first N + k, a coin not held enters only within the first N − k; of those the best N are kept, and when
 * fewer than N qualify the best-placed others fill the free places, so the index keeps its N coins.
 */
export function bufferedChoice<T extends { symbol: string }>(
  eligible: readonly T[],
  topN: number,
  buffer: MembershipBuffer,
): T[] {
  const k = buffer.ranks;
  const qualified = eligible.filter((entry, place) =>
    buffer.held.has(entry.symbol) ? place < topN + k : place < topN - k,
  );
  const chosen = new Set(qualified.slice(0, topN));
  for (const entry of eligible) {
    if (chosen.size >= topN) break;
    chosen.add(entry);
  }
  return eligible.filter((entry) => chosen.has(entry));
}

/**
 * The coins and weights an index holds on a given universe snapshot. Rules take the best market-cap ranks
 * after exclusions (market-cap weighting skips coins without a market cap, since they cannot be weighted),
 * with a rank buffer around the edge when one is given; baskets keep their own coins, whether or not the
 * snapshot lists them.
 */
export function resolveIndex(
  definition: IndexDefinition,
  universe: readonly UniverseEntry[],
  buffer?: MembershipBuffer,
): ResolvedIndex {
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
  const chosen =
    buffer && buffer.ranks > 0
      ? bufferedChoice(eligible, definition.topN, buffer)
      : eligible.slice(0, definition.topN);
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
