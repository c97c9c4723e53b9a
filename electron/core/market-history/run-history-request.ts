import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { GeneralDb } from '../db';
import { synthexPgTypes } from '../db/pg-types';
import { BybitGateway } from '../exchange/gateway';
import { RateLimits } from '../exchange/rate-limiter';
import type { Logger } from '../util/logger';
import { HistoryClient } from './history-client';
import type { HistoryMessage, HistoryRequest } from './history-protocol';
import { runHistorySync } from './history-sync';

/**
 * What the poller process does for one market-history request: its own connections to the General Data
 * DB (a pool, and the lock's), Bybit's public market data through a gateway limited to this fetcher's
 * share of the IP quota, and every outcome as a message. Nothing throws out of here.
 */
export async function runHistoryRequest(
  request: HistoryRequest,
  post: (message: HistoryMessage) => void,
  options: { logger: Logger; signal?: AbortSignal },
): Promise<void> {
  const { runId, config } = request;
  const pool = new pg.Pool({ ...config.generalDb, types: synthexPgTypes, max: config.concurrency + 1 });
  pool.on('error', (error) =>
    options.logger.warn('general database connection lost', { error: error.message }),
  );
  const db = new Kysely<GeneralDb>({ dialect: new PostgresDialect({ pool }) });
  const gateway = new BybitGateway({
    endpoints: { environment: 'custom', restUrl: config.bybitRestUrl, publicWsUrl: '', privateWsUrl: '' },
    logger: options.logger,
    rateLimits: new RateLimits({ ipPerFiveSeconds: config.requestsPerFiveSeconds }),
  });
  try {
    const outcome = await runHistorySync({
      db,
      connection: config.generalDb,
      client: new HistoryClient(gateway),
      keepDays: config.keepDays,
      rankDepth: config.rankDepth,
      extraSymbols: config.extraSymbols,
      concurrency: config.concurrency,
      logger: options.logger,
      signal: options.signal,
      onProgress: (progress) => post({ type: 'history-progress', runId, ...progress }),
    });
    if (outcome.kind === 'skipped') post({ type: 'history-skipped', runId, holder: outcome.holder });
    else
      post({
        type: 'history-done',
        runId,
        symbols: outcome.symbols,
        requests: gateway.roundTrips,
        rows: outcome.rows,
        failures: outcome.failures,
        durationMs: outcome.durationMs,
      });
  } catch (error) {
    post({ type: 'history-failed', runId, error: error instanceof Error ? error.message : String(error) });
  } finally {
    await db.destroy();
  }
}
