import { describe, expect, it } from 'vitest';
import { Dec } from '../../shared/decimal';
import { byHand, changeTheUniverse } from '../drift/drift-helpers';
import { useSimCore } from '../support/sim-session';
import { waitFor } from '../support/wait-for';
import { newTrader, openPosition, waitForStatus } from './position-helpers';

/**
 * A short basket in hedge mode whose coin leaves the index: the rebalance buys the coin back on the short row
 * it reduces (position index 2), never on the long row (the review saw long 91 XRP next to short 91 XRP).
 */
const setup = useSimCore({ simulator: { tickIntervalMs: 0 } });

describe('a short Top 5 in hedge mode rebalanced after a coin left the index', () => {
  it('shrinks the short row of the coin to zero and opens no long row', async () => {
    const trader = await newTrader(setup.app, setup.sim, 'hedge short');
    const hand = byHand(setup.sim, trader.key);
    expect((await hand.switchMode({ coin: 'USDT' }, 3)).retCode).toBe(0);
    const opened = await openPosition(setup.app, {
      profileId: trader.profileId,
      indexId: 'top5-equal',
      direction: 'short',
    });
    const active = await waitForStatus(setup.app, opened.id, ['ACTIVE']);
    const xrp = active.components.find((c) => c.symbol === 'XRPUSDT')!;
    expect(new Dec(xrp.heldQuantity).isNegative()).toBe(true);

    await changeTheUniverse(setup.app);
    await setup.app.invoke('positions.rebalance', { id: opened.id });
    await waitFor(
      async () =>
        (await setup.app.invoke('positions.get', { id: opened.id })).position.pendingAction === null,
      { timeoutMs: 30_000, intervalMs: 50 },
    );
    const after = await setup.app.invoke('positions.get', { id: opened.id });
    expect(after.components.find((c) => c.symbol === 'XRPUSDT')!.heldQuantity).toBe('0');
    const exits = after.orders.filter((o) => o.kind === 'rebalance' && o.symbol === 'XRPUSDT');
    expect(exits.length).toBeGreaterThan(0);
    expect(exits.every((o) => o.side === 'Buy' && o.positionIdx === 2)).toBe(true);

    const rows = (await hand.client.getPositionInfo({ category: 'linear', symbol: 'XRPUSDT' })).result.list;
    for (const row of rows)
      expect(row.size === '' ? '0' : new Dec(row.size).toFixed(), `row ${row.positionIdx}`).toBe('0');
  });
});
