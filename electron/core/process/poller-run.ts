import type { Kysely } from 'kysely';
import type pg from 'pg';
import type { GeneralDb } from '../db';
import type { EventBus } from '../rpc/event-bus';
import type { Logger } from '../util/logger';
import type { SupervisedProcess } from './supervised-process';
import { whenReady } from './when-ready';

/**
 * What a service that runs its work on the poller (the universe refresh, the market history) is given: the
 * process, where it says what happens, its own config, the General Data DB (with the connection the poller
 * opens) and Bybit's REST URL.
 */
export interface PollerServiceOptions<Config> {
  poller: SupervisedProcess;
  events: EventBus;
  logger: Logger;
  config: Config;
  general: () => { db: Kysely<GeneralDb>; connection: pg.ClientConfig };
  bybitRestUrl: () => string;
}

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
