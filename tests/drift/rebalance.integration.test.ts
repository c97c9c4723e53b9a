import { describe, expect, it } from 'vitest';
import { Dec } from '../../shared/decimal';
import { newTrader, openPosition, waitForStatus } from '../positions/position-helpers';
import { useSimCore } from '../support/sim-session';
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
const setup = useSimCore();

describe('rebalancing after a universe change', () => {
  it('previews turnover, fees and tracking error, then ends with the new composition', async () => {
    const trader = await newTrader(setup.app, setup.sim, 'rebalances');
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
    const ordersBefore = setup.sim.control.ledger().orders.length;
    const { plan, sent } = await setup.app.invoke('positions.rebalance', { id: opened.id, preview: true });
    expect(sent).toBe(false);
    expect(setup.sim.control.ledger().orders.length).toBe(ordersBefore);
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
    expectNetsEqual(await accountNets(byHand(setup.sim, trader.key)), componentNets([after]));
    const history = await setup.app
      .databases()
      .user.selectFrom('position_component_history')
      .select(['symbol', 'replaced_by'])
      .where('position_id', '=', opened.id)
      .execute();
    expect(history.map((h) => h.symbol).sort()).toEqual(before.components.map((c) => c.symbol).sort());
    expect(after.position.isAltered).toBe(false);

    // An altered position is repaired or adopted before it is rebalanced.
    await byHand(setup.sim, trader.key).market('BTCUSDT', 'Buy', '0.001');
    await waitAltered(setup.app, opened.id, true);
    const blocked = await setup.app.invoke('positions.rebalance', { id: opened.id, preview: true });
    expect(blocked.plan.problems.join(' ')).toMatch(/repair or adopt them first/);
    await expect(setup.app.invoke('positions.rebalance', { id: opened.id })).rejects.toThrow(
      /repair or adopt them first/,
    );
  });
});

/** The simulator's last price of each symbol (what the preview sizes with), read over its public REST. */
async function lastPrices(symbols: readonly string[]): Promise<Map<string, Dec>> {
  const answer = (await (await fetch(`${setup.sim.rest}/v5/market/tickers?category=linear`)).json()) as {
    result: { list: { symbol: string; lastPrice: string }[] };
  };
  return new Map(
    answer.result.list.filter((t) => symbols.includes(t.symbol)).map((t) => [t.symbol, new Dec(t.lastPrice)]),
  );
}

describe('the rebalance preview’s weights', () => {
  it('weight now → target is not "100 % → 100 %" for the first coin: both sides sum to 100 % and match held and target value', async () => {
    const trader = await newTrader(setup.app, setup.sim, 'weighs');
    const opened = await openPosition(setup.app, {
      profileId: trader.profileId,
      indexId: 'top5-equal',
      usdtSize: '5000',
    });
    const active = await waitForStatus(setup.app, opened.id, ['ACTIVE']);
    const symbols = active.components.map((c) => c.symbol);
    // Prices pinned (one of them 50 % up), so the held weights move away from the index and stay known.
    const pinned = await lastPrices(symbols);
    const first = active.components[0]!.symbol;
    for (const [symbol, price] of pinned)
      setup.sim.control.setPrice(symbol, (symbol === first ? price.mul('1.5') : price).toFixed());
    const prices = await lastPrices(symbols);
    // The preview prices from the ticker stream: wait until it carries the pinned prices.
    await waitFor(
      async () => {
        const preview = await setup.app.invoke('indices.preview', {
          profileId: trader.profileId,
          indexId: 'top5-equal',
          usdtSize: '5000',
          direction: 'long',
        });
        return preview.legs.every((leg) => prices.get(leg.symbol)?.eq(leg.price) ?? true);
      },
      { timeoutMs: 10_000, intervalMs: 50 },
    );

    const { plan } = await setup.app.invoke('positions.rebalance', { id: opened.id, preview: true });
    const sumOf = (values: readonly string[]) => values.reduce((s, v) => s.plus(v), new Dec(0));
    // Each weight is rounded to 0.001 %: the sums may miss 100 by that much per leg.
    const slack = new Dec('0.0005').mul(plan.legs.length);
    const nowSum = sumOf(plan.legs.map((l) => l.currentWeight));
    const targetSum = sumOf(plan.legs.map((l) => l.targetWeight));
    expect(nowSum.minus(100).abs().lte(slack), `weights now sum to ${nowSum.toFixed()} %`).toBe(true);
    expect(targetSum.minus(100).abs().lte(slack), `targets sum to ${targetSum.toFixed()} %`).toBe(true);
    const value = (quantity: string, symbol: string) => new Dec(quantity).abs().mul(prices.get(symbol)!);
    const heldTotal = sumOf(plan.legs.map((l) => value(l.currentQuantity, l.symbol).toFixed()));
    const targetTotal = sumOf(plan.legs.map((l) => value(l.targetQuantity, l.symbol).toFixed()));
    for (const leg of plan.legs) {
      const now = value(leg.currentQuantity, leg.symbol).div(heldTotal).mul(100);
      const target = value(leg.targetQuantity, leg.symbol).div(targetTotal).mul(100);
      expect(new Dec(leg.currentWeight).minus(now).abs().lte('0.0005'), `${leg.symbol} now`).toBe(true);
      expect(new Dec(leg.targetWeight).minus(target).abs().lte('0.0005'), `${leg.symbol} target`).toBe(true);
    }
    // The coin that rose is above its fifth now, and the plan sells some of it.
    const rose = plan.legs.find((l) => l.symbol === first)!;
    expect(new Dec(rose.currentWeight).gt(rose.targetWeight)).toBe(true);
    expect(rose.trade?.side).toBe('Sell');
  });
});
