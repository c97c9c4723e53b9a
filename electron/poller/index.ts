import { stopMessageSchema } from '../core/process/child-protocol';
import { connectToParent } from './parent-port';

/**
 * Utility-process entry for the universe poller. For now it answers the host's ready handshake and
 * stops on request; the universe refresh arrives with the poller feature.
 */
const parent = connectToParent();

parent.onMessage((message) => {
  if (stopMessageSchema.safeParse(message).success) process.exit(0);
});

parent.post({ type: 'ready' });
