import { stopMessageSchema } from '../core/process/child-protocol';
import { historyRequestSchema } from '../core/market-history/history-protocol';
import { runHistoryRequest } from '../core/market-history/run-history-request';
import { refreshRequestSchema } from '../core/universe/poller-protocol';
import { runRefreshRequest } from '../core/universe/run-refresh-request';
import { createConsoleLogger } from '../core/util/logger';
import { connectToParent } from './parent-port';

/**
 * Utility-process entry for the poller: answers the host's ready handshake, runs one universe refresh
 * and one market-history run at a time (the host never sends two of a kind at once; the two kinds run
 * side by side), and on a stop finishes the refresh, stops the history run between requests (it
 * resumes from what it wrote) and exits.
 */
const parent = connectToParent();
const logger = createConsoleLogger('poller');
let refreshing: Promise<void> | null = null;
let history: { done: Promise<void>; abort: AbortController } | null = null;

parent.onMessage((message) => {
  if (stopMessageSchema.safeParse(message).success) {
    history?.abort.abort();
    void Promise.all([refreshing, history?.done]).finally(() => process.exit(0));
    return;
  }
  const refresh = refreshRequestSchema.safeParse(message);
  if (refresh.success) {
    refreshing = runRefreshRequest(refresh.data, (reply) => parent.post(reply), { logger }).finally(() => {
      refreshing = null;
    });
    return;
  }
  const historyRequest = historyRequestSchema.safeParse(message);
  if (historyRequest.success) {
    const abort = new AbortController();
    const done = runHistoryRequest(historyRequest.data, (reply) => parent.post(reply), {
      logger,
      signal: abort.signal,
    }).finally(() => {
      history = null;
    });
    history = { done, abort };
    return;
  }
  logger.warn('ignoring a message that is neither a refresh nor a market-history request');
});

parent.post({ type: 'ready' });
