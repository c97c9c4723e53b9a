import { z } from 'zod';
import { pollerDatabaseSchema } from '../universe/poller-protocol';

/** Everything one market-history run needs travels with the request, as for a universe refresh. */
export const historyRequestSchema = z.object({
  type: z.literal('history'),
  runId: z.number().int(),
  config: z.object({
    generalDb: pollerDatabaseSchema,
    bybitRestUrl: z.string().url(),
    /** Days of history kept and fetched back (two years). */
    keepDays: z.number().int().min(1).max(731),
    /** Perpetuals ranked this well by any snapshot of the kept span are fetched. */
    rankDepth: z.number().int().min(1).max(1000),
    /** Fetched too, first: the benchmark and the coins of saved baskets. */
    extraSymbols: z.array(z.string()).max(2000),
    /** This fetcher's share of Bybit's IP limit (600 requests per 5 s across all traffic). */
    requestsPerFiveSeconds: z.number().int().min(1).max(600),
    /** Symbols fetched at once (each one's pages in order). */
    concurrency: z.number().int().min(1).max(32),
  }),
});
export type HistoryRequest = z.infer<typeof historyRequestSchema>;

export const historyFailureSchema = z.object({ symbol: z.string(), error: z.string() });

export const historyMessageSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('history-progress'),
    runId: z.number().int(),
    done: z.number().int().nonnegative(),
    total: z.number().int().nonnegative(),
    message: z.string(),
  }),
  z.object({
    type: z.literal('history-done'),
    runId: z.number().int(),
    symbols: z.number().int().nonnegative(),
    requests: z.number().int().nonnegative(),
    rows: z.number().int().nonnegative(),
    failures: z.array(historyFailureSchema),
    durationMs: z.number().nonnegative(),
  }),
  /** Another process holds the fetch lock of this General Data DB: this one reads what it writes. */
  z.object({ type: z.literal('history-skipped'), runId: z.number().int(), holder: z.string() }),
  z.object({ type: z.literal('history-failed'), runId: z.number().int(), error: z.string() }),
]);
export type HistoryMessage = z.infer<typeof historyMessageSchema>;
