import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from '../index';
import { rest, signedFetch } from './helpers';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ seed: 9, tickIntervalMs: 0 });
});
afterAll(async () => {
  await sim.close();
});

const btc = { symbol: 'BTCUSDT', side: 'Buy' as const, orderType: 'Market' as const, qty: '0.001' };

describe('per-UID rate limits (docs/bybit-v5.md §4)', () => {
  it('sends X-Bapi-Limit headers with the default quota on private endpoints', async () => {
    const c = rest(sim, sim.control.createKey());
    const res = await c.submitOrder({ category: 'linear', ...btc });
    expect(res.rateLimitApi).toMatchObject({ maxRequests: 10, remainingRequests: 9 });
    const raw = await signedFetch(sim, {
      method: 'GET',
      path: '/v5/position/list',
      query: 'category=linear&symbol=BTCUSDT',
    });
    expect(raw.headers.get('X-Bapi-Limit')).toBe('50');
    expect(raw.headers.get('X-Bapi-Limit-Status')).toBe('49');
    expect(Number(raw.headers.get('X-Bapi-Limit-Reset-Timestamp'))).toBeGreaterThan(0);
    // Defaults per endpoint (docs/bybit-v5.md §4), first call of a fresh UID.
    const defaults = [
      ['create-batch', await c.batchSubmitOrders('linear', [btc]), 10, 9],
      ['cancel', await c.cancelOrder({ category: 'linear', symbol: 'BTCUSDT', orderLinkId: 'none' }), 10, 9],
      ['realtime', await c.getActiveOrders({ category: 'linear', settleCoin: 'USDT' }), 50, 49],
      ['wallet', await c.getWalletBalance({ accountType: 'UNIFIED' }), 50, 49],
      [
        'set-leverage',
        await c.setLeverage({ category: 'linear', symbol: 'BTCUSDT', buyLeverage: '2', sellLeverage: '2' }),
        10,
        9,
      ],
      ['query-api', await c.getQueryApiKey(), 10, 9],
    ] as const;
    for (const [name, res, max, left] of defaults) {
      expect(res.rateLimitApi, name).toMatchObject({ maxRequests: max, remainingRequests: left });
    }
    const pub = await fetch(`${sim.rest}/v5/market/time`);
    expect(pub.headers.get('X-Bapi-Limit')).toBeNull();
  });

  it('answers 10006 over the quota, with a reset time in the future', async () => {
    const key = sim.control.createKey();
    sim.control.setRateLimit('/v5/user/query-api', 3);
    const c = rest(sim, key);
    const results = await Promise.all(Array.from({ length: 5 }, () => c.getQueryApiKey()));
    const codes = results.map((r) => r.retCode).sort();
    expect(codes).toEqual([0, 0, 0, 10006, 10006]);
    const limited = results.find((r) => r.retCode === 10006);
    expect(limited?.retMsg).toBe('Too many visits!');
    expect(limited?.rateLimitApi?.remainingRequests).toBe(0);
    expect(limited?.rateLimitApi?.resetAtTimestamp).toBeGreaterThan(Date.now() - 1000);
    // Quotas are per UID: another account is unaffected.
    expect((await rest(sim, sim.control.createKey()).getQueryApiKey()).retCode).toBe(0);
  });

  it('charges create-batch one unit per order: the tail beyond the quota fails item by item', async () => {
    const c = rest(sim, sim.control.createKey());
    sim.control.setRateLimit('/v5/order/create-batch', 5);
    const batch = Array.from({ length: 8 }, (_, i) => ({ ...btc, orderLinkId: `rl-${i}` }));
    const res = await c.batchSubmitOrders('linear', batch);
    expect(res.retCode).toBe(0);
    const codes = (res.retExtInfo as { list: { code: number; msg: string }[] }).list.map((x) => x.code);
    expect(codes).toEqual([0, 0, 0, 0, 0, 10006, 10006, 10006]);
    expect(res.rateLimitApi?.remainingRequests).toBe(0);
    const accepted = sim.control.ledger().orders.filter((o) => o.orderLinkId.startsWith('rl-'));
    expect(accepted).toHaveLength(5);
    // The single-create quota is separate.
    expect((await c.submitOrder({ category: 'linear', ...btc })).retCode).toBe(0);
    const next = await c.batchSubmitOrders('linear', [{ ...btc, orderLinkId: 'rl-x' }]);
    expect(next.retCode).toBe(10006);
  });
});

describe('IP limit', () => {
  it('bans with HTTP 403 "access too frequent" and no limit headers', async () => {
    sim.control.setIpLimit(4, 60_000);
    try {
      const statuses: number[] = [];
      let body = '';
      let limitHeader: string | null = 'unset';
      for (let i = 0; i < 6; i++) {
        const r = await fetch(`${sim.rest}/v5/market/time`);
        statuses.push(r.status);
        if (r.status === 403) {
          body = await r.text();
          limitHeader = r.headers.get('X-Bapi-Limit');
        } else await r.text();
      }
      expect(statuses).toEqual([200, 200, 200, 200, 403, 403]);
      expect(body).toBe('access too frequent');
      expect(limitHeader).toBeNull();
      // The SDK rejects a non-200 answer with the HTTP status.
      await expect(rest(sim).getWalletBalance({ accountType: 'UNIFIED' })).rejects.toMatchObject({
        code: 403,
      });
    } finally {
      sim.control.setIpLimit(600);
    }
    expect((await fetch(`${sim.rest}/v5/market/time`)).status).toBe(200);
  });
});
