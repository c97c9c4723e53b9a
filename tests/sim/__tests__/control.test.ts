import { describe, expect, it } from 'vitest';
import type { SimKey } from '../index';
import { control, marketOrder, rest, useStillSimulator } from './helpers';

const { sim } = useStillSimulator(17, { prepare: (s) => s.control.setRateLimit('/v5/order/create', 1000) });

const order = (orderLinkId: string) => marketOrder('BTCUSDT', 'Buy', '0.001', { orderLinkId });

const linkIds = () => sim.control.ledger().orders.map((o) => o.orderLinkId);

describe('fault injection', () => {
  it('http5xx: the SDK rejects with the status, nothing is booked', async () => {
    sim.control.failNext({ path: '/v5/order/create', kind: 'http5xx' });
    await expect(rest(sim).submitOrder(order('f-5xx'))).rejects.toMatchObject({ code: 503 });
    expect(linkIds()).not.toContain('f-5xx');
    expect((await rest(sim).submitOrder(order('f-5xx'))).retCode).toBe(0);
  });

  it('rateLimited: 10006 on a public endpoint, nothing else changes, then normal answers', async () => {
    sim.control.failNext({ path: '/v5/market/tickers', kind: 'rateLimited', count: 2 });
    for (let i = 0; i < 2; i++) {
      expect(await rest(sim).getTickers({ category: 'linear', symbol: 'BTCUSDT' })).toMatchObject({
        retCode: 10006,
        retMsg: 'Too many visits!',
      });
    }
    expect((await rest(sim).getTickers({ category: 'linear', symbol: 'BTCUSDT' })).retCode).toBe(0);
  });

  it('clearFaults drops queued faults; a count below one is refused', async () => {
    sim.control.failNext({ path: '/v5/market/tickers', kind: 'http5xx', count: 5 });
    sim.control.clearFaults();
    expect((await rest(sim).getTickers({ category: 'linear', symbol: 'BTCUSDT' })).retCode).toBe(0);
    expect(() => sim.control.failNext({ path: '/v5/market/tickers', kind: 'http5xx', count: 0 })).toThrow(
      RangeError,
    );
  });

  it('dropConnection: the request fails without an answer, nothing is booked', async () => {
    sim.control.failNext({ path: '/v5/order/create', kind: 'dropConnection' });
    await expect(rest(sim).submitOrder(order('f-drop'))).rejects.toBeDefined();
    expect(linkIds()).not.toContain('f-drop');
  });

  it('timeoutAfterAccept: the order is booked, the answer never comes, and it is found by orderLinkId', async () => {
    sim.control.failNext({ path: '/v5/order/create', kind: 'timeoutAfterAccept' });
    const client = rest(sim, sim, { timeoutMs: 1500 });
    await expect(client.submitOrder(order('f-lost'))).rejects.toBeDefined();
    expect(linkIds().filter((l) => l === 'f-lost')).toHaveLength(1);
    const found = await client.getActiveOrders({
      category: 'linear',
      settleCoin: 'USDT',
      orderLinkId: 'f-lost',
      openOnly: 1,
    });
    expect(found.result.list[0]).toMatchObject({ orderLinkId: 'f-lost', orderStatus: 'Filled' });
    const again = await client.submitOrder(order('f-lost'));
    expect(again.retCode).toBe(110072);
    expect(sim.control.ledger().executions.filter((e) => e.orderLinkId === 'f-lost')).toHaveLength(1);
  });

  it('timeoutAfterAccept on create-batch books every order of the batch', async () => {
    sim.control.failNext({ path: '/v5/order/create-batch', kind: 'timeoutAfterAccept' });
    const client = rest(sim, sim, { timeoutMs: 1500 });
    const batch = ['fb-1', 'fb-2', 'fb-3'].map((id) => ({ ...order(id), category: undefined }));
    await expect(client.batchSubmitOrders('linear', batch)).rejects.toBeDefined();
    expect(linkIds().filter((l) => l.startsWith('fb-'))).toEqual(['fb-1', 'fb-2', 'fb-3']);
  });

  it('failNext with count applies to that many requests, on that path only', async () => {
    sim.control.failNext({ path: '/v5/account/wallet-balance', kind: 'http5xx', count: 2 });
    expect((await rest(sim).getPositionInfo({ category: 'linear', symbol: 'BTCUSDT' })).retCode).toBe(0);
    await expect(rest(sim).getWalletBalance({ accountType: 'UNIFIED' })).rejects.toMatchObject({ code: 503 });
    await expect(rest(sim).getWalletBalance({ accountType: 'UNIFIED' })).rejects.toMatchObject({ code: 503 });
    expect((await rest(sim).getWalletBalance({ accountType: 'UNIFIED' })).retCode).toBe(0);
  });

  it('rejectSymbol without count rejects until cleared with retCode 0', async () => {
    sim.control.rejectSymbol('BTCUSDT', 10029, 'symbol not in whitelist');
    expect((await rest(sim).submitOrder(order('rj-1'))).retCode).toBe(10029);
    expect((await rest(sim).submitOrder(order('rj-2'))).retCode).toBe(10029);
    sim.control.rejectSymbol('BTCUSDT', 0, '');
    expect((await rest(sim).submitOrder(order('rj-3'))).retCode).toBe(0);
  });

  it('latency still answers correctly', async () => {
    sim.control.setLatency(30);
    try {
      expect((await rest(sim).getServerTime()).retCode).toBe(0);
    } finally {
      sim.control.setLatency(0);
    }
  });

  it('the ledger lists every accepted order and fill with its UID', () => {
    const { orders, executions } = sim.control.ledger();
    expect(orders.length).toBeGreaterThan(0);
    expect(orders.every((o) => typeof o.uid === 'string' && o.orderId.length === 36)).toBe(true);
    expect(executions.every((e) => orders.some((o) => o.orderId === e.orderId))).toBe(true);
  });
});

describe('HTTP control routes (/__sim/...)', () => {
  it('createKey, setPrice, ledger, clock over HTTP', async () => {
    const created = await control(sim, 'createKey', { balanceUsdt: '2500', readOnly: false });
    expect(created.status).toBe(200);
    const key = created.json.result as SimKey;
    expect(
      (await rest(sim, key).getWalletBalance({ accountType: 'UNIFIED' })).result.list[0]?.totalWalletBalance,
    ).toBe('2500');
    expect((await control(sim, 'setPrice', { symbol: 'ETHUSDT', price: '1234.5' })).json.ok).toBe(true);
    expect(
      (await rest(sim).getTickers({ category: 'linear', symbol: 'ETHUSDT' })).result.list[0]?.lastPrice,
    ).toBe('1234.50');
    await rest(sim, key).submitOrder({ ...order('http-1'), symbol: 'ETHUSDT', qty: '0.01' });
    const ledger = (await control(sim, 'ledger')).json.result as { orders: { orderLinkId: string }[] };
    expect(ledger.orders.map((o) => o.orderLinkId)).toContain('http-1');
    expect((await control(sim, 'clock', { offsetMs: 5000 })).json.result).toEqual({ offsetMs: 5000 });
    expect(sim.control.clock.offsetMs).toBe(5000);
    await control(sim, 'clock', { offsetMs: 0 });
  });

  it('failNext, rejectSymbol, setRateLimit, setIpLimit, setLatency, disconnectWebSockets, coingeckoFailNext over HTTP', async () => {
    expect((await control(sim, 'failNext', { path: '/v5/market/tickers', kind: 'http5xx' })).json.ok).toBe(
      true,
    );
    expect((await fetch(`${sim.rest}/v5/market/tickers?category=linear&symbol=BTCUSDT`)).status).toBe(503);
    expect(
      (await control(sim, 'rejectSymbol', { symbol: 'SOLUSDT', retCode: 110003, retMsg: 'x', count: 1 })).json
        .ok,
    ).toBe(true);
    expect((await control(sim, 'setRateLimit', { path: '/v5/user/query-api', perSecond: 20 })).json.ok).toBe(
      true,
    );
    expect((await rest(sim).getQueryApiKey()).rateLimitApi?.maxRequests).toBe(20);
    expect((await control(sim, 'setIpLimit', { perFiveSeconds: 600 })).json.ok).toBe(true);
    expect((await control(sim, 'setLatency', { ms: 0 })).json.ok).toBe(true);
    expect((await control(sim, 'disconnectWebSockets')).json.ok).toBe(true);
    expect((await control(sim, 'coingeckoFailNext', { status: 429 })).json.ok).toBe(true);
    expect((await fetch(`${sim.coingecko}/api/v3/coins/markets?vs_currency=usd`)).status).toBe(429);
  });

  it('rejects unknown routes and bad bodies', async () => {
    expect((await control(sim, 'nope')).status).toBe(404);
    const bad = await control(sim, 'setPrice', { symbol: 'BTCUSDT', price: 12 });
    expect(bad.status).toBe(400);
    expect(bad.json.ok).toBe(false);
    expect((await control(sim, 'setPrice', { symbol: 'NOPEUSDT', price: '1' })).status).toBe(400);
  });
});
