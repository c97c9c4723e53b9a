import { describe, expect, it } from 'vitest';
import { SimWsClient, control, marketOrder, rest, waitFor, useStillSimulator } from './helpers';

const { sim, clients } = useStillSimulator(51, { prices: { BTCUSDT: '50000', ETHUSDT: '2000' } });

async function orderStream(key: { apiKey: string; apiSecret: string }) {
  const ws = new SimWsClient(sim.ws, key);
  clients.push(ws);
  const orders: Record<string, unknown>[] = [];
  const acks: Record<string, unknown>[] = [];
  ws.on('update', (u: { topic: string; data: Record<string, unknown>[] }) => {
    if (u.topic === 'order') orders.push(...u.data);
  });
  ws.on('response', (r: Record<string, unknown>) => acks.push(r));
  await Promise.all(ws.subscribeV5(['order'], 'linear', true));
  await waitFor(() => acks.some((a) => a.op === 'subscribe' && a.success === true));
  return orders;
}

describe('reject or cancel after the acknowledgement (rejectAfterAck)', () => {
  it('acknowledges the order, shows it New, then Rejected with no fill, on the stream and in lookups', async () => {
    const key = sim.control.createKey({ balanceUsdt: '10000' });
    const pushed = await orderStream(key);
    const c = rest(sim, key);
    sim.control.rejectAfterAck({ symbol: 'BTCUSDT', status: 'Rejected', delayMs: 300 });
    const res = await c.submitOrder(marketOrder('BTCUSDT', 'Buy', '0.010', { orderLinkId: 'late-rej' }));
    expect(res.retCode).toBe(0);
    expect(res.result.orderId).toMatch(/^[0-9a-f-]{36}$/);
    const lookup = async () =>
      (
        await c.getActiveOrders({
          category: 'linear',
          symbol: 'BTCUSDT',
          orderLinkId: 'late-rej',
          openOnly: 0,
        })
      ).result.list;
    expect((await lookup())[0]).toMatchObject({ orderStatus: 'New', cumExecQty: '0' });
    await waitFor(() => pushed.find((o) => o.orderLinkId === 'late-rej' && o.orderStatus === 'Rejected'));
    expect(pushed.filter((o) => o.orderLinkId === 'late-rej').map((o) => o.orderStatus)).toEqual([
      'New',
      'Rejected',
    ]);
    expect(await lookup()).toHaveLength(0);
    const closed = (await c.getHistoricOrders({ category: 'linear', orderLinkId: 'late-rej' })).result
      .list[0];
    expect(closed).toMatchObject({
      orderId: res.result.orderId,
      orderStatus: 'Rejected',
      rejectReason: 'EC_Others',
      cumExecQty: '0',
      leavesQty: '0',
    });
    expect((await c.getExecutionList({ category: 'linear', orderLinkId: 'late-rej' })).result.list).toEqual(
      [],
    );
    expect((await c.getPositionInfo({ category: 'linear', symbol: 'BTCUSDT' })).result.list[0]?.size).toBe(
      '0',
    );
    expect((await c.getWalletBalance({ accountType: 'UNIFIED' })).result.list[0]?.totalWalletBalance).toBe(
      '10000',
    );
    // The acknowledged order is in the ledger: it was accepted, and resending its orderLinkId is a duplicate.
    expect(sim.control.ledger().orders.filter((o) => o.orderLinkId === 'late-rej')).toHaveLength(1);
    expect(
      (await c.submitOrder(marketOrder('BTCUSDT', 'Buy', '0.010', { orderLinkId: 'late-rej' }))).retCode,
    ).toBe(110072);
    // count defaulted to 1: the next order fills.
    await c.submitOrder(marketOrder('BTCUSDT', 'Buy', '0.010', { orderLinkId: 'after-late' }));
    expect(
      (await c.getHistoricOrders({ category: 'linear', orderLinkId: 'after-late' })).result.list[0]
        ?.orderStatus,
    ).toBe('Filled');
  });

  it('cancels after the ack with count, in a batch too; a limit order waiting for it never fills', async () => {
    const key = sim.control.createKey({ balanceUsdt: '10000' });
    const c = rest(sim, key);
    sim.control.rejectAfterAck({ symbol: 'ETHUSDT', status: 'Cancelled', count: 2, delayMs: 1 });
    const batch = await c.batchSubmitOrders('linear', [
      { symbol: 'ETHUSDT', side: 'Buy', orderType: 'Market', qty: '0.10', orderLinkId: 'late-c1' },
      {
        symbol: 'ETHUSDT',
        side: 'Buy',
        orderType: 'Limit',
        qty: '0.10',
        price: '2100.00',
        orderLinkId: 'late-c2',
      },
      { symbol: 'ETHUSDT', side: 'Buy', orderType: 'Market', qty: '0.10', orderLinkId: 'late-c3' },
    ]);
    expect((batch.retExtInfo as { list: { code: number }[] }).list.map((x) => x.code)).toEqual([0, 0, 0]);
    const status = async (id: string) =>
      (await c.getHistoricOrders({ category: 'linear', orderLinkId: id })).result.list[0];
    await waitFor(async () => (await status('late-c2'))?.orderStatus === 'Cancelled');
    for (const id of ['late-c1', 'late-c2'])
      expect(await status(id)).toMatchObject({
        orderStatus: 'Cancelled',
        cancelType: 'CancelByAdmin',
        rejectReason: 'EC_NoError',
        cumExecQty: '0',
      });
    expect((await status('late-c3'))?.orderStatus).toBe('Filled');
    const pos = (await c.getPositionInfo({ category: 'linear', symbol: 'ETHUSDT' })).result.list[0];
    expect(pos?.size).toBe('0.1');
  });

  it('a client cancel that wins the race leaves the order CancelByUser', async () => {
    const c = rest(sim, sim.control.createKey());
    sim.control.rejectAfterAck({ symbol: 'ETHUSDT', status: 'Rejected', delayMs: 200 });
    await c.submitOrder(marketOrder('ETHUSDT', 'Sell', '0.10', { orderLinkId: 'late-race' }));
    expect(
      (await c.cancelOrder({ category: 'linear', symbol: 'ETHUSDT', orderLinkId: 'late-race' })).retCode,
    ).toBe(0);
    await new Promise((r) => setTimeout(r, 300));
    expect(
      (await c.getHistoricOrders({ category: 'linear', orderLinkId: 'late-race' })).result.list[0],
    ).toMatchObject({
      orderStatus: 'Cancelled',
      cancelType: 'CancelByUser',
    });
  });

  it('over HTTP; count 0 clears; bad bodies are refused', async () => {
    const body = { symbol: 'BTCUSDT', status: 'Rejected', rejectReason: 'EC_ReachRiskPriceLimit', count: 3 };
    expect((await control(sim, 'rejectAfterAck', body)).json.ok).toBe(true);
    expect(
      (await control(sim, 'rejectAfterAck', { symbol: 'BTCUSDT', status: 'Rejected', count: 0 })).json.ok,
    ).toBe(true);
    const c = rest(sim, sim.control.createKey());
    await c.submitOrder(marketOrder('BTCUSDT', 'Buy', '0.001', { orderLinkId: 'cleared' }));
    expect(
      (await c.getHistoricOrders({ category: 'linear', orderLinkId: 'cleared' })).result.list[0]?.orderStatus,
    ).toBe('Filled');
    for (const bad of [
      { symbol: 'BTCUSDT', status: 'Filled' },
      { symbol: 'BTCUSDT', status: 'Rejected', rejectReason: 'nope' },
      { symbol: 'NOPEUSDT', status: 'Rejected' },
      { symbol: 'BTCUSDT', status: 'Rejected', count: -1 },
    ]) {
      expect((await control(sim, 'rejectAfterAck', bad)).status, JSON.stringify(bad)).toBe(400);
    }
  });
});
