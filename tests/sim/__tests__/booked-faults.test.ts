/**
 * Faults where the order IS booked although the client cannot tell, a lookup that lags behind the
 * booking, and the wire record of every orderLinkId sent (which 110072 cannot give).
 */
import { RestClientV5 } from 'bybit-api';
import { describe, expect, it } from 'vitest';
import { control, marketOrder, rest, waitFor, useStillSimulator } from './helpers';

const { sim } = useStillSimulator(23, { prepare: (s) => s.control.setRateLimit('/v5/order/create', 1000) });

const order = (orderLinkId: string) => marketOrder('BTCUSDT', 'Buy', '0.001', { orderLinkId });

const booked = (id: string) => sim.control.ledger().orders.filter((o) => o.orderLinkId === id).length;
const sends = (id: string) => sim.control.wireSends().filter((s) => s.orderLinkId === id).length;
const lookup = (id: string) =>
  rest(sim).getActiveOrders({ category: 'linear', settleCoin: 'USDT', orderLinkId: id, openOnly: 1 });

describe('booked, then the answer is lost or wrong', () => {
  it('bookAfterTimeout: no answer, the order is booked after the client gave up', async () => {
    sim.control.failNext({ path: '/v5/order/create', kind: 'bookAfterTimeout', delayMs: 600 });
    const client = rest(sim, sim, { timeoutMs: 200 });
    await expect(client.submitOrder(order('late-1'))).rejects.toBeDefined();
    expect(booked('late-1')).toBe(0);
    await waitFor(() => booked('late-1') === 1);
    expect((await lookup('late-1')).result.list[0]).toMatchObject({ orderLinkId: 'late-1' });
  });

  it('bookAfterTimeout checks the timestamp on arrival: booked even after the recv window', async () => {
    sim.control.failNext({ path: '/v5/order/create', kind: 'bookAfterTimeout', delayMs: 700 });
    const client = new RestClientV5(
      { key: sim.apiKey, secret: sim.apiSecret, baseUrl: sim.rest, recv_window: 300 },
      { timeout: 200 },
    );
    await expect(client.submitOrder(order('late-2'))).rejects.toBeDefined();
    await waitFor(() => booked('late-2') === 1);
  });

  it('marks which wire send booked the order: a resend refused as a duplicate, or a 10006, did not', async () => {
    await rest(sim).submitOrder(order('mark-1'));
    expect((await rest(sim).submitOrder(order('mark-1'))).retCode).toBe(110072);
    sim.control.failNext({ path: '/v5/order/create', kind: 'rateLimited' });
    expect((await rest(sim).submitOrder(order('mark-2'))).retCode).toBe(10006);
    await rest(sim).submitOrder(order('mark-2'));
    const marks = (id: string) =>
      sim.control
        .wireSends()
        .filter((s) => s.orderLinkId === id)
        .map((s) => s.booked);
    expect(marks('mark-1')).toEqual([true, false]);
    expect(marks('mark-2')).toEqual([false, true]);
  });

  it('bookAfterTimeout marks its send booked once it is processed', async () => {
    sim.control.failNext({ path: '/v5/order/create', kind: 'bookAfterTimeout', delayMs: 300 });
    await expect(rest(sim, sim, { timeoutMs: 100 }).submitOrder(order('mark-3'))).rejects.toBeDefined();
    expect(sim.control.wireSends().find((s) => s.orderLinkId === 'mark-3')?.booked).toBe(false);
    await waitFor(() => sim.control.wireSends().find((s) => s.orderLinkId === 'mark-3')?.booked === true);
  });

  it('http5xxAfterAccept: the SDK rejects with 503, the order is booked', async () => {
    sim.control.failNext({ path: '/v5/order/create', kind: 'http5xxAfterAccept' });
    await expect(rest(sim).submitOrder(order('b5xx'))).rejects.toMatchObject({ code: 503 });
    expect(booked('b5xx')).toBe(1);
  });

  it.each([10000, 10016] as const)(
    'retCode%sAfterAccept: the answer is that code, the order is booked',
    async (code) => {
      sim.control.failNext({ path: '/v5/order/create', kind: `retCode${code}AfterAccept` });
      expect(await rest(sim).submitOrder(order(`b${code}`))).toMatchObject({ retCode: code });
      expect(booked(`b${code}`)).toBe(1);
    },
  );

  it('retCode10016AfterAccept on create-batch books every order, the whole answer is 10016', async () => {
    sim.control.failNext({ path: '/v5/order/create-batch', kind: 'retCode10016AfterAccept' });
    const batch = ['bb-1', 'bb-2'].map((id) => ({ ...order(id), category: undefined }));
    expect(await rest(sim).batchSubmitOrders('linear', batch)).toMatchObject({ retCode: 10016 });
    expect([booked('bb-1'), booked('bb-2')]).toEqual([1, 1]);
  });

  it('nonJsonAfterAccept: HTTP 200 with an HTML body and no envelope, the order is booked', async () => {
    sim.control.failNext({ path: '/v5/order/create', kind: 'nonJsonAfterAccept' });
    const answer = (await rest(sim).submitOrder(order('bhtml'))) as unknown as Record<string, unknown>;
    expect(answer.retCode).toBeUndefined();
    expect(booked('bhtml')).toBe(1);
  });
});

describe('lookup lag', () => {
  it('an order and its fills are invisible to realtime, history and execution list for the lag', async () => {
    sim.control.setLookupLag(400);
    try {
      expect((await rest(sim).submitOrder(order('lag-1'))).retCode).toBe(0);
      const client = rest(sim);
      const views = async () => [
        (await lookup('lag-1')).result.list.length,
        (await client.getHistoricOrders({ category: 'linear', orderLinkId: 'lag-1' })).result.list.length,
        (await client.getExecutionList({ category: 'linear', orderLinkId: 'lag-1' })).result.list.length,
      ];
      expect(await views()).toEqual([0, 0, 0]);
      await waitFor(async () => (await views()).every((n) => n > 0));
    } finally {
      sim.control.setLookupLag(0);
    }
  });
});

describe('wire sends', () => {
  it('records every orderLinkId sent, before any check: a 110072 resend, a dropped request, a bad signature', async () => {
    expect((await rest(sim).submitOrder(order('w-1'))).retCode).toBe(0);
    expect((await rest(sim).submitOrder(order('w-1'))).retCode).toBe(110072);
    sim.control.failNext({ path: '/v5/order/create', kind: 'dropConnection' });
    await expect(rest(sim).submitOrder(order('w-2'))).rejects.toBeDefined();
    const forged = rest(sim, { apiKey: sim.apiKey, apiSecret: 'wrong' });
    // A bad signature answers HTTP 401 with retCode 10004 in the body: the SDK rejects.
    await expect(forged.submitOrder(order('w-3'))).rejects.toMatchObject({
      code: 401,
      body: { retCode: 10004 },
    });
    const batch = ['w-4', 'w-5'].map((id) => ({ ...order(id), category: undefined }));
    await rest(sim).batchSubmitOrders('linear', batch);
    expect([sends('w-1'), sends('w-2'), sends('w-3'), sends('w-4'), sends('w-5')]).toEqual([2, 1, 1, 1, 1]);
    expect(booked('w-1')).toBe(1);
    const batchSends = sim.control.wireSends().filter((s) => s.orderLinkId === 'w-4');
    expect(batchSends[0]).toMatchObject({ path: '/v5/order/create-batch', apiKey: sim.apiKey });
  });

  it('over HTTP: wireSends, setLookupLag, and failNext with delayMs; bad bodies are refused', async () => {
    const listed = (await control(sim, 'wireSends')).json;
    expect(listed.ok).toBe(true);
    expect((listed.result as { orderLinkId: string }[]).some((s) => s.orderLinkId === 'w-1')).toBe(true);
    expect((await control(sim, 'setLookupLag', { ms: 0 })).json.ok).toBe(true);
    expect((await control(sim, 'setLookupLag', { ms: -1 })).status).toBe(400);
    const late = { path: '/v5/order/create', kind: 'bookAfterTimeout', delayMs: 10 };
    expect((await control(sim, 'failNext', late)).json.ok).toBe(true);
    sim.control.clearFaults();
    expect((await control(sim, 'failNext', { ...late, delayMs: -5 })).status).toBe(400);
    expect(() => sim.control.setLookupLag(1.5)).toThrow(RangeError);
  });
});
