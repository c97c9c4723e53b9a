import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from '../index';
import { rest, marketOrder } from './helpers';

let sim: Simulator;
beforeAll(async () => {
  // These tests read the books right after each action; lookup-lag.test.ts covers the lag itself.
  sim = await startSimulator({ seed: 5, lookupLag: 0 });
  sim.control.setPrice('SOLUSDT', '100');
  sim.control.setPrice('AVAXUSDT', '20');
});
afterAll(async () => {
  await sim.close();
});

const order = marketOrder;

describe('set-leverage', () => {
  it('sets, then answers 110043 for the same value, and validates range and one-way equality', async () => {
    const c = rest(sim, sim.control.createKey());
    const set = (buy: string, sell = buy) =>
      c.setLeverage({ category: 'linear', symbol: 'SOLUSDT', buyLeverage: buy, sellLeverage: sell });
    expect((await set('5')).retCode).toBe(0);
    const same = await set('5');
    expect(same.retCode).toBe(110043);
    expect(same.retMsg).toBe('Set leverage not modified');
    expect((await set('0.5')).retCode).toBe(10001);
    expect((await set('500')).retCode).toBe(10001);
    expect((await set('5', '6')).retCode).toBe(10001);
    const pos = (await c.getPositionInfo({ category: 'linear', symbol: 'SOLUSDT' })).result.list[0];
    expect(pos?.leverage).toBe('5');
  });
});

describe('switch-mode and hedge positions', () => {
  it('table of switch-mode outcomes', async () => {
    const c = rest(sim, sim.control.createKey());
    const sw = (mode: 0 | 3, symbol = 'AVAXUSDT') =>
      c.switchPositionMode({ category: 'linear', symbol, mode });
    const same = await sw(0);
    expect([same.retCode, same.retMsg]).toEqual([110025, 'Position mode is not modified']);
    await c.submitOrder(order('AVAXUSDT', 'Buy', '1.0'));
    expect((await sw(3)).retCode).toBe(110024);
    await c.submitOrder(order('AVAXUSDT', 'Sell', '1.0', { reduceOnly: true }));
    await c.submitOrder({ ...order('AVAXUSDT', 'Buy', '1.0'), orderType: 'Limit', price: '10.000' });
    expect((await sw(3)).retCode).toBe(110028);
    await c.cancelAllOrders({ category: 'linear', symbol: 'AVAXUSDT' });
    expect((await sw(3)).retCode).toBe(0);
    // By coin: everything settled in USDT.
    expect((await c.switchPositionMode({ category: 'linear', coin: 'USDT', mode: 3 })).retCode).toBe(0);
    expect((await c.switchPositionMode({ category: 'linear', coin: 'USDT', mode: 3 })).retCode).toBe(110025);
  });

  it('keeps both sides in hedge mode and enforces positionIdx', async () => {
    const c = rest(sim, sim.control.createKey());
    expect((await c.switchPositionMode({ category: 'linear', symbol: 'SOLUSDT', mode: 3 })).retCode).toBe(0);
    const noIdx = await c.submitOrder(order('SOLUSDT', 'Buy', '1.0'));
    expect([noIdx.retCode, noIdx.retMsg]).toEqual([10001, 'position idx not match position mode']);
    expect((await c.submitOrder(order('SOLUSDT', 'Buy', '2.0', { positionIdx: 1 }))).retCode).toBe(0);
    expect((await c.submitOrder(order('SOLUSDT', 'Sell', '1.0', { positionIdx: 2 }))).retCode).toBe(0);
    let rows = (await c.getPositionInfo({ category: 'linear', symbol: 'SOLUSDT' })).result.list;
    expect(rows.map((r) => [r.positionIdx, r.side, r.size])).toEqual([
      [1, 'Buy', '2'],
      [2, 'Sell', '1'],
    ]);
    // Sell on the long row closes it (and cannot exceed it).
    expect((await c.submitOrder(order('SOLUSDT', 'Sell', '5.0', { positionIdx: 1 }))).retCode).toBe(0);
    rows = (await c.getPositionInfo({ category: 'linear', symbol: 'SOLUSDT' })).result.list;
    expect(rows.map((r) => [r.positionIdx, r.side, r.size])).toEqual([
      [1, '', '0'],
      [2, 'Sell', '1'],
    ]);
    const closeEmpty = await c.submitOrder(order('SOLUSDT', 'Sell', '1.0', { positionIdx: 1 }));
    expect(closeEmpty.retCode).toBe(110017);
    const held = await c.getPositionInfo({ category: 'linear', settleCoin: 'USDT' });
    expect(held.result.list.map((r) => [r.symbol, r.positionIdx])).toEqual([['SOLUSDT', 2]]);
  });
});
