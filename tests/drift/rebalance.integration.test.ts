import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Dec } from '../../shared/decimal';
import { removeTempDirs } from '../db/db-test-helpers';
import { newTrader, openPosition, waitForStatus } from '../positions/position-helpers';
import { startSimulator, type Simulator } from '../sim';
import { startSimCore, type SimCore } from '../support/sim-core';
import { waitFor } from '../support/wait-for';
import {
  accountNets,
  byHand,
  changeTheUniverse,
  componentNets,
  expectNetsEqual,
  waitAltered,
} from './drift-helpers';

/**
 * Rebalance (docs/drift.md): after the universe changed (ranks reordered, one coin gone from it), an
 * ACTIVE position is brought to its index's composition today, with a preview first.
 */
let sim: Simulator;
let setup: SimCore;

beforeAll(async () => {
  sim = await startSimulator();
  setup = await startSimCore(sim);
}, 120_000);

afterAll(async () => {
  await setup?.app.stop();
  await sim?.close();
  removeTempDirs();
});

describe('rebalancing after a universe change', () => {
  it('previews turnover, fees and tracking error, then ends with the new composition', async () => {
    const trader = await newTrader(setup.app, sim, 'rebalances');
    const opened = await openPosition(setup.app, { profileId: trader.profileId, indexId: 'top5-equal' });
    const before = await waitForStatus(setup.app, opened.id, ['ACTIVE']);
    expect(before.components.map((c) => c.symbol).sort()).toEqual([
      'BNBUSDT',
      'BTCUSDT',
      'ETHUSDT',
      'SOLUSDT',
      'XRPUSDT',
    ]);
    const unchanged = await setup.app.invoke('positions.rebalance', { id: opened.id, preview: true });
    expect(unchanged.plan.problems).toContain('The position already holds its index’s composition today.');

    await changeTheUniverse(setup.app);
    const ordersBefore = sim.control.ledger().orders.length;
    const { plan, sent } = await setup.app.invoke('positions.rebalance', { id: opened.id, preview: true });
    expect(sent).toBe(false);
    expect(sim.control.ledger().orders.length).toBe(ordersBefore);
    const action = new Map(plan.legs.map((l) => [l.symbol, l.action]));
    expect(action.get('XRPUSDT')).toBe('exit');
    expect(action.get('TRXUSDT')).toBe('enter');
    expect(plan.legs.find((l) => l.symbol === 'XRPUSDT')).toMatchObject({ targetQuantity: '0' });
    expect(new Dec(plan.turnover).gt(0)).toBe(true);
    expect(new Dec(plan.estimatedFees).gt(0)).toBe(true);
    // Holding XRP and no TRX is far from today's index; after the rebalance only rounding is left.
    expect(new Dec(plan.trackingErrorBefore).gt(plan.trackingErrorAfter)).toBe(true);
    expect(plan.problems).toEqual([]);

    const started = await setup.app.invoke('positions.rebalance', { id: opened.id });
    expect(started.sent).toBe(true);
    await waitFor(
      async () =>
        (await setup.app.invoke('positions.get', { id: opened.id })).position.pendingAction === null,
      { timeoutMs: 30_000, intervalMs: 50 },
    );
    const after = await setup.app.invoke('positions.get', { id: opened.id });
    expect(after.position.status).toBe('ACTIVE');
    const held = new Map(after.components.map((c) => [c.symbol, c.heldQuantity]));
    expect(held.get('XRPUSDT')).toBe('0');
    const target = new Map(plan.legs.map((l) => [l.symbol, l.targetQuantity]));
    for (const c of after.components) expect(c.heldQuantity, c.symbol).toBe(target.get(c.symbol));
    expect(after.trades.some((t) => t.kind === 'rebalance' && t.symbol === 'TRXUSDT')).toBe(true);
    expect(
      after.orders.filter((o) => o.kind === 'rebalance').every((o) => /-b\d+-\d+$/.test(o.orderLinkId)),
    ).toBe(true);
    expectNetsEqual(await accountNets(byHand(sim, trader.key)), componentNets([after]));
    const history = await setup.app
      .databases()
      .user.selectFrom('position_component_history')
      .select(['symbol', 'replaced_by'])
      .where('position_id', '=', opened.id)
      .execute();
    expect(history.map((h) => h.symbol).sort()).toEqual(before.components.map((c) => c.symbol).sort());
    expect(after.position.isAltered).toBe(false);

    // An altered position is repaired or adopted before it is rebalanced.
    await byHand(sim, trader.key).market('BTCUSDT', 'Buy', '0.001');
    await waitAltered(setup.app, opened.id, true);
    const blocked = await setup.app.invoke('positions.rebalance', { id: opened.id, preview: true });
    expect(blocked.plan.problems.join(' ')).toMatch(/repair or adopt them first/);
    await expect(setup.app.invoke('positions.rebalance', { id: opened.id })).rejects.toThrow(
      /repair or adopt them first/,
    );
  });
});
