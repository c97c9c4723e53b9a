import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { GeneralDb } from '../db';
import { synthexPgTypes } from '../db/pg-types';
import { BybitGateway } from '../exchange/gateway';
import type { Logger } from '../util/logger';
import { CoinGeckoClient } from './coingecko-client';
import type { PollerMessage, RefreshRequest } from './poller-protocol';
import { refreshUniverse } from './refresh-universe';
import { SnapshotStore } from './snapshot-store';

export interface RefreshRunnerOptions {
  logger: Logger;
  /** Tests and the bench shorten CoinGecko's back-off. */
  coingeckoBackoffMs?: { first: number; max: number };
}

/**
 * What the poller process does for one refresh request: its own connection to the General Data DB,
 * Bybit's public market data through the gateway (no API key), CoinGecko's ranks, one snapshot write.
 * Every outcome becomes a message; nothing throws out of here.
 */
export async function runRefreshRequest(
  request: RefreshRequest,
  post: (message: PollerMessage) => void,
  options: RefreshRunnerOptions,
): Promise<void> {
  const { runId, config } = request;
  const pool = new pg.Pool({
    ...config.generalDb,
    types: synthexPgTypes,
    max: 2,
    connectionTimeoutMillis: 10_000,
  });
  pool.on('error', (error) =>
    options.logger.warn('general database connection lost', { error: error.message }),
  );
  pool.on('connect', (client) => client.on('error', () => {}));
  // Connect (and authenticate) while the sources are being read, not after: the write then starts at once.
  const warm = pool.connect().then(
    (client) => client.release(),
    () => {}, // a refused connection fails the write below, with its own message
  );
  const db = new Kysely<GeneralDb>({ dialect: new PostgresDialect({ pool }) });
  const gateway = new BybitGateway({
    endpoints: { environment: 'custom', restUrl: config.bybitRestUrl, publicWsUrl: '', privateWsUrl: '' },
    logger: options.logger,
  });
  const coingecko = new CoinGeckoClient({
    baseUrl: config.coingeckoUrl,
    apiKey: config.coingeckoApiKey,
    logger: options.logger,
    backoffMs: options.coingeckoBackoffMs,
  });
  try {
    const summary = await refreshUniverse({
      feeds: {
        instruments: () => gateway.getInstruments({ refresh: true }),
        tickers: () => gateway.getTickers(),
        marketCaps: (pages, handlers) => coingecko.topCoins(pages, handlers),
      },
      writer: new SnapshotStore(db),
      depthPages: config.depthPages,
      onProgress: (progress) => post({ type: 'progress', runId, ...progress }),
    });
    post({
      type: 'done',
      runId,
      fetchDate: summary.fetchDate,
      assets: summary.assets,
      writeMs: summary.writeMs,
      roundTrips: { bybit: gateway.roundTrips, coingecko: coingecko.roundTrips },
    });
  } catch (error) {
    post({ type: 'failed', runId, error: error instanceof Error ? error.message : String(error) });
  } finally {
    await warm;
    await db.destroy();
  }
}
