import type { OrderParamsV5 } from 'bybit-api';
import { afterEach, describe, expect, it } from 'vitest';
import { SimWsClient, control, marketOrder, rest, waitFor, useStillSimulator } from './helpers';

// SOLUSDT at 100: ask 100.005, then one 0.005 gap per level.
const { sim, clients } = useStillSimulator(41, { prices: { SOLUSDT: '100' } });
afterEach(() => {
  sim.control.setBookDepth({ symbol: 'SOLUSDT' });
});

const limit = (qty: string, price: string, timeInForce: OrderParamsV5['timeInForce'], orderLinkId: string) =>
  ({
    category: 'linear',
    symbol: 'SOLUSDT',
    side: 'Buy',
    orderType: 'Limit',
    qty,
    price,
    timeInForce,
    orderLinkId,
  }) as const satisfies OrderParamsV5;

describe('thin books and partial fills (setBookDepth)', () => {
  it('an IOC limit order fills what the book holds; the rest is Cancelled with cumExecQty > 0', async () => {
    sim.control.setBookDepth({ symbol: 'SOLUSDT', levelSize: '2.0', levels: 2 });
    const key = sim.control.createKey({ balanceUsdt: '100000' });
    const ws = new SimWsClient(sim.ws, key);
    clients.push(ws);
    const updates: { topic: string; data: unknown }[] = [];
    const acks: Record<string, unknown>[] = [];
    ws.on('update', (u: { topic: string; data: unknown }) => updates.push(u));
    ws.on('response', (r: Record<string, unknown>) => acks.push(r));
    await Promise.all(ws.subscribeV5(['order'], 'linear', true));
    await waitFor(() => acks.some((a) => a.op === 'subscribe' && a.success === true));

    const c = rest(sim, key);
    const ticker = (await c.getTickers({ category: 'linear', symbol: 'SOLUSDT' })).result.list[0];
    expect(ticker).toMatchObject({ ask1Size: '2.0', bid1Size: '2.0', ask1Price: '100.005' });
    const res = await c.submitOrder(limit('10.0', '101.000', 'IOC', 'ioc-part'));
    expect(res.retCode).toBe(0);
    const order = (await c.getHistoricOrders({ category: 'linear', orderLinkId: 'ioc-part' })).result.list[0];
    expect(order).toMatchObject({
      orderStatus: 'Cancelled',
      cumExecQty: '4',
      leavesQty: '0',
      qty: '10',
      timeInForce: 'IOC',
      cancelType: 'UNKNOWN',
      rejectReason: 'EC_NoImmediateQtyToFill',
    });
    const execs = (await c.getExecutionList({ category: 'linear', orderLinkId: 'ioc-part' })).result.list;
    expect(execs.map((e) => [e.execPrice, e.execQty]).reverse()).toEqual([
      ['100.005', '2'],
      ['100.01', '2'],
    ]);
    const pos = (await c.getPositionInfo({ category: 'linear', symbol: 'SOLUSDT' })).result.list[0];
    expect(pos?.size).toBe('4');
    const pushed = await waitFor(() => updates.find((u) => u.topic === 'order'));
    expect((pushed.data as Record<string, unknown>[])[0]).toMatchObject({
      orderLinkId: 'ioc-part',
      orderStatus: 'Cancelled',
      cumExecQty: '4',
    });
  });

  it('the limit price still stops the walk: only the levels at or better than the price fill', async () => {
    sim.control.setBookDepth({ symbol: 'SOLUSDT', levelSize: '2.0', levels: 5 });
    const c = rest(sim);
    await c.submitOrder(limit('10.0', '100.005', 'IOC', 'ioc-one-level'));
    const order = (await c.getHistoricOrders({ category: 'linear', orderLinkId: 'ioc-one-level' })).result
      .list[0];
    expect(order).toMatchObject({ orderStatus: 'Cancelled', cumExecQty: '2' });
  });

  it('a market order on a thin book fills the book and cancels the rest', async () => {
    sim.control.setBookDepth({ symbol: 'SOLUSDT', levelSize: '1.5', levels: 3 });
    const c = rest(sim);
    const res = await c.submitOrder(marketOrder('SOLUSDT', 'Sell', '6.0', { orderLinkId: 'mkt-thin' }));
    expect(res.retCode).toBe(0);
    const order = (await c.getHistoricOrders({ category: 'linear', orderLinkId: 'mkt-thin' })).result.list[0];
    expect(order).toMatchObject({ orderStatus: 'Cancelled', cumExecQty: '4.5', orderType: 'Market' });
  });

  it('FOK fills nothing when the book is too thin; GTC rests what it could not take', async () => {
    sim.control.setBookDepth({ symbol: 'SOLUSDT', levelSize: '1.0', levels: 2 });
    const c = rest(sim);
    await c.submitOrder(limit('3.0', '101.000', 'FOK', 'fok-thin'));
    expect(
      (await c.getHistoricOrders({ category: 'linear', orderLinkId: 'fok-thin' })).result.list[0],
    ).toMatchObject({
      orderStatus: 'Cancelled',
      cumExecQty: '0',
      rejectReason: 'EC_CancelForNoFullFill',
    });
    expect(
      (await c.getExecutionList({ category: 'linear', orderLinkId: 'fok-thin' })).result.list,
    ).toHaveLength(0);
    await c.submitOrder(limit('3.0', '101.000', 'GTC', 'gtc-thin'));
    const open = await c.getActiveOrders({ category: 'linear', symbol: 'SOLUSDT', orderLinkId: 'gtc-thin' });
    expect(open.result.list[0]).toMatchObject({
      orderStatus: 'PartiallyFilled',
      cumExecQty: '2',
      leavesQty: '1',
    });
    await c.cancelOrder({ category: 'linear', symbol: 'SOLUSDT', orderLinkId: 'gtc-thin' });
  });

  it('restoring the default book fills a market order completely again', async () => {
    sim.control.setBookDepth({ symbol: 'SOLUSDT', levelSize: '1.0', levels: 1 });
    sim.control.setBookDepth({ symbol: 'SOLUSDT' });
    const c = rest(sim);
    await c.submitOrder(marketOrder('SOLUSDT', 'Buy', '6.0', { orderLinkId: 'mkt-deep' }));
    expect(
      (await c.getHistoricOrders({ category: 'linear', orderLinkId: 'mkt-deep' })).result.list[0],
    ).toMatchObject({ orderStatus: 'Filled', cumExecQty: '6' });
  });

  it('over HTTP, and bad depths are refused without changing the book', async () => {
    expect(
      (await control(sim, 'setBookDepth', { symbol: 'SOLUSDT', levelSize: '0.5', levels: 4 })).json.ok,
    ).toBe(true);
    const ask1Size = async () =>
      (await rest(sim).getTickers({ category: 'linear', symbol: 'SOLUSDT' })).result.list[0]?.ask1Size;
    expect(await ask1Size()).toBe('0.5');
    for (const body of [
      { symbol: 'SOLUSDT', levelSize: '0.55', levels: 4 },
      { symbol: 'SOLUSDT', levelSize: '1.0', levels: 0 },
      { symbol: 'SOLUSDT', levelSize: '1.0' },
      { symbol: 'NOPEUSDT', levelSize: '1.0', levels: 1 },
    ]) {
      expect((await control(sim, 'setBookDepth', body)).status, JSON.stringify(body)).toBe(400);
    }
    expect(await ask1Size()).toBe('0.5');
  });
});
