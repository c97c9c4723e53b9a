import type { SupervisedProcess } from './supervised-process';
import { whenReady } from './when-ready';

/** A run whose answer never came: the poller was not there, or it went away; why, in words. */
export interface LostRun {
  type: 'lost';
  error: string;
}

/**
 * One run asked of the poller (a universe refresh, a market-history fetch): waits up to `waitMs` for it to be
 * ready, sends what `request` builds, then waits for `outcome`, which the caller's message and state
 * handlers settle. Whatever stops it on the way (not ready, not running, the request not built) is the
 * outcome `lost`, with the error's words; it never throws.
 */
export async function runOnPoller<O>(
  poller: SupervisedProcess,
  waitMs: number,
  request: () => unknown,
  outcome: Promise<O>,
): Promise<O | LostRun> {
  try {
    await whenReady(poller, waitMs);
    if (!poller.send(await request())) throw new Error('The poller process is not running');
    return await outcome;
  } catch (error) {
    return { type: 'lost', error: error instanceof Error ? error.message : String(error) };
  }
}
