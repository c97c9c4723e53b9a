import { describe, expect, it } from 'vitest';
import { useSimCore } from '../support/sim-session';
import { waitFor } from '../support/wait-for';
import { byHand } from './drift-helpers';

/**
 * The minute's full read logs another client's fills even on an account where Synthex holds no position:
 * a fill whose pushes were both lost is in the outside log all the same (the explorer found one missing
 * on an account whose positions all lived on another).
 */
// A short period stands in for the minute: the test waits for the read, not for the clock.
const setup = useSimCore({ core: { positions: { reconciler: { periodMs: 300 } } } });

describe('the full read without positions', () => {
  it('logs a hand fill whose execution and position pushes were both lost', async () => {
    // After the new key's own catch-up (two passes) is over, so only the full read can find the fill.
    await waitFor(
      () =>
        setup.app.logLines.filter((line) => line.includes('private stream caught up over REST')).length >=
          2 || null,
      { timeoutMs: 20_000, intervalMs: 50 },
    );
    const hand = byHand(setup.sim, setup.key);
    for (const topic of ['execution', 'position'] as const)
      setup.sim.control.privateStreamFaultNext({ topic, kind: 'drop', count: 5, apiKey: setup.key.apiKey });
    await hand.market('XRPUSDT', 'Buy', '40');
    const logged = await waitFor(
      async () => {
        const { executions } = await setup.app.invoke('positions.outsideChanges', {});
        return executions.find((e) => e.symbol === 'XRPUSDT') ?? null;
      },
      { timeoutMs: 20_000, intervalMs: 50 },
    );
    expect(logged).toMatchObject({ side: 'Buy', quantity: '40' });
    const { positions } = await setup.app.invoke('positions.list', {});
    expect(positions).toEqual([]);
  });
});
