import { afterAll, beforeAll } from 'vitest';
import { removeTempDirs } from '../db/db-test-helpers';
import { startSimulator, type Simulator, type SimulatorOptions } from '../sim';
import { startSimCore, type SimCore } from './sim-core';

/** What `useSimCore` has started; its fields are set by the file's beforeAll. */
export interface SimSession extends SimCore {
  sim: Simulator;
}

/**
 * A trading session for one integration test file: the simulator (with `simulator`'s options, its
 * defaults walk the prices) and the real core on it with a trader, a funded key and today's universe
 * (`startSimCore`, with `core`'s options). Both are stopped, and the temp directories removed, after the
 * file's tests.
 */
export function useSimCore(
  options: {
    simulator?: SimulatorOptions;
    core?: Parameters<typeof startSimCore>[1];
    /** Set up the simulator before the core first reads it (prices). */
    beforeCore?: (sim: Simulator) => void;
    /** Run first at teardown, while both still run (undo a fault the simulator was given). */
    beforeStop?: (session: SimSession) => void;
    /** For starting both (default 120 s). */
    timeoutMs?: number;
  } = {},
): SimSession {
  const session = {} as SimSession;
  beforeAll(async () => {
    session.sim = await startSimulator(options.simulator);
    options.beforeCore?.(session.sim);
    Object.assign(session, await startSimCore(session.sim, options.core));
  }, options.timeoutMs ?? 120_000);
  afterAll(async () => {
    if (session.sim) options.beforeStop?.(session);
    await session.app?.stop();
    await session.sim?.close();
    removeTempDirs();
  });
  return session;
}
