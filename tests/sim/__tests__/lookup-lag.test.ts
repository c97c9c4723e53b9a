import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LookupLag } from '../bybit/lookup-lag';
import { type Simulator, startSimulator } from '../index';
import { control, marketOrder, rest } from './helpers';

/**
 * Bybit's lookups lag (docs/bybit-v5.md "Differences we know of"): by default every order, and its fills,
 * shows in /v5/order/realtime, /v5/order/history and /v5/execution/list a seeded random 0-2 s after it
 * was booked. Visibility follows the server clock, so the tests move that clock instead of waiting.
 */
describe('the lag of one order', () => {
  it('is drawn once per order, from 0 to maxMs, the same for the same seed', () => {
    const a = new LookupLag(7);
    const b = new LookupLag(7);
    const ids = Array.from({ length: 200 }, (_, i) => `order-${i}`);
    const lags = ids.map((id) => a.lagOf(id));
    expect(ids.map((id) => b.lagOf(id))).toEqual(lags);
    expect(ids.map((id) => a.lagOf(id))).toEqual(lags);
    expect(Math.min(...lags)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...lags)).toBeLessThanOrEqual(2000);
    // Spread over the range, not one value.
    expect(lags.filter((lag) => lag < 1000).length).toBeGreaterThan(50);
    expect(lags.filter((lag) => lag >= 1000).length).toBeGreaterThan(50);
    expect(new LookupLag(8).lagOf('order-0')).not.toBe(new LookupLag(7).lagOf('order-0'));
  });

  it('after a restart from the state file, rows booked before it are visible at once', () => {
    const lag = new LookupLag(1, { ms: 2000 });
    lag.settledBefore(5000);
    expect([
      lag.visible('old', 4999, 5000),
      lag.visible('new', 5000, 5000),
      lag.visible('new', 5000, 7000),
    ]).toEqual([true, false, true]);
  });

  it('is fixed, off, or random again as set; bad settings are refused', () => {
    const lag = new LookupLag(1);
    lag.set({ ms: 1500 });
    expect([lag.lagOf('x'), lag.visible('x', 1000, 2499), lag.visible('x', 1000, 2500)]).toEqual([
      1500,
      false,
      true,
    ]);
    lag.set({ ms: 0 });
    expect(lag.visible('x', 1000, 1000)).toBe(true);
    lag.set({ maxMs: 300, seed: 5 });
    expect(lag.lagOf('y')).toBeLessThanOrEqual(300);
    for (const bad of [{ ms: -1 }, { ms: 1.5 }, { maxMs: 60_001 }])
      expect(() => lag.set(bad)).toThrow(RangeError);
  });
});

describe('lookups on the simulator', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ seed: 19, tickIntervalMs: 0 });
  });
  afterAll(async () => {
    sim.control.clock.offsetMs = 0;
    await sim.close();
  });

  it('lag by default: orders and fills appear within 2 s of booking, not at once', async () => {
    const key = sim.control.createKey();
    const c = rest(sim, key);
    // Eight: under the 10/s order/create limit. The same seed draws the same lags in booking order.
    const ids = Array.from({ length: 8 }, (_, i) => `lag-${i}`);
    const replica = new LookupLag(19);
    const lags = ids.map((id) => replica.lagOf(id));
    // The premise, fixed by the seed: the last order lags well over a request's round trip.
    expect(lags[7]).toBeGreaterThan(1000);
    for (const id of ids) await c.submitOrder(marketOrder('SOLUSDT', 'Buy', '1', { orderLinkId: id }));
    const last = await c.getActiveOrders({
      category: 'linear',
      symbol: 'SOLUSDT',
      orderLinkId: 'lag-7',
      openOnly: 1,
    });
    expect(last.result.list).toEqual([]);
    expect((await c.getExecutionList({ category: 'linear', orderLinkId: 'lag-7' })).result.list).toEqual([]);
    // The position is not a lookup: it is current at once.
    const [pos] = (await c.getPositionInfo({ category: 'linear', symbol: 'SOLUSDT' })).result.list;
    expect(pos?.size).toBe('8');
    // Two seconds later on Bybit's clock everything shows (within recv_window, so requests still pass).
    sim.control.clock.offsetMs = 2001;
    const orders = (await c.getHistoricOrders({ category: 'linear', symbol: 'SOLUSDT', limit: 50 })).result
      .list;
    const fills = (await c.getExecutionList({ category: 'linear', symbol: 'SOLUSDT', limit: 100 })).result
      .list;
    expect([orders.length, new Set(fills.map((f) => f.orderLinkId)).size]).toEqual([8, 8]);
    sim.control.clock.offsetMs = 0;
  });

  it('setLookupLag: a fixed lag, 0 = off, or {maxMs, seed}; over HTTP too', async () => {
    const key = sim.control.createKey();
    const c = rest(sim, key);
    const find = async (id: string) =>
      (await c.getActiveOrders({ category: 'linear', symbol: 'SOLUSDT', orderLinkId: id, openOnly: 1 }))
        .result.list.length;
    sim.control.setLookupLag(0);
    await c.submitOrder(marketOrder('SOLUSDT', 'Buy', '1', { orderLinkId: 'off-1' }));
    expect(await find('off-1')).toBe(1);
    expect((await control(sim, 'setLookupLag', { ms: 3000 })).json.ok).toBe(true);
    await c.submitOrder(marketOrder('SOLUSDT', 'Buy', '1', { orderLinkId: 'fixed-1' }));
    expect(await find('fixed-1')).toBe(0);
    sim.control.clock.offsetMs = 3001;
    expect(await find('fixed-1')).toBe(1);
    sim.control.clock.offsetMs = 0;
    expect((await control(sim, 'setLookupLag', { maxMs: 500, seed: 3 })).json.ok).toBe(true);
    expect((await control(sim, 'setLookupLag', { maxMs: -1 })).status).toBe(400);
    expect((await control(sim, 'setLookupLag', { ms: 1, maxMs: 1 })).status).toBe(400);
    sim.control.setLookupLag({ maxMs: 2000 });
  });
});
