import { describe, expect, it } from 'vitest';
import { Dec, sum } from '../../shared/decimal';
import {
  accountNets,
  byHand,
  componentNets,
  expectNetsEqual,
  leg,
  waitAltered,
} from '../drift/drift-helpers';
import { useSimCore } from '../support/sim-session';
import { waitFor } from '../support/wait-for';
import { expectNoDuplicateSends, newTrader, openPosition, waitForStatus } from './position-helpers';

/**
 * One queue per Bybit account (docs/architecture.md §7b): the review's race 1, a repair of one position
 * planned while another position opens on the same coins, sold the fresh fills of the other. With both
 * requests in flight at once, the repair may only put back the leg that was closed by hand.
 */
const setup = useSimCore({
  simulator: { tickIntervalMs: 0 },
  beforeStop: ({ sim }) => sim.control.setLatency(0),
});

describe('a repair racing an open on the same coins', () => {
  it('sends only the missing leg’s order, and the account ends holding what both positions expect', async () => {
    const trader = await newTrader(setup.app, setup.sim, 'race 1');
    const first = await openPosition(setup.app, { profileId: trader.profileId, indexId: 'top5-equal' });
    const active = await waitForStatus(setup.app, first.id, ['ACTIVE']);
    const btc = leg(active, 'BTCUSDT');
    const hand = byHand(setup.sim, trader.key);
    await hand.market('BTCUSDT', 'Sell', btc.heldQuantity, { reduceOnly: true });
    await waitAltered(setup.app, first.id, true);

    // Latency stretches the open's round trips, so the two really overlap.
    setup.sim.control.setLatency(80);
    const [second] = await Promise.all([
      openPosition(setup.app, { profileId: trader.profileId, indexId: 'top5-equal' }),
      setup.app.invoke('positions.repair', { id: first.id }),
    ]);
    await waitForStatus(setup.app, second.id, ['ACTIVE']);
    await waitFor(
      async () => (await setup.app.invoke('positions.get', { id: first.id })).position.pendingAction === null,
      { timeoutMs: 30_000, intervalMs: 50 },
    );
    setup.sim.control.setLatency(0);

    const repaired = await setup.app.invoke('positions.get', { id: first.id });
    const repairs = repaired.orders.filter((o) => o.kind === 'repair');
    expect(repairs.map((o) => [o.symbol, o.side])).toEqual(repairs.map(() => ['BTCUSDT', 'Buy']));
    const bought = sum(repairs.map((o) => new Dec(o.filledQuantity)));
    expect(bought.toFixed()).toBe(btc.heldQuantity);
    const opened = await setup.app.invoke('positions.get', { id: second.id });
    expect(opened.orders.every((o) => o.kind === 'open')).toBe(true);
    expectNetsEqual(await accountNets(hand), componentNets([repaired, opened]));
    await waitAltered(setup.app, first.id, false);
    expectNoDuplicateSends(setup.sim);
  });
});
