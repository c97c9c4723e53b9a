import type { LinearInverseInstrumentInfoV5 } from 'bybit-api';
import Decimal from 'decimal.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../bybit/engine';
import { instrumentToWire } from '../bybit/instruments';
import { type Simulator, startSimulator } from '../index';
import { marketOrder, rest } from './helpers';

const onStep = (value: string, step: string) => new Decimal(value).mod(step).isZero();
const isPowerOfTen = (v: string) => /^10*$|^0\.0*1$/.test(new Decimal(v).toFixed());

/** The USDT perpetuals a universe snapshot would hold, in market-cap rank order. */
function rankedPerps(engine: Engine): LinearInverseInstrumentInfoV5[] {
  const out: LinearInverseInstrumentInfoV5[] = [];
  for (const coin of engine.universe) {
    if (!coin.bybitBase || coin.rank === null) continue;
    const inst = engine.instrument(`${coin.bybitBase}USDT`);
    if (inst) out.push(instrumentToWire(inst) as unknown as LinearInverseInstrumentInfoV5);
  }
  return out;
}

describe('instrument filters (no server)', () => {
  it.each([1, 2, 7, 42])('seed %i: every filter is on its own grid and within its caps', (seed) => {
    const engine = new Engine(seed);
    for (const inst of engine.instruments) {
      const w = instrumentToWire(inst) as unknown as LinearInverseInstrumentInfoV5;
      const lot = w.lotSizeFilter as typeof w.lotSizeFilter & { minNotionalValue: string };
      const tick = w.priceFilter.tickSize;
      const price = engine.market.last(inst.symbol).toFixed();
      expect(onStep(lot.minOrderQty, lot.qtyStep), inst.symbol).toBe(true);
      expect(onStep(lot.maxMktOrderQty, lot.qtyStep), inst.symbol).toBe(true);
      expect(onStep(lot.maxOrderQty, lot.qtyStep), inst.symbol).toBe(true);
      expect(new Decimal(lot.maxMktOrderQty).lte(lot.maxOrderQty), inst.symbol).toBe(true);
      expect(new Decimal(lot.minOrderQty).lte(lot.maxMktOrderQty), inst.symbol).toBe(true);
      expect(onStep(price, tick) && onStep(w.priceFilter.minPrice, tick), inst.symbol).toBe(true);
      expect(onStep(w.priceFilter.maxPrice, tick), inst.symbol).toBe(true);
      expect(new Decimal(tick).decimalPlaces(), inst.symbol).toBe(Number(w.priceScale));
      expect(['5', '10', '20'], inst.symbol).toContain(lot.minNotionalValue);
      const lev = new Decimal(w.leverageFilter.maxLeverage);
      expect(lev.gte(5) && lev.lte(100), inst.symbol).toBe(true);
      // The smallest order the exchange accepts fits three times under the market-order cap.
      const smallest = Decimal.max(
        lot.minOrderQty,
        new Decimal(lot.minNotionalValue).div(price).div(lot.qtyStep).ceil().mul(lot.qtyStep),
      );
      expect(smallest.mul(3).lte(lot.maxMktOrderQty), inst.symbol).toBe(true);
    }
  });

  it('the top 50 by market cap hold odd steps, odd ticks, 10 and 20 USDT minimums, low market caps, leverage 5 to 100', () => {
    const top = rankedPerps(new Engine(1)).slice(0, 50);
    const steps = new Set(top.map((i) => i.lotSizeFilter.qtyStep));
    for (const step of ['0.25', '0.5', '25', '100']) expect(steps).toContain(step);
    expect(top.filter((i) => !isPowerOfTen(i.priceFilter.tickSize)).length).toBeGreaterThanOrEqual(5);
    const minValues = top.map((i) => (i.lotSizeFilter as { minNotionalValue: string }).minNotionalValue);
    expect(minValues.filter((v) => v === '10').length).toBeGreaterThanOrEqual(3);
    expect(minValues.filter((v) => v === '20').length).toBeGreaterThanOrEqual(3);
    const leverages = top.map((i) => Number(i.leverageFilter.maxLeverage));
    expect(Math.min(...leverages)).toBe(5);
    expect(Math.max(...leverages)).toBe(100);
    // A 100 USDT leg on these needs more than one market order.
    const engine = new Engine(1);
    const splitAt100 = top.filter((i) =>
      new Decimal(i.lotSizeFilter.maxMktOrderQty).mul(engine.market.last(i.symbol).toFixed()).lt(100),
    );
    expect(splitAt100.map((i) => i.symbol)).toContain('ADAUSDT');
    // The top 10 are not all powers of ten either.
    const top10 = top.slice(0, 10);
    expect(top10.filter((i) => !isPowerOfTen(i.lotSizeFilter.qtyStep)).length).toBeGreaterThanOrEqual(2);
    expect(
      top10.filter((i) => (i.lotSizeFilter as { minNotionalValue: string }).minNotionalValue !== '5').length,
    ).toBeGreaterThanOrEqual(2);
  });

  it('keeps the head of the market on sensible Bybit-like values', () => {
    const engine = new Engine(1);
    const wire = (s: string) => instrumentToWire(engine.instrument(s)!);
    expect(wire('BTCUSDT')).toMatchObject({
      priceFilter: { tickSize: '0.1' },
      lotSizeFilter: {
        qtyStep: '0.001',
        minOrderQty: '0.001',
        maxMktOrderQty: '500.000',
        maxOrderQty: '1190.000',
        minNotionalValue: '5',
      },
      leverageFilter: { maxLeverage: '100.00' },
    });
    expect(wire('ETHUSDT')).toMatchObject({
      priceFilter: { tickSize: '0.01' },
      lotSizeFilter: { qtyStep: '0.01', minOrderQty: '0.01', minNotionalValue: '5' },
      leverageFilter: { maxLeverage: '100.00' },
    });
    expect(wire('TRXUSDT')).toMatchObject({
      priceScale: '5',
      priceFilter: { tickSize: '0.00005' },
      lotSizeFilter: { qtyStep: '25', minOrderQty: '25', minNotionalValue: '10' },
    });
  });

  it('is deterministic from the seed: the hand-set head is the same, the seeded tail differs', () => {
    const filters = ({ priceFilter, lotSizeFilter, leverageFilter }: Record<string, unknown>) =>
      JSON.stringify({ priceFilter, lotSizeFilter, leverageFilter });
    const wires = (seed: number) =>
      new Map(new Engine(seed).instruments.map((i) => [i.symbol, filters(instrumentToWire(i))]));
    const a = wires(5);
    expect(wires(5)).toEqual(a);
    const b = wires(6);
    for (const symbol of ['BTCUSDT', 'TRXUSDT', 'ADAUSDT', 'HYPEUSDT'])
      expect(b.get(symbol)).toBe(a.get(symbol));
    expect([...a.keys()].filter((s) => !b.has(s)).length).toBeGreaterThan(100);
  });
});

describe('odd filters over REST', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ seed: 21, tickIntervalMs: 0 });
    sim.control.setPrice('TRXUSDT', '0.29');
    sim.control.setPrice('ADAUSDT', '0.55');
    sim.control.setPrice('HYPEUSDT', '38');
  });
  afterAll(async () => {
    await sim.close();
  });

  it('a quantity off a step of 25 is invalid; a minimum of 10 USDT is named in the rejection', async () => {
    const c = rest(sim);
    expect(await c.submitOrder(marketOrder('TRXUSDT', 'Buy', '30'))).toMatchObject({
      retCode: 10001,
      retMsg: 'Qty invalid',
    });
    // 25 TRX ≈ 7.25 USDT: on step, at the minimum quantity, below the minimum value.
    expect(await c.submitOrder(marketOrder('TRXUSDT', 'Buy', '25'))).toMatchObject({
      retCode: 110094,
      retMsg: 'Order does not meet minimum order value 10USDT',
    });
    expect((await c.submitOrder(marketOrder('TRXUSDT', 'Buy', '50'))).retCode).toBe(0);
    expect(await c.submitOrder(marketOrder('HYPEUSDT', 'Buy', '0.25'))).toMatchObject({
      retCode: 110094,
      retMsg: 'Order does not meet minimum order value 20USDT',
    });
    expect((await c.submitOrder(marketOrder('HYPEUSDT', 'Buy', '0.75'))).retCode).toBe(0);
  });

  it('a leg above maxMktOrderQty is refused as one market order and fills when split', async () => {
    const c = rest(sim, sim.control.createKey());
    const lot = (await c.getInstrumentsInfo({ category: 'linear', symbol: 'ADAUSDT' })).result.list[0]!
      .lotSizeFilter as { maxMktOrderQty: string; maxOrderQty: string };
    expect(lot.maxMktOrderQty).toBe('150');
    // 182 ADA ≈ 100 USDT: over the market cap, within the limit-order cap.
    const tooLarge = await c.submitOrder(marketOrder('ADAUSDT', 'Buy', '182'));
    expect(tooLarge).toMatchObject({
      retCode: 10001,
      retMsg:
        'The number of contracts exceeds maximum limit allowed: too large, order_qty:18200000000 > max_qty:15000000000',
    });
    for (const qty of ['150', '32'])
      expect((await c.submitOrder(marketOrder('ADAUSDT', 'Buy', qty))).retCode).toBe(0);
    const pos = (await c.getPositionInfo({ category: 'linear', symbol: 'ADAUSDT' })).result.list[0];
    expect(pos?.size).toBe('182');
  });
});
