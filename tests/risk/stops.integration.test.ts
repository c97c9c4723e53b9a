import { describe, expect, it } from 'vitest';
import { Dec } from '../../shared/decimal';
import type { PositionDetail } from '../../shared/domain/positions';
import { expectNoDuplicateSends, openPosition, simNets, waitForStatus } from '../positions/position-helpers';
import { useSimCore } from '../support/sim-session';
import { markAndFold, onTick, riskView, waitForTrigger, wireSendsOf } from './risk-helpers';

/**
 * Basket stops on the simulator, the real core and SDK: prices are moved on the ticker stream, each step is
 * folded (and evaluated) before the next, and the close is the ordinary one (its rounds pass the guard).
 */
const stages = new Map<number, string[]>();

const setup = useSimCore({
  core: {
    positions: {
      trace: (id, stage) => stages.set(id, [...(stages.get(id) ?? []), stage]),
    },
  },
});

async function activeLong(indexId = 'top10-equal'): Promise<PositionDetail> {
  const opened = await openPosition(setup.app, { indexId, usdtSize: '1000', leverage: '1' });
  return waitForStatus(setup.app, opened.id, ['ACTIVE']);
}

/** Every leg's mark moved by the same factor from its entry, on the tick grid. */
async function pricesAt(detail: PositionDetail, factor: string): Promise<Map<string, Dec>> {
  const prices = new Map<string, Dec>();
  for (const leg of detail.components)
    prices.set(leg.symbol, await onTick(setup.sim, leg.symbol, new Dec(leg.averageEntryPrice!).mul(factor)));
  return prices;
}

describe('basket stops', () => {
  it('a stop-loss at −2 % closes the position once, through the guard, with the PnL seen in its history', async () => {
    const active = await activeLong();
    const id = active.position.id;
    await setup.app.invoke('risk.set', { positionId: id, rules: { stopLoss: { percent: '-2' } } });
    // −1 %: above the stop (≈ −10 USDT of a 1000 USDT margin, fees included), nothing happens.
    await markAndFold(setup.app, setup.sim, id, await pricesAt(active, '0.99'));
    expect((await riskView(setup.app, id)).triggers).toEqual([]);
    const closesBefore = stages.get(id)?.filter((s) => s === 'closing committed').length ?? 0;
    expect(closesBefore).toBe(0);

    await markAndFold(setup.app, setup.sim, id, await pricesAt(active, '0.97'));
    const trigger = await waitForTrigger(setup.app, id, ['done']);
    expect(trigger).toMatchObject({ rule: 'stopLoss', action: 'close', level: '-20' });
    expect(new Dec(trigger.pnlSeen!).lte(-20)).toBe(true);
    const closed = await waitForStatus(setup.app, id, ['CLOSED']);
    for (const [, net] of simNets(setup.sim, setup.key.apiKey)) expect(net.isZero()).toBe(true);
    const history = closed.events.map((e) => e.message).join('\n');
    expect(history).toContain(new Dec(trigger.pnlSeen!).toDecimalPlaces(2).toFixed(2));
    // The close was the ordinary one: committed, then rounds that passed the guard before any order.
    const trail = stages.get(id)!;
    const closing = trail.indexOf('closing committed');
    expect(closing).toBeGreaterThan(-1);
    expect(trail.slice(closing)).toContain('round: guard passed');
    expect(trail.filter((s) => s === 'closing committed')).toHaveLength(1);

    // Prices keep falling after the close: no second decision, no second close order at the wire.
    const orderLink = closed.orders[0]!.orderLinkId;
    // One close round (c1) of every leg (a leg above the maximum order size goes in slices), each booked
    // once. (A send Bybit refused without booking, e.g. a signature past its recv_window on a loaded
    // machine, may go again with the same orderLinkId: that is a retry, not a second order.)
    const sends = wireSendsOf(setup.sim, orderLink, 'c');
    const closeSends = sends.length;
    const booked = sends.filter((send) => send.booked);
    expect(sends.every((send) => /-c1-\d+$/.test(send.orderLinkId))).toBe(true);
    expect(new Set(booked.map((send) => send.orderLinkId)).size).toBe(booked.length);
    expect(new Set(sends.map((send) => send.orderLinkId)).size).toBe(booked.length);
    expect(new Set(booked.map((send) => send.orderLinkId.split('-')[2])).size).toBe(active.components.length);
    for (const [symbol, price] of await pricesAt(active, '0.95'))
      setup.sim.control.setPrice(symbol, price.toFixed());
    setup.sim.control.publishTickers();
    expect(wireSendsOf(setup.sim, orderLink, 'c')).toHaveLength(closeSends);
    expect((await riskView(setup.app, id)).triggers).toHaveLength(1);
    expectNoDuplicateSends(setup.sim);
  });

  it('a trailing stop closes at its level below the best PnL, to one tick of the crossing prices', async () => {
    const active = await activeLong();
    const id = active.position.id;
    await setup.app.invoke('risk.set', { positionId: id, rules: { trailingStop: { percent: '3' } } });
    // Up 5 %, then down step by step: the stop is the best PnL seen less 30 USDT.
    await markAndFold(setup.app, setup.sim, id, await pricesAt(active, '1.05'));
    const peak = new Dec((await riskView(setup.app, id)).peakPnl!);
    expect(peak.gt(40)).toBe(true);
    const steps: Map<string, Dec>[] = [];
    for (const factor of ['1.04', '1.03', '1.025', '1.02', '1.015', '1.01']) {
      const prices = await pricesAt(active, factor);
      steps.push(prices);
      await markAndFold(setup.app, setup.sim, id, prices);
      // The decision is committed a moment after the fold that made it: a step more may be folded first.
      if ((await riskView(setup.app, id)).triggers.length) break;
    }
    const trigger = await waitForTrigger(setup.app, id, ['done']);
    expect(trigger.rule).toBe('trailingStop');
    expect(new Dec(trigger.level!).eq(peak.minus(30))).toBe(true);
    expect(new Dec(trigger.pnlSeen!).lte(trigger.level!)).toBe(true);
    // It fired with the marks of one step (every fold is evaluated, so the steps before it were above).
    const crossing = steps.find((prices) =>
      [...prices].every(([symbol, price]) => trigger.marks[symbol] === price.toFixed()),
    );
    expect(
      crossing,
      `the trailing stop fired at a step's marks: ${JSON.stringify(trigger.marks)}`,
    ).toBeDefined();
    await waitForStatus(setup.app, id, ['CLOSED']);
  });

  it('break-even: after +3 % the stop moves to the closing fees, and the fall back closes there', async () => {
    const active = await activeLong();
    const id = active.position.id;
    await setup.app.invoke('risk.set', {
      positionId: id,
      rules: { stopLoss: { percent: '-5' }, breakEvenAfter: { percent: '3' } },
    });
    await markAndFold(setup.app, setup.sim, id, await pricesAt(active, '1.04'));
    const armed = await riskView(setup.app, id);
    expect(armed.breakEvenReached).toBe(true);
    expect(armed.stopLevel?.rule).toBe('breakEven');
    const level = new Dec(armed.stopLevel!.usdt);
    expect(level.gt(0) && level.lt(1)).toBe(true);
    await markAndFold(setup.app, setup.sim, id, await pricesAt(active, '1.002'));
    expect((await riskView(setup.app, id)).triggers).toEqual([]);
    await markAndFold(setup.app, setup.sim, id, await pricesAt(active, '0.999'));
    const trigger = await waitForTrigger(setup.app, id, ['done']);
    expect(trigger).toMatchObject({ rule: 'breakEven', level: level.toFixed() });
    await waitForStatus(setup.app, id, ['CLOSED']);
  });
});
