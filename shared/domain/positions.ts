import { z } from 'zod';
import { alterationHistoryEntrySchema, alterationSchema, pendingActionSchema } from './drift';
import { decimalText, indexIdSchema } from './indices';
import { riskRulesSchema } from './risk';
import { directionSchema, leverageSchema, slippagePercentSchema, usdtSizeSchema } from './preview';

export const positionStatuses = ['PENDING', 'EXECUTING', 'ACTIVE', 'CLOSING', 'CLOSED', 'FAILED'] as const;
export const positionStatusSchema = z.enum(positionStatuses);
export type PositionStatus = z.infer<typeof positionStatusSchema>;

/** Statuses a position can still leave: the app resumes these at start. */
export const unfinishedStatuses: readonly PositionStatus[] = ['PENDING', 'EXECUTING', 'CLOSING'];

/** What an order was sent for (the letter in its orderLinkId). */
export const orderKinds = ['open', 'close', 'repair', 'rebalance'] as const;
export const orderKindSchema = z.enum(orderKinds);
export type OrderKind = z.infer<typeof orderKindSchema>;

/**
 * What a fill was for; `adopt` is the quantity an adoption accepted into the position (docs/drift.md).
 * Bybit's own events on the account are the position's too: `liquidation` (BustTrade), `adl` (AdlTrade),
 * `delivery` (a delisted contract settled), and `outside`: a leg that left the account by another hand.
 */
export const tradeKinds = [...orderKinds, 'adopt', 'liquidation', 'adl', 'delivery', 'outside'] as const;
export const tradeKindSchema = z.enum(tradeKinds);
export type TradeKind = z.infer<typeof tradeKindSchema>;

export const onPartialFailureSchema = z.enum(['rollback', 'keep']);
export type OnPartialFailure = z.infer<typeof onPartialFailureSchema>;

const positionId = z.number().int().positive();
const isoTime = z.string();

export const positionSchema = z.object({
  id: positionId,
  profileId: z.number().int(),
  indexId: z.string(),
  indexName: z.string(),
  usdtSize: decimalText,
  direction: directionSchema,
  leverage: decimalText,
  status: positionStatusSchema,
  /** Bybit's real holdings no longer match what the position should hold. */
  isAltered: z.boolean(),
  /** What differs, per symbol, while the account does not match (null when in line). */
  alteration: alterationSchema.nullable(),
  /** A repair or rebalance being worked (resumed after a restart). */
  pendingAction: pendingActionSchema.nullable(),
  unrealizedPnl: decimalText,
  /** Final once CLOSED or FAILED (Σ sell value − buy value − fees); gains of partial closes before that. */
  realizedPnl: decimalText,
  /** Why it FAILED, why a close is stuck, or which legs are missing (kept after a partial failure). */
  failureReason: z.string().nullable(),
  onPartialFailure: onPartialFailureSchema,
  maxSlippagePercent: decimalText,
  /** The exchange environment it trades in. */
  environment: z.string(),
  /** The Bybit account it lives on, in words ("Bybit account 1234567"); null for a position from before binding. */
  account: z.string().nullable(),
  /**
   * Set while the profile's key belongs to another account than the one the position lives on: what to do,
   * in words. Nothing is sent for the position meanwhile (store a key of its account again, or mark it
   * closed outside Synthex).
   */
  accountMismatch: z.string().nullable(),
  legs: z.number().int().nonnegative(),
  createdAt: isoTime,
  updatedAt: isoTime,
  closedAt: isoTime.nullable(),
});
export type Position = z.infer<typeof positionSchema>;

export const orderStateSchema = z.enum(['intent', 'accepted', 'unknown', 'filled', 'cancelled', 'rejected']);
export type OrderState = z.infer<typeof orderStateSchema>;

/** One leg: what it should hold (frozen at creation) and what its trades say it holds. */
export const componentSchema = z.object({
  id: z.number().int(),
  symbol: z.string(),
  /** Signed: negative is short. */
  expectedQuantity: decimalText,
  heldQuantity: decimalText,
  /** Average entry of what is held; null when flat. */
  averageEntryPrice: decimalText.nullable(),
  targetWeight: decimalText.nullable(),
  /** The price the leg was sized and capped at when the trader confirmed. */
  referencePrice: decimalText.nullable(),
  feesPaid: decimalText,
  lastFillAt: isoTime.nullable(),
  /** State of the leg's latest order, if any. */
  orderState: orderStateSchema.nullable(),
  /** The cockpit's live figures (positions.get only; null where unknown: no mark yet, nothing held). */
  markPrice: decimalText.nullable().optional(),
  /** held × (mark − entry) − the leg's fees − its funding: the legs sum to the position's unrealised PnL. */
  unrealizedPnl: decimalText.optional(),
  /** Unrealised over the leg's entry notional, in %. */
  unrealizedPercent: decimalText.nullable().optional(),
  /** The leg's share of the position's current notional (|held × mark|); the legs sum to 1. */
  weightNow: decimalText.nullable().optional(),
  /** Bybit's liquidation price of the account's position on this coin ('' none). */
  liqPrice: decimalText.nullable().optional(),
  /** |mark − liqPrice| / mark, in %. */
  liqDistancePercent: decimalText.nullable().optional(),
  /** Why the liquidation price is not this leg's alone (other positions or holdings on the coin, cross margin). */
  liqShared: z.string().nullable().optional(),
  fundingPaid: decimalText.optional(),
  /** Gains of what the leg already reduced; once the position is final, its whole result. */
  realizedPnl: decimalText.optional(),
});
export type Component = z.infer<typeof componentSchema>;

export const tradeSchema = z.object({
  id: z.number().int(),
  execId: z.string(),
  orderLinkId: z.string().nullable(),
  bybitOrderId: z.string(),
  symbol: z.string(),
  side: z.enum(['Long', 'Short']),
  price: decimalText,
  quantity: decimalText,
  fee: decimalText,
  feeCurrency: z.string(),
  kind: tradeKindSchema,
  timestamp: isoTime,
});
export type Trade = z.infer<typeof tradeSchema>;

/** What a position's history says happened to it (docs/architecture.md §7b). */
export const positionEventKinds = [
  'guard',
  'closed_outside',
  'liquidation',
  'adl',
  'delivery',
  'delisting',
  'account_mismatch',
  'marked_closed',
  'remainder',
  'risk_rules',
  'risk_trigger',
  'risk_protection',
  'risk_stale',
] as const;
export const positionEventKindSchema = z.enum(positionEventKinds);
export type PositionEventKind = z.infer<typeof positionEventKindSchema>;

export const positionEventSchema = z.object({
  id: z.number().int(),
  kind: positionEventKindSchema,
  symbol: z.string().nullable(),
  /** In words, with the numbers. */
  message: z.string(),
  at: isoTime,
});
export type PositionEvent = z.infer<typeof positionEventSchema>;

/** The `positions.event` payload: one event with the position it happened to. */
export const positionEventPayloadSchema = positionEventSchema
  .omit({ id: true })
  .extend({ positionId: z.number().int().positive() });

/**
 * What a fill's order did, as the trader and Bybit say it: Buy or Sell. The database and the contract keep
 * Long/Short (Long = bought), but a closing fill of a long position is a sale, and "Short" there reads as
 * if a short position had been opened. The trades table and the CSV show this.
 */
export const orderSideOf = (side: Trade['side']): 'Buy' | 'Sell' => (side === 'Long' ? 'Buy' : 'Sell');

export const positionOrderSchema = z.object({
  id: z.number().int(),
  componentId: z.number().int(),
  symbol: z.string(),
  kind: orderKindSchema,
  attempt: z.number().int(),
  chunk: z.number().int(),
  orderLinkId: z.string(),
  side: z.enum(['Buy', 'Sell']),
  quantity: decimalText,
  limitPrice: decimalText.nullable(),
  reduceOnly: z.boolean(),
  positionIdx: z.number().int(),
  state: orderStateSchema,
  bybitOrderId: z.string().nullable(),
  bybitStatus: z.string().nullable(),
  filledQuantity: decimalText,
  errorCode: z.string().nullable(),
  errorMessage: z.string().nullable(),
  createdAt: isoTime,
  updatedAt: isoTime,
});
export type PositionOrder = z.infer<typeof positionOrderSchema>;

const profileTarget = { profileId: z.number().int().positive().optional() };

export const positionsOpenRequestSchema = z
  .object({
    ...profileTarget,
    /** The same requestId twice opens one position (a retried click, a resent frame). */
    requestId: z.uuid('must be a UUID'),
    indexId: indexIdSchema,
    usdtSize: usdtSizeSchema,
    direction: directionSchema,
    leverage: leverageSchema.default('1'),
    onPartialFailure: onPartialFailureSchema.default('rollback'),
    maxSlippagePercent: slippagePercentSchema.optional(),
    /** Refuse instead of dropping legs that are too small at this size. */
    strict: z.boolean().default(false),
    /**
     * The legs the trader agreed to leave out, when the preview asks for an acknowledgement (a tracking
     * error above the Settings threshold, or one of the index's five best-ranked coins left out): the open
     * is refused unless every leg it would leave out is named here. An empty list acknowledges a tracking
     * error with nothing left out.
     */
    acknowledgedDropped: z.array(z.string().min(1).max(40)).max(500).optional(),
    /** Risk rules armed with the open (docs/risk.md), checked like `risk.set` before anything is written. */
    risk: riskRulesSchema.optional(),
  })
  .strict();
export type PositionsOpenRequest = z.infer<typeof positionsOpenRequestSchema>;

export const positionEnvelopeSchema = z.object({ position: positionSchema });

export const positionsListRequestSchema = z
  .object({
    ...profileTarget,
    status: z.union([positionStatusSchema, z.array(positionStatusSchema).min(1)]).optional(),
  })
  .strict();
export const positionsListSchema = z.object({ positions: z.array(positionSchema) });

export const positionIdRequestSchema = z.object({ id: positionId }).strict();

export const positionDetailSchema = z.object({
  position: positionSchema,
  components: z.array(componentSchema),
  trades: z.array(tradeSchema),
  orders: z.array(positionOrderSchema),
  /** The latest alterations (appeared, changed, cleared, repaired, adopted), newest first. */
  alterations: z.array(alterationHistoryEntrySchema),
  /** What happened to it beyond its own orders (guard refusals, liquidations, delistings…), newest first. */
  events: z.array(positionEventSchema),
});
export type PositionDetail = z.infer<typeof positionDetailSchema>;

export const exportTradesRequestSchema = z.object({ ...profileTarget, id: positionId.optional() }).strict();
export const exportTradesSchema = z.object({
  filename: z.string(),
  /** RFC 4180 CSV with a header row, one row per fill. */
  csv: z.string(),
  rows: z.number().int().nonnegative(),
});

export const progressStages = [
  'pending',
  'leverage',
  'placing',
  'filling',
  'retrying',
  'rollback',
  'active',
  'closing',
  'closed',
  'failed',
  'resuming',
  'stuck',
] as const;
export const positionProgressSchema = z.object({
  positionId: positionId,
  stage: z.enum(progressStages),
  legsDone: z.number().int().nonnegative(),
  legsTotal: z.number().int().nonnegative(),
  message: z.string(),
  /** Per leg, for the live execution view: filled so far of what this stage wants. */
  legs: z
    .array(
      z.object({
        symbol: z.string(),
        target: decimalText,
        filled: decimalText,
        state: z.enum(['waiting', 'sent', 'filled', 'partial', 'failed']),
      }),
    )
    .optional(),
});
export type PositionProgress = z.infer<typeof positionProgressSchema>;
