import { describe, expect, it } from 'vitest';
import { Dec, sum } from '../../shared/decimal';
import type { Alert } from '../../shared/domain/alerts';
import type { PositionDetail, PositionProgress } from '../../shared/domain/positions';
import { byHand } from '../drift/drift-helpers';
import { useSimCore } from '../support/sim-session';
import { waitFor } from '../support/wait-for';
import { newTrader, openPosition, simNets, waitForStatus } from './position-helpers';

/**
 * Liquidation, auto-deleveraging and delisting are the positions' own history (docs/architecture.md §7b):
 * attributed to the positions holding the coin as their trades, in their realised PnL, told as alerts; and a
 * delisted coin never keeps a position from reaching CLOSED.
 */
let priceClockOffset = 0;
const setup = useSimCore({
  simulator: { tickIntervalMs: 0 },
  core: {
    // Instruments are read for delistings every 200 ms here (10 minutes in the app).
    positions: { delistingCheckMs: 200 },
    // The price feed's clock: a test ages the ticks it holds by moving it on, without waiting.
    prices: { now: () => Date.now() + priceClockOffset },
  },
});

const get = (id: number) => setup.app.invoke('positions.get', { id });
const alerts = () => setup.app.events('alerts.fired') as Alert[];

/** Σ sell value − Σ buy value − fees − funding over every execution of the account (what closing all made). */
function accountCash(uid: string): Dec {
  const { executions, funding } = setup.sim.control.ledger();
  const fills = executions.filter((e) => e.uid === uid);
  const cash = sum(
    fills.map((e) => {
      const value = new Dec(e.execQty).mul(e.execPrice);
      return (e.side === 'Sell' ? value : value.neg()).minus(e.execFee || '0');
    }),
  );
  return cash.minus(sum(funding.filter((f) => f.uid === uid).map((f) => new Dec(f.execFee))));
}

async function longTop5ShortTop10(profileId: number) {
  const [long, short] = await Promise.all([
    openPosition(setup.app, { profileId, indexId: 'top5-equal', direction: 'long' }),
    openPosition(setup.app, { profileId, indexId: 'top10-equal', direction: 'short' }),
  ]);
  await Promise.all([
    waitForStatus(setup.app, long.id, ['ACTIVE']),
    waitForStatus(setup.app, short.id, ['ACTIVE']),
  ]);
  return [long.id, short.id] as const;
}

describe.each(['one-way', 'hedge'] as const)('a liquidated leg, %s mode', (mode) => {
  it('becomes trades of kind liquidation on the positions that held it; closing both leaves 0 and the PnL counts the loss', async () => {
    const trader = await newTrader(setup.app, setup.sim, `liquidation ${mode}`);
    if (mode === 'hedge')
      expect((await byHand(setup.sim, trader.key).switchMode({ coin: 'USDT' }, 3)).retCode).toBe(0);
    const [longId, shortId] = await longTop5ShortTop10(trader.profileId);
    const sent = new Set(
      setup.sim.control
        .wireSends()
        .filter((s) => s.apiKey === trader.key.apiKey)
        .map((s) => s.orderLinkId),
    );
    const uid = setup.sim.control.ledger().orders.find((o) => sent.has(o.orderLinkId))!.uid;
    const busts = setup.sim.control.liquidate({ apiKey: trader.key.apiKey, symbol: 'BTCUSDT' });
    const liquidated = sum(busts.map((e) => new Dec(e.execQty)));

    const found = await waitFor(
      async () => {
        const both: [PositionDetail, PositionDetail] = [await get(longId), await get(shortId)];
        const taken = sum(
          both.flatMap((d) =>
            d.trades.filter((t) => t.kind === 'liquidation').map((t) => new Dec(t.quantity)),
          ),
        );
        return taken.eq(liquidated) ? both : null;
      },
      { timeoutMs: 15_000, intervalMs: 50 },
    );
    const [long, short] = found!;
    const kinds = (d: PositionDetail) => d.trades.filter((t) => t.kind === 'liquidation').map((t) => t.side);
    if (mode === 'one-way') {
      // The account's net on BTC was long (Top 5 holds more than Top 10 shorts): the long position took it.
      expect(kinds(long)).toEqual(['Short']);
      expect(kinds(short)).toEqual([]);
    } else {
      // Each row went on its own: the long row from the long basket, the short row from the short one.
      expect(kinds(long)).toEqual(['Short']);
      expect(kinds(short)).toEqual(['Long']);
    }
    expect(long.events.some((e) => e.kind === 'liquidation' && e.symbol === 'BTCUSDT')).toBe(true);
    await waitFor(() => alerts().some((a) => a.kind === 'position.event' && a.positionId === longId), {
      timeoutMs: 5000,
    });

    await setup.app.invoke('positions.close', { id: longId });
    await waitForStatus(setup.app, longId, ['CLOSED']);
    await setup.app.invoke('positions.close', { id: shortId });
    await waitForStatus(setup.app, shortId, ['CLOSED']);
    for (const [symbol, net] of simNets(setup.sim, trader.key.apiKey))
      expect(net.toFixed(), symbol).toBe('0');
    const realized = sum([await get(longId), await get(shortId)].map((d) => new Dec(d.position.realizedPnl)));
    expect(realized.toDecimalPlaces(2).toFixed()).toBe(accountCash(uid).toDecimalPlaces(2).toFixed());
  });
});

describe('a coin of an open position delisted', () => {
  it('is announced with its time, settles by delivery, and the position still closes every other leg to CLOSED', async () => {
    const trader = await newTrader(setup.app, setup.sim, 'delisting');
    const opened = await openPosition(setup.app, { profileId: trader.profileId, indexId: 'top5-equal' });
    await waitForStatus(setup.app, opened.id, ['ACTIVE']);
    const soon = Date.now() + setup.sim.control.clock.offsetMs + 3_600_000;
    setup.sim.control.delist({ symbol: 'SOLUSDT', deliveryTime: String(soon) });
    const announced = await waitFor(
      async () => (await get(opened.id)).events.find((e) => e.kind === 'delisting' && e.symbol === 'SOLUSDT'),
      { timeoutMs: 15_000, intervalMs: 50 },
    );
    expect(announced!.message).toContain('UTC');
    expect(alerts().some((a) => a.positionId === opened.id && a.title.includes('SOLUSDT'))).toBe(true);
    // New baskets leave it out.
    const preview = await setup.app.invoke('indices.preview', {
      profileId: trader.profileId,
      indexId: 'top5-equal',
      usdtSize: '1000',
      direction: 'long',
    });
    expect(preview.legs.map((l) => l.symbol)).not.toContain('SOLUSDT');

    // Delivery now: Bybit settles the leg and stops trading the contract.
    setup.sim.control.delist({
      symbol: 'SOLUSDT',
      deliveryTime: String(Date.now() + setup.sim.control.clock.offsetMs - 1000),
    });
    const settled = await waitFor(
      async () => {
        const detail = await get(opened.id);
        return detail.trades.some((t) => t.kind === 'delivery' && t.symbol === 'SOLUSDT') ? detail : null;
      },
      { timeoutMs: 15_000, intervalMs: 50 },
    );
    expect(settled!.components.find((c) => c.symbol === 'SOLUSDT')!.heldQuantity).toBe('0');
    await setup.app.invoke('positions.close', { id: opened.id });
    const closed = await waitForStatus(setup.app, opened.id, ['CLOSED']);
    expect(closed.orders.filter((o) => o.symbol === 'SOLUSDT' && o.kind === 'close')).toEqual([]);
    for (const [symbol, net] of simNets(setup.sim, trader.key.apiKey))
      expect(net.toFixed(), symbol).toBe('0');
  });

  it('closes two netted positions on a delivered coin to CLOSED, neither waiting on the other', async () => {
    // One-way netting: a long and a short Top 5 share their coins; Bybit's delivery of one settles only the
    // account's net, so what each position still holds of it afterwards nets to zero: nothing is left to deliver.
    const trader = await newTrader(setup.app, setup.sim, 'netted delivery');
    // The earlier delisting left SOLUSDT out of Top 5: the open acknowledges what its preview leaves out.
    const open = async (usdtSize: string, direction: 'long' | 'short') => {
      const request = { profileId: trader.profileId, indexId: 'top5-equal', usdtSize, direction } as const;
      const preview = await setup.app.invoke('indices.preview', request);
      return openPosition(setup.app, {
        ...request,
        acknowledgedDropped: preview.acknowledgement?.symbols ?? [],
      });
    };
    const long = await open('1000', 'long');
    await waitForStatus(setup.app, long.id, ['ACTIVE']);
    const short = await open('600', 'short');
    const shared = (await waitForStatus(setup.app, short.id, ['ACTIVE'])).components.at(-1)!.symbol;
    // Announced first, as Bybit does, and seen by the app (both positions say so); then delivered.
    setup.sim.control.delist({
      symbol: shared,
      deliveryTime: String(Date.now() + setup.sim.control.clock.offsetMs + 3_600_000),
    });
    for (const id of [long.id, short.id])
      await waitFor(
        async () => (await get(id)).events.some((e) => e.kind === 'delisting' && e.symbol === shared),
        { timeoutMs: 15_000, intervalMs: 50 },
      );
    // The app's instrument list keeps the announced time: every read of it fails from now until the closes
    // have had a go (the app reads it every few minutes; a delivery comes before the next read).
    setup.sim.control.failNext({ path: '/v5/market/instruments-info', kind: 'http5xx', count: 1_000_000 });
    setup.sim.control.delist({
      symbol: shared,
      deliveryTime: String(Date.now() + setup.sim.control.clock.offsetMs - 1000),
    });
    await waitFor(
      async () => (await get(long.id)).trades.some((t) => t.kind === 'delivery' && t.symbol === shared),
      { timeoutMs: 15_000, intervalMs: 50 },
    );
    // 10 s pass on the price feed's clock: the app's last tick of the coin is too old to trade at, and Bybit
    // lists no ticker for it (its ticker stopped at the delivery). The close must learn of the delivery, not
    // give up for want of a price (it did: "Could not close …: Bybit has no price for it right now").
    priceClockOffset += 10_000;
    const progressed = setup.app.events('positions.progress').length;
    await Promise.all([long.id, short.id].map((id) => setup.app.invoke('positions.close', { id })));
    await waitFor(
      () =>
        [long.id, short.id].every((id) =>
          (setup.app.events('positions.progress').slice(progressed) as PositionProgress[]).some(
            (p) => p.positionId === id && p.stage === 'stuck',
          ),
        ),
      { timeoutMs: 30_000, intervalMs: 50 },
    );
    setup.sim.control.clearFaults();
    for (const id of [long.id, short.id]) {
      const closed = await waitForStatus(setup.app, id, ['CLOSED']);
      // Nothing traded on the delivered coin (an order sent while the app's instrument list still showed it
      // is refused by Bybit: 110074, the contract is not live).
      const onShared = closed.orders.filter((o) => o.symbol === shared && o.kind === 'close');
      expect(onShared.map((o) => o.filledQuantity)).toEqual(onShared.map(() => '0'));
      expect(closed.components.find((c) => c.symbol === shared)!.heldQuantity).toBe('0');
    }
    for (const [symbol, net] of simNets(setup.sim, trader.key.apiKey))
      expect(net.toFixed(), symbol).toBe('0');
  }, 120_000);
});
