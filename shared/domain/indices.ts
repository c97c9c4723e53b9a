import { z } from 'zod';
import { Dec } from '../decimal';
import { capProblem } from '../indices/weights';
import { displayNameSchema } from './display-name';

/** The most legs one index (and so one synthetic position) may have. */
export const maxIndexLegs = 50;

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
export const decimalText = z.string().regex(/^-?\d+(\.\d+)?$/, 'must be a decimal string');
const fraction = z
  .string()
  .trim()
  .regex(/^(0(\.\d+)?|1(\.0+)?)$/, 'must be a fraction between 0 and 1, such as 0.25');
export const perpSymbolSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9]{1,26}USDT$/, 'must be a USDT perpetual symbol such as BTCUSDT');

export const basketLegSchema = z.object({
  symbol: perpSymbolSchema,
  /** Fraction of the basket ("0.25" is 25 %); absent when the basket is equally weighted. */
  weight: fraction.optional(),
});

/** A fixed list of coins: equal weights, or the trader's own weights that add up to 1. */
export const basketDefinitionSchema = z.object({
  kind: z.literal('basket'),
  weighting: z.enum(['equal', 'custom']),
  legs: z
    .array(basketLegSchema)
    .min(1, 'add at least one coin')
    .max(maxIndexLegs, `a basket holds at most ${maxIndexLegs} coins`),
});

/** A rule over the daily universe: the N best market-cap ranks, minus exclusions, weighted. */
export const ruleDefinitionSchema = z.object({
  kind: z.literal('rule'),
  topN: z
    .number()
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(maxIndexLegs, `must be at most ${maxIndexLegs}`),
  weighting: z.enum(['equal', 'mcap']),
  /** Market-cap weighting only: the largest weight one coin may have ("0.25"). */
  cap: fraction.optional(),
  exclude: z.array(perpSymbolSchema).max(200).default([]),
});

export const indexDefinitionSchema = z
  .discriminatedUnion('kind', [basketDefinitionSchema, ruleDefinitionSchema])
  .superRefine((definition, ctx) => {
    for (const issue of definitionIssues(definition)) ctx.addIssue({ code: 'custom', ...issue });
  });
export type IndexDefinition = z.infer<typeof indexDefinitionSchema>;
export type BasketDefinition = z.infer<typeof basketDefinitionSchema>;
export type RuleDefinition = z.infer<typeof ruleDefinitionSchema>;

/** Weights may miss 1 by this much (decimal text typed by a person: 1/3 as 0.333333333…). */
export const weightSumTolerance = new Dec('1e-9');

/**
 * What zod's shapes cannot say: weights that add up, a cap that can be met, no coin twice. Each issue
 * names the field at fault, so a form can show it there.
 */
export function definitionIssues(definition: BasketDefinition | RuleDefinition): {
  path: (string | number)[];
  message: string;
}[] {
  const issues: { path: (string | number)[]; message: string }[] = [];
  if (definition.kind === 'basket') {
    const seen = new Map<string, number>();
    definition.legs.forEach((leg, i) => {
      const first = seen.get(leg.symbol);
      if (first !== undefined)
        issues.push({ path: ['legs', i, 'symbol'], message: `${leg.symbol} is already leg ${first + 1}` });
      else seen.set(leg.symbol, i);
      if (definition.weighting === 'custom' && leg.weight === undefined)
        issues.push({ path: ['legs', i, 'weight'], message: 'give a weight, or choose equal weights' });
      if (definition.weighting === 'custom' && leg.weight !== undefined && new Dec(leg.weight).lte(0))
        issues.push({ path: ['legs', i, 'weight'], message: 'must be above 0' });
      if (definition.weighting === 'equal' && leg.weight !== undefined)
        issues.push({ path: ['legs', i, 'weight'], message: 'equal weights take no weight per coin' });
    });
    if (definition.weighting === 'custom' && definition.legs.every((leg) => leg.weight !== undefined)) {
      const total = definition.legs.reduce((s, leg) => s.plus(leg.weight ?? 0), new Dec(0));
      if (total.minus(1).abs().gt(weightSumTolerance))
        issues.push({
          path: ['legs'],
          message: `the weights add up to ${total.mul(100).toFixed()} %, not 100 %`,
        });
    }
  } else {
    if (definition.weighting === 'mcap') {
      const problem = capProblem(definition.topN, new Dec(definition.cap ?? '1'));
      if (problem) issues.push({ path: ['cap'], message: problem });
    } else if (definition.cap !== undefined) {
      issues.push({ path: ['cap'], message: 'a cap only applies to market-cap weighting' });
    }
    const seen = new Set<string>();
    definition.exclude.forEach((symbol, i) => {
      if (seen.has(symbol)) issues.push({ path: ['exclude', i], message: `${symbol} is listed twice` });
      seen.add(symbol);
    });
  }
  return issues;
}

export const builtInIndexIds = [
  'top5-equal',
  'top10-equal',
  'top20-equal',
  'top50-equal',
  'top10-mcap',
  'top20-mcap',
] as const;
export type BuiltInIndexId = (typeof builtInIndexIds)[number];

/** `custom-<n>` for a profile's own baskets; built-ins use their stable names. */
export const indexIdSchema = z
  .string()
  .trim()
  .regex(/^(top\d+-(equal|mcap)|custom-\d+)$/, 'must be a built-in index id or custom-<number>');

export const indexSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  builtIn: z.boolean(),
  /** One line: "The 10 largest coins by market cap, equal weight". */
  description: z.string(),
  definition: indexDefinitionSchema,
  /** Coins of the definition that today's universe does not have (baskets), shown rather than dropped. */
  missingSymbols: z.array(z.string()),
  updatedAt: z.string().nullable(),
});
export type IndexSummary = z.infer<typeof indexSummarySchema>;

export const indicesListRequestSchema = z
  .object({ profileId: z.number().int().positive().optional() })
  .strict();
export const indicesListSchema = z.object({
  indices: z.array(indexSummarySchema),
  /** The universe snapshot the summaries were checked against, or null before the first refresh. */
  snapshotDate: isoDate.nullable(),
});
export type IndicesList = z.infer<typeof indicesListSchema>;

const indexName = displayNameSchema({ empty: 'give the index a name' });

export const indicesSaveRequestSchema = z
  .object({
    profileId: z.number().int().positive().optional(),
    /** Absent to create; a `custom-<n>` id to replace that basket. */
    id: z
      .string()
      .regex(/^custom-\d+$/, 'only custom baskets (custom-<number>) can be saved')
      .optional(),
    name: indexName,
    definition: indexDefinitionSchema,
  })
  .strict();

export const indicesDeleteRequestSchema = z
  .object({
    profileId: z.number().int().positive().optional(),
    id: z.string().regex(/^custom-\d+$/, 'only custom baskets (custom-<number>) can be deleted'),
  })
  .strict();
export const indicesDeletedSchema = z.object({ id: z.string(), deleted: z.boolean() });
