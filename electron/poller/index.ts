import { stopMessageSchema } from '../core/process/child-protocol';
import { refreshRequestSchema } from '../core/universe/poller-protocol';
import { runRefreshRequest } from '../core/universe/run-refresh-request';
import { createConsoleLogger } from '../core/util/logger';
import { connectToParent } from './parent-port';

/**
 * Utility-process entry for the universe poller: answers the host's ready handshake, runs one refresh
 * per request (the host never sends two at once), and finishes its run before honouring a stop.
 */
const parent = connectToParent();
const logger = createConsoleLogger('poller');
let current: Promise<void> | null = null;

parent.onMessage((message) => {
  if (stopMessageSchema.safeParse(message).success) {
    void (current ?? Promise.resolve()).finally(() => process.exit(0));
    return;
  }
  const request = refreshRequestSchema.safeParse(message);
  if (!request.success) {
    logger.warn('ignoring a message that is not a refresh request');
    return;
  }
  current = runRefreshRequest(request.data, (reply) => parent.post(reply), { logger }).finally(() => {
    current = null;
  });
});

parent.post({ type: 'ready' });
