import { z } from 'zod';
import { Dec } from '../decimal';
import { decimalText, indexDefinitionSchema, indexIdSchema } from './indices';
import { directionSchema, leverageSchema, messageSchema, usdtSizeSchema } from './preview';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD');

/** The longest backtest: the two years of history the General Data DB keeps. */
export const maxBacktestDays = 731;
/** Bybit's base taker fee for USDT perpetuals, in basis points (0.055 %). */
export const defaultFeesBps = '5.5';

/** How often the basket is brought back to its index: on a calendar, on drift, or never. */
export const rebalanceRuleSchema = z.union([
  z.object({ every: z.enum(['day', 'week', 'month', 'quarter']) }).strict(),
  z
    .object({
      /** Percent: rebalance when the basket's weights drift this far (½ Σ |held − sized|) or the index changes. */
      trackingErrorAbove: z
        .string()
        .trim()
        .regex(/^\d+(\.\d{1,2})?$/, 'must be a percentage such as 5')
        .refine((text) => new Dec(text).gt(0) && new Dec(text).lte(100), 'must be above 0 and at most 100'),
    })
    .strict(),
  z.object({ never: z.literal(true) }).strict(),
]);
export type RebalanceRule = z.infer<typeof rebalanceRuleSchema>;

export const backtestRequestSchema = z
  .object({
    profileId: z.number().int().positive().optional(),
    /** A built-in or saved index; or `basket`, a definition not saved (exactly one of the two). */
    indexId: indexIdSchema.optional(),
    basket: indexDefinitionSchema.optional(),
    usdtSize: usdtSizeSchema,
    direction: directionSchema,
    leverage: leverageSchema.default('1'),
    /** First and last UTC day, inclusive: one point per day. */
    from: isoDate,
    to: isoDate,
    rebalance: rebalanceRuleSchema,
    /** Taker fee paid on every traded notional, in basis points (default Bybit's 5.5). */
    feesBps: z
      .string()
      .trim()
      .regex(/^\d+(\.\d{1,4})?$/, 'must be a number of basis points such as 5.5')
      .refine((text) => new Dec(text).lte(100), 'must be at most 100 basis points')
      .optional(),
  })
  .strict()
  .superRefine((request, ctx) => {
    if ((request.indexId === undefined) === (request.basket === undefined))
      ctx.addIssue({ code: 'custom', path: ['indexId'], message: 'give an index id or a basket, not both' });
    const days = (Date.parse(request.to) - Date.parse(request.from)) / 86_400_000 + 1;
    if (!(days >= 1))
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'must be on or after the first day' });
    else if (days > maxBacktestDays)
      ctx.addIssue({
        code: 'custom',
        path: ['from'],
        message: `a backtest covers at most ${maxBacktestDays} days, the history kept`,
      });
  });
export type BacktestRequest = z.input<typeof backtestRequestSchema>;
export type ParsedBacktestRequest = z.output<typeof backtestRequestSchema>;

export const backtestPointSchema = z.object({
  t: isoDate,
  /** USDT at the day's close: the margin put in, plus everything made, less fees and funding. */
  nav: decimalText,
  /** The same margin, size, direction and leverage in BTCUSDT alone; null without BTC's history. */
  btc: decimalText.nullable(),
  /** The first basket held, never rebalanced. */
  hodl: decimalText,
});
export type BacktestPoint = z.infer<typeof backtestPointSchema>;

export const backtestStatsSchema = z.object({
  /** Fractions: 0.12 is +12 %. */
  return: decimalText,
  cagr: decimalText,
  /** The deepest fall from a peak, as a positive fraction. */
  maxDrawdown: decimalText,
  /** Annualised standard deviation of daily returns (365 days a year: crypto trades every day). */
  volatility: decimalText,
  /** Mean over standard deviation of daily returns, annualised, no risk-free rate; null when flat. */
  sharpe: decimalText.nullable(),
  /** USDT; positive = paid, negative = received. */
  fundingPaid: decimalText,
  feesPaid: decimalText,
  /** Notional traded by rebalances, as a multiple of the size (the first open not counted). */
  turnover: decimalText,
  rebalances: z.number().int().nonnegative(),
});
export type BacktestStats = z.infer<typeof backtestStatsSchema>;

export const rebalanceEntrySchema = z.object({
  t: isoDate,
  /** The snapshot the composition came from (the newest on or before `t`, else the first one). */
  snapshotDate: isoDate,
  legs: z.array(z.object({ symbol: z.string(), quantity: decimalText, weight: decimalText })),
  entered: z.array(z.string()),
  exited: z.array(z.string()),
  /** NAV just before and just after the trades: they differ by the fees only. */
  navBefore: decimalText,
  navAfter: decimalText,
  fees: decimalText,
  turnover: decimalText,
});
export type RebalanceEntry = z.infer<typeof rebalanceEntrySchema>;

export const backtestResultSchema = z.object({
  indexId: z.string().nullable(),
  indexName: z.string(),
  from: isoDate,
  to: isoDate,
  series: z.array(backtestPointSchema),
  stats: backtestStatsSchema,
  /** From this day on, every input was there (membership snapshots, marks, funding); null = not at all. */
  faithfulFrom: isoDate.nullable(),
  notes: z.array(messageSchema),
  /** The first basket and every rebalance: the index's composition over time. */
  rebalanceLog: z.array(rebalanceEntrySchema),
});
export type BacktestResult = z.infer<typeof backtestResultSchema>;
