import { z } from 'zod';
import { decimalText } from './indices';

const isoTime = z.string();

/** One leg's live figure: held quantity × (mark − average entry), before fees. */
export const pnlLegSchema = z.object({
  symbol: z.string(),
  /** Signed held quantity (negative = short). */
  quantity: decimalText,
  averageEntry: decimalText,
  /** null until the first tick of the symbol arrived. */
  markPrice: decimalText.nullable(),
  unrealizedPnl: decimalText,
  /** No tick for this symbol for 30 s (or none yet): the figure is not live. */
  stale: z.boolean(),
});
export type PnlLeg = z.infer<typeof pnlLegSchema>;

/** One ACTIVE position: Σ legs − fees paid − funding paid; realised is what partial closes made so far. */
export const pnlPositionSchema = z.object({
  id: z.number().int().positive(),
  unrealizedPnl: decimalText,
  /** True when any leg is stale. */
  stale: z.boolean(),
  legs: z.array(pnlLegSchema).optional(),
  name: z.string(),
  realizedPnl: decimalText,
  /** Unrealised PnL as a percentage of the position's USDT size. */
  percent: decimalText,
  usdtSize: decimalText,
  feesPaid: decimalText,
  /** Funding paid (positive) or received (negative), as Bybit's Funding executions report it. */
  fundingPaid: decimalText,
  isAltered: z.boolean(),
  /** Its armed risk rules in one line ("SL −2 % · TP +5 %"), or what fired; absent without rules. */
  risk: z.string().optional(),
});
export type PnlPosition = z.infer<typeof pnlPositionSchema>;

/** The `pnl.tick` event (at most 4 a second) and the answer of `pnl.get`. Totals are over ACTIVE positions. */
export const pnlTickSchema = z.object({
  at: isoTime,
  total: z.object({
    unrealizedPnl: decimalText,
    realizedPnl: decimalText,
    /** Unrealised over the summed sizes, in %. */
    percent: decimalText,
    stale: z.boolean(),
  }),
  positions: z.array(pnlPositionSchema),
});
export type PnlTick = z.infer<typeof pnlTickSchema>;

export const pnlPointSchema = z.object({
  /** The minute the snapshot stands for. */
  at: isoTime,
  unrealizedPnl: decimalText,
  realizedPnl: decimalText,
});
export type PnlPoint = z.infer<typeof pnlPointSchema>;

export const pnlHistoryRequestSchema = z
  .object({
    /** Series of these positions too (the total is always there); none = only the total. */
    positionIds: z.array(z.number().int().positive()).max(200).optional(),
    /** How far back, in hours (history is kept 90 days). */
    hours: z
      .number()
      .positive()
      .max(90 * 24)
      .default(24),
  })
  .strict();
export const pnlHistorySchema = z.object({
  /** Σ over the positions snapshotted in each minute. */
  total: z.array(pnlPointSchema),
  positions: z.array(z.object({ id: z.number().int().positive(), points: z.array(pnlPointSchema) })),
});
export type PnlHistory = z.infer<typeof pnlHistorySchema>;
