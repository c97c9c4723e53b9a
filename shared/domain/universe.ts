import { z } from 'zod';

/** A decimal carried as a string end to end (never a float). */
const decimalString = z.string().regex(/^-?\d+(\.\d+)?$/, 'must be a decimal string');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD');

export const universeAssetSchema = z.object({
  symbol: z.string(),
  baseCoin: z.string(),
  /** The coin without Bybit's contract multiplier (PEPE for 1000PEPEUSDT). */
  coin: z.string(),
  multiplier: decimalString,
  marketCapRank: z.number().int().positive(),
  /** USD. */
  marketCap: decimalString.nullable(),
  minNotionalValue: decimalString,
  /** 24h turnover in USDT. */
  turnover24h: decimalString.nullable(),
});
export type UniverseAsset = z.infer<typeof universeAssetSchema>;

export const universeSnapshotSchema = z.object({
  fetchDate: isoDate,
  assets: z.array(universeAssetSchema),
});
export type UniverseSnapshot = z.infer<typeof universeSnapshotSchema>;

export const refreshReasonSchema = z.enum(['startup', 'schedule', 'manual', 'retry']);
export type RefreshReason = z.infer<typeof refreshReasonSchema>;

export const refreshRunSchema = z.object({
  id: z.number().int(),
  reason: refreshReasonSchema,
  status: z.enum(['running', 'succeeded', 'failed']),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  durationMs: z.number().int().nonnegative().nullable(),
  fetchDate: isoDate.nullable(),
  assets: z.number().int().nonnegative().nullable(),
  error: z.string().nullable(),
});
export type RefreshRun = z.infer<typeof refreshRunSchema>;

export const universeStateSchema = z.object({
  /** The newest snapshot, or null before the first successful refresh. */
  snapshot: universeSnapshotSchema.nullable(),
  lastRun: refreshRunSchema.nullable(),
  /**
   * The run that wrote the snapshot (the newest success for its date), so its age is exact even when
   * a later run failed; null when no recorded run wrote it.
   */
  snapshotWrittenBy: refreshRunSchema.nullable(),
  running: refreshRunSchema.nullable(),
  /** When the next refresh is due: the daily run, or a retry after a failure. */
  nextRunAt: z.string().nullable(),
});
export type UniverseState = z.infer<typeof universeStateSchema>;

export const universeHistoryRequestSchema = z
  .object({
    /** A past snapshot to read; without it only the list of dates is returned. */
    date: isoDate.optional(),
  })
  .strict();

export const universeHistorySchema = z.object({
  /** Dates with a snapshot, newest first. */
  dates: z.array(isoDate),
  snapshot: universeSnapshotSchema.nullable(),
});
export type UniverseHistory = z.infer<typeof universeHistorySchema>;

export const refreshStartedSchema = z.object({
  /** False when a refresh was already running: that run is the one returned. */
  started: z.boolean(),
  run: refreshRunSchema,
});

export const universeProgressSchema = z.object({
  runId: z.number().int(),
  stage: z.enum(['instruments', 'tickers', 'market-caps', 'mapping', 'writing', 'done', 'failed']),
  done: z.number().int().nonnegative(),
  total: z.number().int().positive(),
  message: z.string(),
});
export type UniverseProgress = z.infer<typeof universeProgressSchema>;
