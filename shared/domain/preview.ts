import { z } from 'zod';
import { Dec } from '../decimal';
import { decimalText, indexIdSchema } from './indices';

/** A positive decimal typed by a person, bounded, with one sentence when it is not one. */
function boundedDecimal(label: string, min: string, max: string, places: number) {
  const pattern = new RegExp(`^\\d+(\\.\\d{1,${places}})?$`);
  return z
    .string()
    .trim()
    .superRefine((value, ctx) => {
      // "-5" is a number, just on the wrong side of zero: say that, not that it is no number.
      if (/^-\d+(\.\d+)?$/.test(value))
        ctx.addIssue({
          code: 'custom',
          message: new Dec(min).lt(1) ? `${label} must be more than 0` : `${label} must be at least ${min}`,
        });
      else if (!pattern.test(value))
        ctx.addIssue({ code: 'custom', message: `must be a number with at most ${places} decimals` });
      else if (new Dec(value).lt(min))
        ctx.addIssue({ code: 'custom', message: `${label} must be at least ${min}` });
      else if (new Dec(value).gt(max))
        ctx.addIssue({ code: 'custom', message: `${label} must be at most ${max}` });
    });
}

export const usdtSizeSchema = boundedDecimal('the size', '0.01', '100000000', 8);
export const leverageSchema = boundedDecimal('leverage', '1', '100', 2);
export const slippagePercentSchema = boundedDecimal('the slippage cap', '0.01', '10', 2);
/** Above this tracking error (%), opening needs the trader to acknowledge the legs left out. */
export const trackingErrorPercentSchema = boundedDecimal('the tracking error threshold', '0.01', '100', 2);
export const directionSchema = z.enum(['long', 'short']);
export type Direction = z.infer<typeof directionSchema>;

export const defaultSlippagePercent = '0.5';
export const defaultTrackingErrorAcknowledgePercent = '5';
/** Bybit's base taker fee for USDT perpetuals (0.055 %), used for estimates before an order exists. */
export const estimatedTakerFeeRate = '0.00055';

export const previewRequestSchema = z
  .object({
    profileId: z.number().int().positive().optional(),
    indexId: indexIdSchema,
    usdtSize: usdtSizeSchema,
    direction: directionSchema,
    leverage: leverageSchema.default('1'),
    /** Refuse (a blocking problem) instead of dropping legs that are too small at this size. */
    strict: z.boolean().default(false),
    /** Worst fill allowed per leg, in % from the price at confirmation; default from Settings. */
    maxSlippagePercent: slippagePercentSchema.optional(),
  })
  .strict();
export type PreviewRequest = z.infer<typeof previewRequestSchema>;

export const messageSchema = z.object({ code: z.string(), message: z.string() });
export type Message = z.infer<typeof messageSchema>;

export const previewLegSchema = z.object({
  symbol: z.string(),
  /** Market-cap rank in the snapshot; null for a basket coin the snapshot ranks nowhere. */
  rank: z.number().int().nullable(),
  /** The index's own weight for this coin (fraction). */
  indexWeight: decimalText,
  /** The weight sized for: the index weight renormalised over the legs that are kept. */
  targetWeight: decimalText,
  /** Notional share of the basket after rounding to the quantity step. */
  achievedWeight: decimalText,
  price: decimalText,
  side: z.enum(['Buy', 'Sell']),
  /** Positive, on the instrument's quantity step. */
  quantity: decimalText,
  notional: decimalText,
  /** Order quantities: more than one when the leg exceeds Bybit's largest market order. */
  orders: z.array(decimalText),
  qtyStep: decimalText,
  minOrderQty: decimalText,
  minNotionalValue: decimalText,
  maxMktOrderQty: decimalText,
  maxLeverage: decimalText,
  warnings: z.array(messageSchema),
});
export type PreviewLeg = z.infer<typeof previewLegSchema>;

/** A leg left out, with the quantity and notional it would have had at this size (0 when it cannot be priced). */
export const droppedLegSchema = previewLegSchema
  .pick({ symbol: true, rank: true, indexWeight: true, quantity: true, notional: true })
  .extend({ reason: messageSchema });
export type DroppedLeg = z.infer<typeof droppedLegSchema>;

/** What opening must be acknowledged for, in words, and the legs the open request must name. */
export const acknowledgementSchema = z.object({
  /** Every leg left out, best rank first; `positions.open` needs them all in `acknowledgedDropped`. */
  symbols: z.array(z.string()),
  message: z.string(),
});
export type Acknowledgement = z.infer<typeof acknowledgementSchema>;

export const previewSchema = z.object({
  indexId: z.string(),
  indexName: z.string(),
  usdtSize: decimalText,
  direction: directionSchema,
  leverage: decimalText,
  strict: z.boolean(),
  maxSlippagePercent: decimalText,
  /** The universe snapshot the constituents came from. */
  snapshotDate: z.string().nullable(),
  /** When the prices were read (ISO). */
  pricedAt: z.string(),
  legs: z.array(previewLegSchema),
  dropped: z.array(droppedLegSchema),
  /** True when legs were dropped and the rest scaled up to fill the size. */
  renormalised: z.boolean(),
  totals: z.object({
    notional: decimalText,
    estimatedFees: decimalText,
    initialMargin: decimalText,
    /** USDT the account can use now; null without a key (or when Bybit could not be asked). */
    availableBalance: decimalText.nullable(),
    orders: z.number().int().nonnegative(),
  }),
  /** ½ Σ |achieved − index weight| over every constituent, dropped ones included (fraction). */
  trackingError: decimalText,
  /**
   * The most one leg may weigh after renormalising (fraction): the index's cap, or 1/n when only n legs
   * are kept and n × the cap is under 100 %; null for an uncapped index.
   */
  cap: decimalText.nullable(),
  /** The smallest whole-USDT size at which no leg is dropped for being too small; null when none exists. */
  minimumUsdtSize: decimalText.nullable(),
  /**
   * The smallest size that still keeps every leg when prices move up to `minimumSizePriceMove` (0.5 %)
   * before the open: what "Apply minimum" applies.
   */
  minimumUsdtSizeWithMargin: decimalText.nullable(),
  /**
   * Set when legs are left out while the tracking error is above the trader's threshold (Settings), or
   * one of the index's five best-ranked coins is among them: opening needs an acknowledgement.
   */
  acknowledgement: acknowledgementSchema.nullable(),
  /** Reasons the preview cannot be opened as it stands. */
  problems: z.array(messageSchema),
  /** Worth knowing, not blocking. */
  notes: z.array(messageSchema),
});
export type Preview = z.infer<typeof previewSchema>;
