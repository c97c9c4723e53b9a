import { z } from 'zod';
import { decimalText } from './indices';

/**
 * Drift: when the account's real holdings on Bybit no longer match what Synthex's positions should hold
 * (docs/drift.md). Quantities are signed decimal strings (negative = short).
 */

const isoTime = z.string();
const positionId = z.number().int().positive();

/** A fill on the account that Synthex did not place (by hand, another bot, a liquidation). */
export const outsideExecutionSchema = z.object({
  execId: z.string(),
  /** The orderLinkId it carried, '' when none (Bybit's app sends none). */
  orderLinkId: z.string(),
  symbol: z.string(),
  side: z.enum(['Buy', 'Sell']),
  /** Bybit's execType: Trade, BustTrade (liquidation), AdlTrade, Delivery. */
  execType: z.string(),
  price: decimalText,
  quantity: decimalText,
  fee: decimalText,
  execTime: isoTime,
  recordedAt: isoTime,
});
export type OutsideExecution = z.infer<typeof outsideExecutionSchema>;

const rowDifference = z.object({ expected: decimalText, actual: decimalText });

/** One symbol whose account holding differs from what the positions on it should hold together. */
export const alterationLegSchema = z.object({
  symbol: z.string(),
  mode: z.enum(['one-way', 'hedge']),
  /** Σ held quantity (from trades) of every open position on the account holding this symbol. */
  expected: decimalText,
  /** Bybit's net on the symbol (one-way row, or long row − short row in hedge mode). */
  actual: decimalText,
  /** actual − expected. */
  difference: decimalText,
  /** Hedge mode: each row on its own (a long and a short can hide each other in the net). */
  rows: z.object({ long: rowDifference, short: rowDifference }).optional(),
  /** Every open position holding the symbol: the difference is the symbol's, never split among them. */
  positionIds: z.array(positionId),
  /** The outside executions on the symbol since the positions on it opened, newest first (at most 10). */
  outside: z.array(outsideExecutionSchema),
});
export type AlterationLeg = z.infer<typeof alterationLegSchema>;

export const alterationSchema = z.object({
  /** When the account first stopped matching. */
  detectedAt: isoTime,
  legs: z.array(alterationLegSchema),
});
export type Alteration = z.infer<typeof alterationSchema>;

export const alterationEvents = [
  'altered',
  'changed',
  'cleared',
  'repaired',
  'adopted',
  'rebalanced',
] as const;
export const alterationHistoryEntrySchema = z.object({
  event: z.enum(alterationEvents),
  legs: z.array(alterationLegSchema),
  at: isoTime,
});
export type AlterationHistoryEntry = z.infer<typeof alterationHistoryEntrySchema>;

export const pendingActionSchema = z.enum(['repair', 'rebalance']);
export type PendingAction = z.infer<typeof pendingActionSchema>;

/** One order a repair or rebalance would send (or sent). */
export const plannedTradeSchema = z.object({
  symbol: z.string(),
  side: z.enum(['Buy', 'Sell']),
  quantity: decimalText,
  /** The IOC limit: the reference price moved by the slippage cap against us. */
  limitPrice: decimalText,
  referencePrice: decimalText,
  notional: decimalText,
  estimatedFee: decimalText,
});
export type PlannedTrade = z.infer<typeof plannedTradeSchema>;

/** A plan's legs: one per symbol, with what the plan would trade there (`trade`, null for nothing). */
const planLegs = <Fields extends z.ZodRawShape>(fields: Fields) =>
  z.array(z.object({ symbol: z.string(), ...fields }));

export const repairPlanSchema = z.object({
  positionId,
  /** Per altered symbol: expected, actual, and what the repair trades. */
  legs: planLegs({
    expected: decimalText,
    actual: decimalText,
    trade: plannedTradeSchema.nullable(),
    /** Why this symbol cannot be repaired (below Bybit's minimum order, no price). */
    problem: z.string().nullable(),
  }),
  notional: decimalText,
  estimatedFees: decimalText,
  maxSlippagePercent: decimalText,
});
export type RepairPlan = z.infer<typeof repairPlanSchema>;

export const rebalancePlanSchema = z.object({
  positionId,
  legs: planLegs({
    /** enter: new in the index; exit: left it; resize; keep: within one step already. */
    action: z.enum(['enter', 'exit', 'resize', 'keep']),
    rank: z.number().int().nullable(),
    currentQuantity: decimalText,
    targetQuantity: decimalText,
    currentWeight: decimalText,
    targetWeight: decimalText,
    trade: plannedTradeSchema.nullable(),
  }),
  /** Σ |traded notional|. */
  turnover: decimalText,
  estimatedFees: decimalText,
  /** Tracking error of the holdings against today's index weights, before and after, in percent. */
  trackingErrorBefore: decimalText,
  trackingErrorAfter: decimalText,
  problems: z.array(z.string()),
});
export type RebalancePlan = z.infer<typeof rebalancePlanSchema>;

export const repairRequestSchema = z.object({ id: positionId, preview: z.literal(true).optional() }).strict();
export const rebalanceRequestSchema = repairRequestSchema;

export const outsideChangesRequestSchema = z
  .object({
    profileId: z.number().int().positive().optional(),
    symbol: z.string().min(1).max(32).optional(),
    limit: z.number().int().min(1).max(500).default(100),
  })
  .strict();
export const outsideChangesSchema = z.object({ executions: z.array(outsideExecutionSchema) });
