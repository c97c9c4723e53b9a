import { z } from 'zod';
import { universeProgressSchema } from '../../../shared/domain/universe';

/** How the poller reaches the General Data DB: a URL (external) or the embedded cluster's parts. */
export const pollerDatabaseSchema = z.object({
  connectionString: z.string().optional(),
  host: z.string().optional(),
  port: z.number().int().optional(),
  user: z.string().optional(),
  password: z.string().optional(),
  database: z.string().optional(),
});

/** Everything one refresh needs travels with the request, so a restarted poller needs no setup. */
export const refreshRequestSchema = z.object({
  type: z.literal('refresh'),
  runId: z.number().int(),
  config: z.object({
    generalDb: pollerDatabaseSchema,
    bybitRestUrl: z.string().url(),
    coingeckoUrl: z.string().url(),
    coingeckoApiKey: z.string().nullable(),
    depthPages: z.number().int().min(1).max(20),
  }),
});
export type RefreshRequest = z.infer<typeof refreshRequestSchema>;

const stages = universeProgressSchema.shape.stage.exclude(['done', 'failed']);

export const pollerMessageSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('progress'),
    runId: z.number().int(),
    stage: stages,
    done: z.number().int().nonnegative(),
    total: z.number().int().positive(),
    message: z.string(),
  }),
  z.object({
    type: z.literal('done'),
    runId: z.number().int(),
    fetchDate: z.string(),
    assets: z.number().int().nonnegative(),
    writeMs: z.number().nonnegative(),
    roundTrips: z.object({ bybit: z.number().int(), coingecko: z.number().int() }),
  }),
  z.object({ type: z.literal('failed'), runId: z.number().int(), error: z.string() }),
]);
export type PollerMessage = z.infer<typeof pollerMessageSchema>;
