import { describe, expect, it } from 'vitest';
import { Dec } from '../../shared/decimal';
import type { Alteration } from '../../shared/domain/drift';
import { openPosition, newTrader, waitForStatus } from '../positions/position-helpers';
import { useSimCore } from '../support/sim-session';
import { waitFor } from '../support/wait-for';
import {
  accountNets,
  alteredRow,
  byHand,
  componentNets,
  expectNetsEqual,
  leg,
  updatedEvents,
  waitAltered,
} from './drift-helpers';

/**
 * Drift (docs/drift.md): the trader changes the account behind Synthex's back with another client on the
 * same key, and Synthex notices, says what differs, and puts it right. Each case has its own trader, so
 * its own Bybit account.
 */
const setup = useSimCore();

async function activeTop10(name: string) {
  const trader = await newTrader(setup.app, setup.sim, name);
  const position = await openPosition(setup.app, { profileId: trader.profileId, indexId: 'top10-equal' });
  const detail = await waitForStatus(setup.app, position.id, ['ACTIVE', 'FAILED']);
  expect(detail.position.status).toBe('ACTIVE');
  expect(detail.position.isAltered).toBe(false);
  return { trader, id: position.id, detail, hand: byHand(setup.sim, trader.key) };
}

describe('an outside close of one leg', () => {
  it('marks the position altered within 2 s naming the symbol, and repair puts the holdings back', async () => {
    const { trader, id, detail, hand } = await activeTop10('closes BTC by hand');
    const btc = leg(detail, 'BTCUSDT').heldQuantity;

    await hand.market('BTCUSDT', 'Sell', btc, { reduceOnly: true });
    // The bound: the database says altered, with the symbol, within 2 s of the outside fill.
    const row = await waitAltered(setup.app, id, true, 2000);
    const alteration = row.alteration as Alteration;
    expect(alteration.legs.map((l) => l.symbol)).toEqual(['BTCUSDT']);
    const [difference] = alteration.legs;
    expect(difference).toMatchObject({
      symbol: 'BTCUSDT',
      mode: 'one-way',
      expected: btc,
      actual: '0',
      difference: `-${btc}`,
      positionIds: [id],
    });
    expect(difference!.outside.map((e) => [e.side, e.quantity, e.orderLinkId])).toEqual([['Sell', btc, '']]);

    // The outside fill is logged, and is not one of the position's trades.
    const log = await setup.app.invoke('positions.outsideChanges', { profileId: trader.profileId });
    expect(log.executions.map((e) => [e.symbol, e.side, e.quantity])).toEqual([['BTCUSDT', 'Sell', btc]]);
    const altered = await setup.app.invoke('positions.get', { id });
    expect(altered.trades.map((t) => t.execId)).not.toContain(log.executions[0]!.execId);
    expect(leg(altered, 'BTCUSDT').heldQuantity).toBe(btc);
    expect(altered.position.isAltered).toBe(true);
    expect(altered.alterations[0]).toMatchObject({ event: 'altered' });
    // positions.updated carried it to every window.
    await waitFor(() =>
      updatedEvents(setup.app, id).some((p) => p.isAltered && p.alteration?.legs[0]?.symbol === 'BTCUSDT'),
    );

    // The preview sends nothing.
    const ordersBefore = setup.sim.control.ledger().orders.length;
    const preview = await setup.app.invoke('positions.repair', { id, preview: true });
    expect(preview.sent).toBe(false);
    expect(preview.plan.legs).toMatchObject([
      { symbol: 'BTCUSDT', expected: btc, actual: '0', trade: { side: 'Buy', quantity: btc } },
    ]);
    expect(setup.sim.control.ledger().orders.length).toBe(ordersBefore);

    const repaired = await setup.app.invoke('positions.repair', { id });
    expect(repaired.sent).toBe(true);
    await waitAltered(setup.app, id, false);
    // The reconciler clears the alteration as soon as it sees the repair's fill; the repair records its own
    // event when its round ends, which can be later: wait for that event, not for a moment.
    const after = await waitFor(async () => {
      const view = await setup.app.invoke('positions.get', { id });
      if (view.alterations.some((a) => a.event === 'repaired')) return view;
      throw new Error(`no 'repaired' event yet: ${view.alterations.map((a) => a.event).join(', ')}`);
    });
    expect(after.position.alteration).toBeNull();
    expect(after.trades.filter((t) => t.kind === 'repair').map((t) => [t.symbol, t.side])).toEqual([
      ['BTCUSDT', 'Long'],
    ]);
    expect(leg(after, 'BTCUSDT').heldQuantity).toBe(btc);
    // The repair's own event and the reconciliation's "cleared" can land in either order.
    const events = after.alterations.map((a) => a.event).filter((e) => e !== 'changed');
    expect(events.sort()).toEqual(['altered', 'cleared', 'repaired']);
    expect(after.alterations.at(-1)!.event).toBe('altered');
    expectNetsEqual(await accountNets(hand), componentNets([after]));
    expect(
      after.orders
        .filter((o) => o.kind === 'repair')
        .every((o) => /^sx-[a-z0-9]+-[a-z0-9]+-r1-0$/.test(o.orderLinkId)),
    ).toBe(true);

    // It still closes to zero, repair and all.
    await setup.app.invoke('positions.close', { id });
    await waitForStatus(setup.app, id, ['CLOSED']);
    for (const [symbol, net] of await accountNets(hand)) expect(net.toFixed(), symbol).toBe('0');
  });
});

describe('adding to a leg by hand', () => {
  it('shows the extra on that leg, and adopt makes it the expected quantity', async () => {
    const { id, detail, hand } = await activeTop10('adds ETH by hand');
    const eth = leg(detail, 'ETHUSDT').heldQuantity;
    await hand.market('ETHUSDT', 'Buy', '0.01');
    const row = await waitAltered(setup.app, id, true);
    const [difference] = (row.alteration as Alteration).legs;
    expect(difference).toMatchObject({ symbol: 'ETHUSDT', difference: '0.01' });
    expect(difference!.outside.map((e) => [e.side, e.quantity])).toEqual([['Buy', '0.01']]);

    const adopted = await setup.app.invoke('positions.adopt', { id });
    expect(adopted.position.isAltered).toBe(false);
    const after = await setup.app.invoke('positions.get', { id });
    const held = leg(after, 'ETHUSDT');
    expect(held.expectedQuantity).toBe(String(Number(eth) + 0.01));
    expect(held.heldQuantity).toBe(held.expectedQuantity);
    expect(after.trades.filter((t) => t.kind === 'adopt').map((t) => [t.symbol, t.side, t.quantity])).toEqual(
      [['ETHUSDT', 'Long', '0.01']],
    );
    const history = await setup.app
      .databases()
      .user.selectFrom('position_component_history')
      .select(['symbol', 'expected_quantity', 'snapshot', 'replaced_by'])
      .where('position_id', '=', id)
      .where('symbol', '=', 'ETHUSDT')
      .execute();
    expect(history).toEqual([
      { symbol: 'ETHUSDT', expected_quantity: eth, snapshot: 1, replaced_by: 'adopt' },
    ]);
    expectNetsEqual(await accountNets(hand), componentNets([after]));
    // A reconciliation after the adoption keeps it in line.
    await hand.market('ETHUSDT', 'Buy', '0.01');
    await waitAltered(setup.app, id, true);
    await hand.market('ETHUSDT', 'Sell', '0.01');
    await waitAltered(setup.app, id, false);
  });
});

describe('a symbol no position holds', () => {
  it('is logged as an outside change and alters no position', async () => {
    const { trader, id, hand } = await activeTop10('trades LTC by hand');
    const other = await openPosition(setup.app, { profileId: trader.profileId, indexId: 'top5-equal' });
    await waitForStatus(setup.app, other.id, ['ACTIVE']);
    await hand.market('LTCUSDT', 'Buy', '1');
    // Then a change that must be seen: once it is, the check that saw it also saw LTC.
    await hand.market('LINKUSDT', 'Buy', '1');
    const row = await waitAltered(setup.app, id, true);
    expect((row.alteration as Alteration).legs.map((l) => l.symbol)).toEqual(['LINKUSDT']);
    expect((await alteredRow(setup.app, other.id)).is_altered).toBe(false);
    const log = await setup.app.invoke('positions.outsideChanges', { profileId: trader.profileId });
    expect(log.executions.map((e) => e.symbol).sort()).toEqual(['LINKUSDT', 'LTCUSDT']);
  });
});

describe('switching the position mode while positions are open', () => {
  it('is refused by Bybit for held coins; a leg moved to hedge mode by hand is compared row by row', async () => {
    const { id, detail, hand } = await activeTop10('switches modes by hand');
    const refused = await hand.switchMode({ coin: 'USDT' }, 3);
    expect(refused.retCode).toBe(110024);

    const doge = leg(detail, 'DOGEUSDT').heldQuantity;
    await hand.market('DOGEUSDT', 'Sell', doge, { reduceOnly: true });
    await waitAltered(setup.app, id, true);
    expect((await hand.switchMode({ symbol: 'DOGEUSDT' }, 3)).retCode).toBe(0);
    // Back to what the position holds, but on the hedge long row.
    await hand.market('DOGEUSDT', 'Buy', doge, { positionIdx: 1 });
    await waitAltered(setup.app, id, false);
    // A short row opened beside it: the net would hide nothing here, the rows still show it.
    await hand.market('DOGEUSDT', 'Sell', '100', { positionIdx: 2 });
    const row = await waitAltered(setup.app, id, true);
    expect((row.alteration as Alteration).legs[0]).toMatchObject({
      symbol: 'DOGEUSDT',
      mode: 'hedge',
      rows: { long: { expected: doge, actual: doge }, short: { expected: '0', actual: '-100' } },
    });
    await setup.app.invoke('positions.repair', { id });
    await waitAltered(setup.app, id, false);
    const nets = await accountNets(hand);
    expect(nets.get('DOGEUSDT')?.toFixed()).toBe(doge);
    await setup.app.invoke('positions.close', { id });
    await waitForStatus(setup.app, id, ['CLOSED']);
    for (const [symbol, net] of await accountNets(hand)) expect(net.toFixed(), symbol).toBe('0');
  });
});

describe('Synthex’s own trading', () => {
  it('never looks like drift: overlapping baskets opened together and closed leave no alteration', async () => {
    const trader = await newTrader(setup.app, setup.sim, 'only Synthex trades');
    const [long, short] = await Promise.all([
      openPosition(setup.app, { profileId: trader.profileId, indexId: 'top5-equal', direction: 'long' }),
      openPosition(setup.app, { profileId: trader.profileId, indexId: 'top10-equal', direction: 'short' }),
    ]);
    await waitForStatus(setup.app, long.id, ['ACTIVE']);
    await waitForStatus(setup.app, short.id, ['ACTIVE']);
    // A change elsewhere on the account proves a check ran over both baskets after they opened.
    const hand = byHand(setup.sim, trader.key);
    await hand.market('LINKUSDT', 'Sell', '1');
    const row = await waitAltered(setup.app, short.id, true);
    expect((row.alteration as Alteration).legs.map((l) => l.symbol)).toEqual(['LINKUSDT']);
    await hand.market('LINKUSDT', 'Buy', '1');
    await waitAltered(setup.app, short.id, false);
    await Promise.all([
      setup.app.invoke('positions.close', { id: long.id }),
      setup.app.invoke('positions.close', { id: short.id }),
    ]);
    await waitForStatus(setup.app, long.id, ['CLOSED']);
    await waitForStatus(setup.app, short.id, ['CLOSED']);
    const events = await setup.app
      .databases()
      .user.selectFrom('position_alterations')
      .select(['position_id', 'event', 'legs'])
      .where('position_id', 'in', [long.id, short.id])
      .orderBy('id')
      .execute();
    // Only the hand-made LINK change, on the basket holding LINK: appeared, maybe changed (the fill that
    // undid it can be logged a moment before Bybit's positions show it), cleared. Nothing on the other one.
    expect(events.every((e) => e.position_id === short.id)).toBe(true);
    expect(events.at(0)?.event).toBe('altered');
    expect(events.at(-1)?.event).toBe('cleared');
    expect(events.slice(1, -1).every((e) => e.event === 'changed')).toBe(true);
    const symbols = events.flatMap((e) => (e.legs as { symbol: string }[]).map((l) => l.symbol));
    expect(new Set(symbols)).toEqual(new Set(['LINKUSDT']));
    expect(updatedEvents(setup.app, long.id).every((p) => !p.isAltered)).toBe(true);
  });
});

describe('a coin two positions hold', () => {
  it('shows the difference on both without splitting it, refuses to adopt it, and repair clears both', async () => {
    // Two profiles with keys of one Bybit account: Bybit nets their positions together.
    const first = await newTrader(setup.app, setup.sim, 'shares an account');
    const profile = await setup.app.invoke('profiles.create', { name: 'same account, other profile' });
    const key = setup.sim.control.createKey({ accountOf: first.key.apiKey });
    await setup.app.invoke('credentials.set', {
      profileId: profile.id,
      environment: 'custom',
      customRestUrl: setup.sim.rest,
      customWsUrl: setup.sim.ws,
      ...key,
    });
    const a = await openPosition(setup.app, { profileId: first.profileId, indexId: 'top5-equal' });
    const b = await openPosition(setup.app, { profileId: profile.id, indexId: 'top10-equal' });
    const detailA = await waitForStatus(setup.app, a.id, ['ACTIVE']);
    const detailB = await waitForStatus(setup.app, b.id, ['ACTIVE']);
    const hand = byHand(setup.sim, key);
    await hand.market('ETHUSDT', 'Sell', '0.01');
    const rowA = await waitAltered(setup.app, a.id, true);
    const rowB = await waitAltered(setup.app, b.id, true);
    const legA = (rowA.alteration as Alteration).legs;
    const legB = (rowB.alteration as Alteration).legs;
    expect(legA.map((l) => [l.symbol, l.difference, l.positionIds])).toEqual([
      ['ETHUSDT', '-0.01', [a.id, b.id].sort((x, y) => x - y)],
    ]);
    expect(legB.map((l) => [l.symbol, l.expected, l.actual])).toEqual(
      legA.map((l) => [l.symbol, l.expected, l.actual]),
    );
    // The symbol's expectation is both positions' holdings together.
    expect(legA[0]!.expected).toBe(
      new Dec(leg(detailA, 'ETHUSDT').heldQuantity).plus(leg(detailB, 'ETHUSDT').heldQuantity).toFixed(),
    );

    const refused = await setup.app.invoke('positions.adopt', { id: a.id }).catch((e: Error) => e);
    expect(refused).toBeInstanceOf(Error);
    expect((refused as Error).message).toContain(`ETHUSDT is also held by position ${b.id}`);
    expect((await alteredRow(setup.app, a.id)).is_altered).toBe(true);

    await setup.app.invoke('positions.repair', { id: b.id });
    await waitAltered(setup.app, b.id, false);
    await waitAltered(setup.app, a.id, false);
    const details = await Promise.all([a.id, b.id].map((id) => setup.app.invoke('positions.get', { id })));
    expectNetsEqual(await accountNets(hand), componentNets(details));
  });
});

describe('bad requests', () => {
  it('refuse with a clear error and change nothing', async () => {
    const { id } = await activeTop10('asks for the wrong things');
    const refusal = (promise: Promise<unknown>) =>
      promise.then(
        () => null,
        (e: Error) => e.message,
      );
    expect(await refusal(setup.app.invoke('positions.repair', { id }))).toMatch(/not altered/);
    expect(await refusal(setup.app.invoke('positions.adopt', { id }))).toMatch(/Nothing to adopt/);
    expect(await refusal(setup.app.invoke('positions.repair', { id: 999_999 }))).toMatch(
      /no position 999999/,
    );
    expect(await refusal(setup.app.invoke('positions.repair', { id, preview: false } as never))).toMatch(
      /Invalid payload/,
    );
    const row = await alteredRow(setup.app, id);
    expect(row).toEqual({ is_altered: false, alteration: null, pending_action: null });
    const history = await setup.app
      .databases()
      .user.selectFrom('position_alterations')
      .select('id')
      .where('position_id', '=', id)
      .execute();
    expect(history).toEqual([]);
  });
});
