import { issuesFromZod, type RequestOf } from '../../../../../shared/contract';
import { Dec } from '../../../../../shared/decimal';
import { indicesSaveRequestSchema, type IndexSummary } from '../../../../../shared/domain/indices';

/** One coin row of a basket being edited; `key` keeps React's rows stable while rows move. */
export interface LegDraft {
  key: number;
  symbol: string;
  /** Percent as typed ("25"); empty under equal weights. */
  weightPercent: string;
}

/** A custom index as its form holds it: weights and caps in percent, exclusions as one line of text. */
export interface BasketDraft {
  /** `custom-<n>` when editing; null for a new one. */
  id: string | null;
  name: string;
  kind: 'basket' | 'rule';
  weighting: 'equal' | 'custom';
  legs: LegDraft[];
  topN: string;
  ruleWeighting: 'equal' | 'mcap';
  capPercent: string;
  exclude: string;
}

let nextKey = 1;
export const newLeg = (symbol = '', weightPercent = ''): LegDraft => ({
  key: nextKey++,
  symbol,
  weightPercent,
});

export const emptyBasket = (): BasketDraft => ({
  id: null,
  name: '',
  kind: 'basket',
  weighting: 'equal',
  legs: [newLeg(), newLeg()],
  topN: '10',
  ruleWeighting: 'equal',
  capPercent: '25',
  exclude: '',
});

const toPercent = (fraction: string) => new Dec(fraction).mul(100).toFixed();

/** The form for an existing basket. */
export function draftFromIndex(index: IndexSummary): BasketDraft {
  const draft = { ...emptyBasket(), id: index.id, name: index.name };
  const definition = index.definition;
  if (definition.kind === 'basket')
    return {
      ...draft,
      kind: 'basket',
      weighting: definition.weighting,
      legs: definition.legs.map((leg) => newLeg(leg.symbol, leg.weight ? toPercent(leg.weight) : '')),
    };
  return {
    ...draft,
    kind: 'rule',
    topN: String(definition.topN),
    ruleWeighting: definition.weighting,
    capPercent: definition.cap ? toPercent(definition.cap) : '',
    exclude: definition.exclude.join(', '),
  };
}

/** Field ids of the editor; a server issue path lands on the field with that id. */
export const basketFieldIds = {
  name: 'basketName',
  'definition.legs': 'basketLegs',
  'definition.topN': 'basketTopN',
  'definition.cap': 'basketCap',
  'definition.exclude': 'basketExclude',
} as const;
export const legFieldId = (index: number, part: 'symbol' | 'weight') => `basketLeg-${index}-${part}`;

/** Paths the editor can show beside a field: exclusions share one text field, so `definition.exclude.3` lands there. */
export function fieldPath(path: string): string {
  return /^definition\.exclude\.\d+$/.test(path) ? 'definition.exclude' : path;
}

/** Path → label of every field the editor shows for this draft (for `formFailure`). */
export function basketLabels(draft: BasketDraft): Record<string, string> {
  const labels: Record<string, string> = {
    name: 'Name',
    'definition.legs': 'Coins',
    'definition.topN': 'Number of coins',
    'definition.cap': 'Cap per coin',
    'definition.exclude': 'Excluded symbols',
  };
  draft.legs.forEach((_, i) => {
    labels[`definition.legs.${i}`] = `Coin ${i + 1}`;
    labels[`definition.legs.${i}.symbol`] = `Coin ${i + 1}`;
    labels[`definition.legs.${i}.weight`] = `Weight of coin ${i + 1}`;
  });
  const excluded = splitSymbols(draft.exclude);
  excluded.forEach((_, i) => (labels[`definition.exclude.${i}`] = 'Excluded symbols'));
  return labels;
}

export const splitSymbols = (text: string) =>
  text
    .split(/[\s,;]+/)
    .map((part) => part.trim())
    .filter(Boolean);

const percentPattern = /^\d+(\.\d+)?$/;

/** Percent text → fraction text ("25" → "0.25"), or the message for a field that is not a percentage. */
function percentToFraction(text: string): { fraction: string } | { message: string } {
  const value = text.trim().replace(/\s*%$/, '');
  if (value === '') return { message: 'give a weight in %' };
  if (!percentPattern.test(value)) return { message: 'must be a percentage, such as 25 or 33.33' };
  const percent = new Dec(value);
  if (percent.lte(0)) return { message: 'must be above 0 %' };
  if (percent.gt(100)) return { message: 'must be at most 100 %' };
  return { fraction: percent.div(100).toFixed() };
}

export type SaveRequest = RequestOf<'indices.save'>;

/** The draft without leg rows left entirely empty (one row stays, so there is somewhere to type). */
export function compactBasket(draft: BasketDraft): BasketDraft {
  const legs = draft.legs.filter((leg) => leg.symbol.trim() !== '' || leg.weightPercent.trim() !== '');
  return { ...draft, legs: legs.length > 0 ? legs : draft.legs.slice(0, 1) };
}

function definitionOf(draft: BasketDraft, fields: Record<string, string>): unknown {
  if (draft.kind === 'basket') {
    const legs = draft.legs.map((leg, i) => {
      if (leg.symbol.trim() === '') fields[`definition.legs.${i}.symbol`] = 'enter a symbol such as BTCUSDT';
      if (draft.weighting === 'equal') return { symbol: leg.symbol };
      const weight = percentToFraction(leg.weightPercent);
      if ('message' in weight) {
        fields[`definition.legs.${i}.weight`] = weight.message;
        return { symbol: leg.symbol };
      }
      return { symbol: leg.symbol, weight: weight.fraction };
    });
    return { kind: 'basket', weighting: draft.weighting, legs };
  }
  const topN = draft.topN.trim();
  if (!/^\d+$/.test(topN)) fields['definition.topN'] = 'must be a whole number, such as 10';
  let cap: string | undefined;
  if (draft.ruleWeighting === 'mcap' && draft.capPercent.trim() !== '') {
    const parsed = percentToFraction(draft.capPercent);
    if ('message' in parsed) fields['definition.cap'] = parsed.message.replace('a weight', 'a cap');
    else cap = parsed.fraction;
  }
  return {
    kind: 'rule',
    topN: Number(topN),
    weighting: draft.ruleWeighting,
    ...(cap ? { cap } : {}),
    exclude: splitSymbols(draft.exclude),
  };
}

/**
 * The `indices.save` request for a draft (compact it first: leg paths count the rows shown), checked with
 * the contract's own schema (weights that add up, a cap that can be met, no coin twice), or a message per
 * field path, the same paths the core would send back.
 */
export function checkBasket(draft: BasketDraft): {
  request: SaveRequest | null;
  fields: Record<string, string>;
} {
  const fields: Record<string, string> = {};
  const request = {
    ...(draft.id ? { id: draft.id } : {}),
    name: draft.name,
    definition: definitionOf(draft, fields),
  };
  const parsed = indicesSaveRequestSchema.safeParse(request);
  if (!parsed.success)
    for (const issue of issuesFromZod(parsed.error)) fields[fieldPath(issue.path)] ??= issue.message;
  if (Object.keys(fields).length > 0) return { request: null, fields };
  return { request: request as SaveRequest, fields };
}

/** Σ of the typed weights in percent, when every one is a number (for the running total). */
export function weightTotal(legs: readonly LegDraft[]): string | null {
  let total = new Dec(0);
  for (const leg of legs) {
    if (leg.symbol.trim() === '' && leg.weightPercent.trim() === '') continue;
    const value = leg.weightPercent.trim().replace(/\s*%$/, '');
    if (!percentPattern.test(value)) return null;
    total = total.plus(value);
  }
  return total.toFixed();
}
