import type { Kysely } from 'kysely';
import type pg from 'pg';
import type { GeneralDb } from '../db';
import type { Logger } from '../util/logger';
import { tryFetchLock } from './fetch-lock';
import type { HistoryClient } from './history-client';
import { HistoryStore } from './history-store';
import { dayMs, syncDailyMarks, syncFunding, type SeriesSyncContext } from './series-sync';

export interface HistorySyncOptions {
  db: Kysely<GeneralDb>;
  /** The General Data DB's connection settings, for the lock's own connection. */
  connection: pg.ClientConfig;
  client: HistoryClient;
  keepDays: number;
  rankDepth: number;
  extraSymbols: readonly string[];
  concurrency: number;
  logger: Logger;
  now?: () => number;
  signal?: AbortSignal;
  onProgress?: (progress: { done: number; total: number; message: string }) => void;
}

export type HistorySyncOutcome =
  | { kind: 'skipped'; holder: string }
  | {
      kind: 'done';
      symbols: number;
      rows: number;
      failures: { symbol: string; error: string }[];
      durationMs: number;
    };

/**
 * One market-history run: elected by the General Data DB's fetch lock (or skipped, naming the fetcher),
 * then every symbol worth having brought up to date (marks, then funding), `concurrency` at a time within
 * the client's rate limit, best-ranked first, then what is older than the kept span forgotten. A symbol
 * that fails is reported and the others go on; the next run retries it from its coverage.
 */
export async function runHistorySync(options: HistorySyncOptions): Promise<HistorySyncOutcome> {
  const attempt = await tryFetchLock(options.connection);
  if (!attempt.taken) return { kind: 'skipped', holder: attempt.holder };
  const started = Date.now();
  try {
    const now = options.now?.() ?? Date.now();
    const store = new HistoryStore(options.db);
    const since = new Date(now - options.keepDays * dayMs).toISOString().slice(0, 10);
    const symbols = await store.symbolsToFetch(since, options.rankDepth, options.extraSymbols);
    const context: SeriesSyncContext = {
      client: options.client,
      store,
      now,
      keepDays: options.keepDays,
      signal: options.signal,
    };
    const failures: { symbol: string; error: string }[] = [];
    let rows = 0;
    let done = 0;
    const total = symbols.length;
    options.onProgress?.({ done, total, message: `Fetching the history of ${total} perpetuals` });
    const queue = [...symbols];
    const worker = async () => {
      for (let symbol = queue.shift(); symbol !== undefined; symbol = queue.shift()) {
        if (options.signal?.aborted) return;
        try {
          rows += (await syncDailyMarks(context, symbol)).rows;
          rows += (await syncFunding(context, symbol)).rows;
        } catch (error) {
          if (options.signal?.aborted) return;
          const message = error instanceof Error ? error.message : String(error);
          failures.push({ symbol, error: message });
          options.logger.warn('market history of a symbol failed', { symbol, error: message });
        }
        done += 1;
        options.onProgress?.({ done, total, message: `${symbol} up to date (${done} of ${total})` });
      }
    };
    await Promise.all(Array.from({ length: Math.min(options.concurrency, Math.max(1, total)) }, worker));
    if (options.signal?.aborted) throw new Error('the market-history fetch was stopped');
    await store.prune(now - options.keepDays * dayMs - dayMs);
    return { kind: 'done', symbols: total, rows, failures, durationMs: Date.now() - started };
  } finally {
    await attempt.lock.release();
  }
}
