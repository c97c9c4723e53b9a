import { describe, expect, it } from 'vitest';
import { Engine } from '../bybit/engine';

describe('generated universe (no server)', () => {
  it.each([1, 2, 3, 42, 1234])('seed %i: unique symbols and ids, filters on their own grids', (seed) => {
    const e = new Engine(seed);
    const symbols = e.instruments.map((i) => i.symbol);
    expect(new Set(symbols).size).toBe(symbols.length);
    const ids = e.universe.map((c) => c.cgId);
    expect(new Set(ids).size).toBe(ids.length);
    const usdtPerps = e.instruments.filter(
      (i) => i.quoteCoin === 'USDT' && i.contractType === 'LinearPerpetual' && i.status === 'Trading',
    );
    expect(usdtPerps.length).toBeGreaterThan(500);
    for (const i of e.instruments) {
      expect(i.minOrderQty.mod(i.qtyStep).isZero(), i.symbol).toBe(true);
      expect(i.maxMktOrderQty.mod(i.qtyStep).isZero(), i.symbol).toBe(true);
      expect(i.maxOrderQty.gte(i.maxMktOrderQty), i.symbol).toBe(true);
      expect(i.initialPrice.mod(i.tickSize).isZero() && i.initialPrice.gt(0), i.symbol).toBe(true);
      // One minimum order is worth at least a few cents; the minimum notional is reachable below maxMktOrderQty.
      expect(i.maxMktOrderQty.mul(i.initialPrice).gt(i.minNotionalValue), i.symbol).toBe(true);
    }
    const ranks = e.universe.filter((c) => c.rank !== null).map((c) => c.rank as number);
    expect([...ranks].sort((a, b) => a - b)).toEqual(ranks.map((_, i) => i + 1));
  });
});
