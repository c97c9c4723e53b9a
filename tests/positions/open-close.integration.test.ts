import { describe, expect, it } from 'vitest';
import { Dec } from '../../shared/decimal';
import { rejection } from '../support/rejection';
import { useSimCore } from '../support/sim-session';
import { expectBooksAgree, openPosition, simNets, waitForStatus } from './position-helpers';

/** A position opened and closed over the contract: the real core, the real SDK, the simulator's books. */
const setup = useSimCore();

describe('opening and closing a synthetic position', () => {
  it('opens top10-equal at 1000 USDT long to ACTIVE with 10 components, every fill stored once, and closes it flat', async () => {
    const opened = await openPosition(setup.app);
    expect(opened.status).toBe('PENDING');
    expect(opened.legs).toBe(10);
    const active = await waitForStatus(setup.app, opened.id, ['ACTIVE', 'FAILED']);
    expect(active.position.status).toBe('ACTIVE');
    expect(active.components).toHaveLength(10);
    for (const leg of active.components) {
      expect(new Dec(leg.expectedQuantity).gt(0)).toBe(true);
      expect(leg.heldQuantity).toBe(new Dec(leg.expectedQuantity).toFixed());
      expect(leg.averageEntryPrice).not.toBeNull();
    }
    expect(active.orders.every((o) => o.state === 'filled' && /^sx-[a-z0-9]{10}-/.test(o.orderLinkId))).toBe(
      true,
    );
    await expectBooksAgree(setup.app, setup.sim, setup.key.apiKey);

    const closing = await setup.app.invoke('positions.close', { id: opened.id });
    expect(closing.position.status).toBe('CLOSING');
    const closed = await waitForStatus(setup.app, opened.id, ['CLOSED']);
    expect(closed.position.closedAt).not.toBeNull();
    for (const leg of closed.components) expect(leg.heldQuantity).toBe('0');
    for (const [, net] of simNets(setup.sim, setup.key.apiKey)) expect(net.isZero()).toBe(true);
    await expectBooksAgree(setup.app, setup.sim, setup.key.apiKey);
    // Realised PnL = Σ sell value − Σ buy value − fees, from the stored fills.
    const expected = closed.trades
      .reduce((total, t) => {
        const value = new Dec(t.quantity).mul(t.price);
        return (t.side === 'Short' ? total.plus(value) : total.minus(value)).minus(t.fee);
      }, new Dec(0))
      .toDecimalPlaces(8);
    expect(closed.position.realizedPnl).toBe(expected.toFixed());
    const events = setup.app.events('positions.updated') as { id: number; status: string }[];
    expect(events.filter((e) => e.id === opened.id).map((e) => e.status)).toContain('ACTIVE');
  });

  it('closes on the ticker stream’s prices: no REST tickers call is needed while the position is followed', async () => {
    const opened = await openPosition(setup.app);
    await waitForStatus(setup.app, opened.id, ['ACTIVE']);
    // Every REST tickers call fails from here: a close that still asked for them could not price its legs.
    setup.sim.control.failNext({ path: '/v5/market/tickers', kind: 'http5xx', count: 1000 });
    try {
      await setup.app.invoke('positions.close', { id: opened.id });
      const closed = await waitForStatus(setup.app, opened.id, ['CLOSED'], 20_000);
      for (const leg of closed.components) expect(leg.heldQuantity).toBe('0');
    } finally {
      setup.sim.control.clearFaults();
    }
  });

  it('opens one position for one requestId, however often it is sent', async () => {
    const requestId = crypto.randomUUID();
    const [a, b] = await Promise.all([
      openPosition(setup.app, { requestId }),
      openPosition(setup.app, { requestId }),
    ]);
    expect(a.id).toBe(b.id);
    expect((await openPosition(setup.app, { requestId })).id).toBe(a.id);
    await waitForStatus(setup.app, a.id, ['ACTIVE']);
    await setup.app.invoke('positions.close', { id: a.id });
    await waitForStatus(setup.app, a.id, ['CLOSED']);
  });

  it('refuses to open what the preview blocks, to close what is opening, and bad input, changing nothing', async () => {
    const before = (await setup.app.invoke('positions.list', {})).positions.length;
    const levered = await rejection(openPosition(setup.app, { leverage: '100' }));
    expect(levered.code).toBe('CONFLICT');
    expect(levered.message).toMatch(/leverage/i);
    const bad = await rejection(openPosition(setup.app, { requestId: 'not-a-uuid' }));
    expect(bad.code).toBe('INVALID_PAYLOAD');
    expect(bad.issues?.[0]?.path).toBe('requestId');
    expect((await setup.app.invoke('positions.list', {})).positions.length).toBe(before);

    const opening = await openPosition(setup.app);
    const refused = await rejection(setup.app.invoke('positions.close', { id: opening.id }));
    expect(refused.code).toBe('CONFLICT');
    expect(refused.message).toMatch(/still opening/);
    await waitForStatus(setup.app, opening.id, ['ACTIVE']);
    await setup.app.invoke('positions.close', { id: opening.id });
    await waitForStatus(setup.app, opening.id, ['CLOSED']);
    const again = await rejection(setup.app.invoke('positions.close', { id: opening.id }));
    expect(again.message).toMatch(/already closed/);
  });

  it('exports the trades as CSV, one row per fill', async () => {
    const { positions } = await setup.app.invoke('positions.list', { status: 'CLOSED' });
    const first = positions[0]!;
    const detail = await setup.app.invoke('positions.get', { id: first.id });
    const exported = await setup.app.invoke('positions.exportTrades', { id: first.id });
    const lines = exported.csv.trim().split('\r\n');
    expect(lines[0]).toBe(
      'position_id,trade_id,time,symbol,side,quantity,price,value,fee,fee_currency,kind,exec_id,order_link_id,bybit_order_id',
    );
    expect(lines).toHaveLength(detail.trades.length + 1);
    expect(exported.rows).toBe(detail.trades.length);
    expect(new Set(lines.slice(1).map((l) => l.split(',')[10]))).toEqual(new Set(['open', 'close']));
  });

  it('closing fills of a long read Sell in the CSV, not Short (opening fills Buy)', async () => {
    const { positions } = await setup.app.invoke('positions.list', { status: 'CLOSED' });
    const long = positions.find((p) => p.direction === 'long')!;
    const exported = await setup.app.invoke('positions.exportTrades', { id: long.id });
    const rows = exported.csv
      .trim()
      .split('\r\n')
      .slice(1)
      .map((l) => l.split(','));
    const sides = (kind: string) => new Set(rows.filter((r) => r[10] === kind).map((r) => r[4]));
    expect(sides('open')).toEqual(new Set(['Buy']));
    expect(sides('close')).toEqual(new Set(['Sell']));
  });
});
