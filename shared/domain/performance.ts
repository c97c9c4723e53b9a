import { z } from 'zod';
import { decimalText } from './indices';

export const performanceRequestSchema = z.object({ id: z.number().int().positive() }).strict();

/**
 * `positions.performance`: the position's NAV (its PnL in USDT, realised included) per minute since it
 * opened, from the PnL engine's minute snapshots, next to the PnL of the same USDT size held in BTC from
 * the same moment (BTC's mark when the position opened, at each minute, and when it closed or now).
 */
export const performancePointSchema = z.object({
  t: z.string(),
  nav: decimalText,
  btc: decimalText.nullable(),
});

export const performanceStatsSchema = z.object({
  /** NAV at the end over the position's USDT size, in %. */
  return: decimalText,
  /** The deepest fall of (size + NAV) from its running peak, in % of that peak. */
  maxDrawdown: decimalText,
  fundingPaid: decimalText,
  feesPaid: decimalText,
  /** Σ |quantity × price| of every fill, in USDT. */
  turnover: decimalText,
  /** The return scaled to a year (simple, 365 days); null before the position has run a minute. */
  apr: decimalText.nullable(),
  /** BTC's move over the same time, in % (null while BTC's mark at open is unknown). */
  btcReturn: decimalText.nullable(),
});

export const performanceSchema = z.object({
  series: z.array(performancePointSchema),
  stats: performanceStatsSchema,
  benchmark: z.object({
    symbol: z.string(),
    openMark: decimalText.nullable(),
    /** At close, or now for an open position. */
    lastMark: decimalText.nullable(),
  }),
});
export type Performance = z.infer<typeof performanceSchema>;

export const exportHistoryRequestSchema = z
  .object({ profileId: z.number().int().positive().optional() })
  .strict();
