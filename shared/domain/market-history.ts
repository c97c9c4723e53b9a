import { z } from 'zod';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** One market-history run, as the Universe page shows it. */
export const historyRunSchema = z.object({
  runId: z.number().int(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  /** `skipped`: another Synthex process holds this General Data DB's fetch lock; this one reads. */
  outcome: z.enum(['running', 'done', 'skipped', 'failed']),
  symbols: z.number().int().nonnegative(),
  requests: z.number().int().nonnegative(),
  rows: z.number().int().nonnegative(),
  /** Symbols that could not be brought up to date this time (retried from where they stopped). */
  failures: z.array(z.object({ symbol: z.string(), error: z.string() })),
  error: z.string().nullable(),
});
export type HistoryRun = z.infer<typeof historyRunSchema>;

export const marketHistoryStateSchema = z.object({
  /** Who fetches into this General Data DB now: this app, another Synthex process, or nobody. */
  fetcher: z.enum(['this', 'other', 'none']),
  /** The other fetcher, as its database connection names it. */
  holder: z.string().nullable(),
  running: z
    .object({
      runId: z.number().int(),
      done: z.number().int().nonnegative(),
      total: z.number().int().nonnegative(),
      message: z.string(),
    })
    .nullable(),
  lastRun: historyRunSchema.nullable(),
  /** What is stored, whoever fetched it. */
  stored: z.object({
    symbols: z.number().int().nonnegative(),
    firstDay: isoDate.nullable(),
    lastDay: isoDate.nullable(),
    markDays: z.number().int().nonnegative(),
    fundingSettlements: z.number().int().nonnegative(),
    /** Symbols whose history goes back to their listing (younger than the kept span). */
    listedLater: z.number().int().nonnegative(),
  }),
  keepDays: z.number().int().positive(),
  nextRunAt: z.string().nullable(),
});
export type MarketHistoryState = z.infer<typeof marketHistoryStateSchema>;

export const historyProgressSchema = z.object({
  runId: z.number().int(),
  stage: z.enum(['fetching', 'done', 'skipped', 'failed']),
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  message: z.string(),
});
export type HistoryProgress = z.infer<typeof historyProgressSchema>;
