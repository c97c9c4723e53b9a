import { describe, expect, it } from 'vitest';
import { systemTimers } from '../../electron/core/pnl/coalescer';
import { Dec } from '../../shared/decimal';
import type { PnlTick } from '../../shared/domain/pnl';
import type { PositionDetail } from '../../shared/domain/positions';
import { expectNoDuplicateSends, openPosition, waitForStatus } from '../positions/position-helpers';
import { useSimCore } from '../support/sim-session';
import { waitFor } from '../support/wait-for';
import { markAndFold, onTick, riskView, waitForTrigger, wireSendsOf } from './risk-helpers';

/**
 * "A stale price feed never fires a stop" (docs/risk.md): the PnL engine's clock is injected, so the marks
 * age by moving it forward instead of waiting 30 s. Prices move on the simulator's ticker stream; a pinned
 * price sends no delta, so only the legs a step moves tick.
 */
const staleAfterMs = 30_000;
let clockOffset = 0;
const setup = useSimCore({
  core: {
    pnl: {
      staleAfterMs,
      clock: { ...systemTimers, now: () => Date.now() + clockOffset },
    },
  },
});

async function pricesAt(detail: PositionDetail, factors: Record<string, string>, otherwise: string) {
  const prices = new Map<string, Dec>();
  for (const leg of detail.components) {
    const factor = factors[leg.symbol] ?? otherwise;
    prices.set(leg.symbol, await onTick(setup.sim, leg.symbol, new Dec(leg.averageEntryPrice!).mul(factor)));
  }
  return prices;
}

function latestFigure(positionId: number) {
  const ticks = setup.app.events('pnl.tick') as PnlTick[];
  for (let i = ticks.length - 1; i >= 0; i--) {
    const position = ticks[i]!.positions.find((p) => p.id === positionId);
    if (position) return position;
  }
  return null;
}

describe('stale prices', () => {
  it('a stop-loss crossed only with stale marks does not fire (it alerts); fresh ticks across it fire it once', async () => {
    const opened = await openPosition(setup.app, { indexId: 'top10-equal', usdtSize: '1000', leverage: '1' });
    const active = await waitForStatus(setup.app, opened.id, ['ACTIVE']);
    const id = active.position.id;
    await setup.app.invoke('risk.set', { positionId: id, rules: { stopLoss: { percent: '-2' } } });
    // Every leg live at −1 % (above the −20 USDT stop): every price is now pinned, so none ticks unasked.
    await markAndFold(setup.app, setup.sim, id, await pricesAt(active, {}, '0.99'));
    expect((await riskView(setup.app, id)).triggers).toEqual([]);

    // A minute passes without a tick: every mark is stale. Then one leg halves and ticks: the basket's
    // figure is past the stop, but nine of its ten marks are a minute old.
    clockOffset += 2 * staleAfterMs;
    const plunging = active.components[0]!.symbol;
    const stalePrices = await pricesAt(active, { [plunging]: '0.5' }, '0.99');
    await markAndFold(setup.app, setup.sim, id, new Map([[plunging, stalePrices.get(plunging)!]]));
    const figure = latestFigure(id)!;
    expect(figure.stale).toBe(true);
    expect(new Dec(figure.unrealizedPnl).plus(figure.realizedPnl).lt(-20)).toBe(true);
    const alert = await waitFor(
      async () =>
        (await setup.app.invoke('positions.get', { id })).events.find((e) => e.kind === 'risk_stale') ?? null,
      { timeoutMs: 15_000, intervalMs: 100 },
    );
    expect(alert!.message).toContain('a stale feed never fires a stop');
    expect((await riskView(setup.app, id)).triggers).toEqual([]);

    // Fresh ticks on every leg at −3 %: the stop fires, once, with those marks (not the stale ones).
    const freshPrices = await pricesAt(active, {}, '0.97');
    await markAndFold(setup.app, setup.sim, id, freshPrices);
    const trigger = await waitForTrigger(setup.app, id, ['done']);
    expect(trigger).toMatchObject({ rule: 'stopLoss', action: 'close', level: '-20' });
    for (const [symbol, price] of freshPrices) expect(trigger.marks[symbol]).toBe(price.toFixed());
    const closed = await waitForStatus(setup.app, id, ['CLOSED']);
    expect((await riskView(setup.app, id)).triggers).toHaveLength(1);
    // One close round (c1), each of its orders booked once: what Bybit booked is what the position stored.
    // (A send refused without booking, e.g. 10006 when the open's orders still fill the create quota's
    // second, may go again with the same orderLinkId: a retry, not a second order.)
    const sends = wireSendsOf(setup.sim, closed.orders[0]!.orderLinkId, 'c');
    expect(sends.every((send) => /-c1-\d+$/.test(send.orderLinkId))).toBe(true);
    const booked = sends.filter((send) => send.booked).map((send) => send.orderLinkId);
    const stored = closed.orders.filter((order) => order.kind === 'close').map((order) => order.orderLinkId);
    expect(booked.sort()).toEqual(stored.sort());
    expectNoDuplicateSends(setup.sim);
  });
});
