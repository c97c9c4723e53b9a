import { z } from 'zod';
import { exchangeEnvironmentSchema } from './settings';
import { updatesStatusSchema } from './updates';

export const databaseStatusSchema = z.object({
  role: z.enum(['user', 'general']),
  /** embedded = our own cluster under the data directory; external = a URL from settings or the environment. */
  mode: z.enum(['embedded', 'external', 'unconfigured']),
  reachable: z.boolean(),
  /** Alembic revision the database is at; null when unknown. */
  revision: z.string().nullable(),
  /** Revision this build of the app expects; null before migrations exist. */
  expectedRevision: z.string().nullable(),
  message: z.string().nullable(),
});
export type DatabaseStatus = z.infer<typeof databaseStatusSchema>;

export const processStateSchema = z.enum(['stopped', 'starting', 'ready', 'crashed', 'restarting']);
export type ProcessState = z.infer<typeof processStateSchema>;

export const pollerStatusSchema = z.object({
  state: processStateSchema,
  pid: z.number().int().nullable(),
  restarts: z.number().int().nonnegative(),
  lastExit: z.string().nullable(),
  since: z.string(),
});
export type PollerStatus = z.infer<typeof pollerStatusSchema>;

/** Whether the exchange's public REST answers (a signed-free server-time read, repeated while it fails). */
export const exchangeReachabilitySchema = z.object({
  state: z.enum(['checking', 'reachable', 'unreachable']),
  /** What failed, in words ("getaddrinfo ENOTFOUND api.bybit.com"); null when reachable. */
  message: z.string().nullable(),
  checkedAt: z.string().nullable(),
  /**
   * The custom URL answered as Synthex's own Bybit simulator (on loopback, at its identity path): the
   * status bar then says "Simulator" instead of "custom". False for anything else.
   */
  simulator: z.boolean(),
});
export type ExchangeReachability = z.infer<typeof exchangeReachabilitySchema>;

export const systemStatusSchema = z.object({
  app: z.object({ name: z.string(), version: z.string(), mode: z.enum(['desktop', 'headless']) }),
  versions: z.object({
    node: z.string(),
    electron: z.string().nullable(),
    chrome: z.string().nullable(),
    platform: z.string(),
  }),
  dataDir: z.string(),
  startedAt: z.string(),
  databases: z.object({ user: databaseStatusSchema, general: databaseStatusSchema }),
  poller: pollerStatusSchema,
  exchange: z.object({
    environment: exchangeEnvironmentSchema,
    restUrl: z.string(),
    wsUrl: z.string(),
    reachability: exchangeReachabilitySchema,
  }),
  updates: updatesStatusSchema,
  /** Where the log files are (desktop); null when logs go to stderr (headless). */
  logs: z.object({ directory: z.string().nullable() }),
});
export type SystemStatus = z.infer<typeof systemStatusSchema>;
