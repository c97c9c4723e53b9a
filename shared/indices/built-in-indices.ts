import { Dec } from '../decimal';
import type { BuiltInIndexId, IndexDefinition, RuleDefinition } from '../domain/indices';

export interface BuiltInIndex {
  id: BuiltInIndexId;
  name: string;
  description: string;
  definition: RuleDefinition;
}

/** The cap of the market-cap indices: CoinDesk 20 and COIN50 cap a coin at 25 % too. */
export const marketCapIndexCap = '0.25';

function equal(n: number): BuiltInIndex {
  return {
    id: `top${n}-equal` as BuiltInIndexId,
    name: `Top ${n} equal`,
    description: `The ${n} largest coins by market cap, equal weight`,
    definition: { kind: 'rule', topN: n, weighting: 'equal', exclude: [] },
  };
}

function capped(n: number): BuiltInIndex {
  return {
    id: `top${n}-mcap` as BuiltInIndexId,
    name: `Top ${n} market cap`,
    description: `The ${n} largest coins by market cap, weighted by market cap, at most 25 % each`,
    definition: { kind: 'rule', topN: n, weighting: 'mcap', cap: marketCapIndexCap, exclude: [] },
  };
}

/** Stable ids: positions and other tools refer to them. */
export const builtInIndices: readonly BuiltInIndex[] = [
  equal(5),
  equal(10),
  equal(20),
  equal(50),
  capped(10),
  capped(20),
];

export function builtInIndex(id: string): BuiltInIndex | undefined {
  return builtInIndices.find((index) => index.id === id);
}

/** "A basket of 3 coins, custom weights", "Top 15 by market cap, equal weight, excluding DOGEUSDT". */
export function describeDefinition(definition: IndexDefinition): string {
  if (definition.kind === 'basket')
    return `A basket of ${definition.legs.length} coin${definition.legs.length === 1 ? '' : 's'}, ${definition.weighting === 'equal' ? 'equal weight' : 'custom weights'}`;
  const weighting =
    definition.weighting === 'equal'
      ? 'equal weight'
      : `market-cap weight${definition.cap ? `, at most ${new Dec(definition.cap).mul(100).toFixed()} % each` : ''}`;
  const excluded = definition.exclude.length > 0 ? `, excluding ${definition.exclude.join(', ')}` : '';
  return `The ${definition.topN} largest coins by market cap, ${weighting}${excluded}`;
}
