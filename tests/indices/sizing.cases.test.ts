import { describe, expect, it } from 'vitest';
import { Dec } from '../../shared/decimal';
import type { Constituent } from '../../shared/indices/constituents';
import { minimumUsdtSize } from '../../shared/indices/minimum-size';
import { sizeBasket, type LegMarket } from '../../shared/indices/sizing';
import { splitQuantity } from '../../shared/indices/split-orders';

function market(symbol: string, price: string, qtyStep: string, extra: Partial<LegMarket> = {}): LegMarket {
  return {
    symbol,
    price,
    qtyStep,
    minOrderQty: qtyStep,
    minNotionalValue: '5',
    maxMktOrderQty: '1000000000',
    maxLeverage: '50',
    ...extra,
  };
}

function basket(legs: [string, string][]): Constituent[] {
  return legs.map(([symbol, weight], i) => ({ symbol, rank: i + 1, weight: new Dec(weight) }));
}

const size = (constituents: Constituent[], markets: LegMarket[], usdtSize: string, slippage = '0.005') =>
  sizeBasket({
    constituents,
    markets: new Map(markets.map((m) => [m.symbol, m])),
    usdtSize: new Dec(usdtSize),
    direction: 'long',
    slippage: new Dec(slippage),
  });

describe('sizing on odd steps (hand-checked)', () => {
  const cases: { name: string; price: string; step: string; weight: string; usdt: string; qty: string }[] = [
    // 1000 × 0.1 / 3 = 33.33… contracts of 0.5 → 66.67 steps → 67 steps = 33.5
    { name: 'step 0.5', price: '3', step: '0.5', weight: '0.1', usdt: '1000', qty: '33.5' },
    // 500 / 0.01234 = 40518.6 → /25 = 1620.7 steps → 1621 × 25 = 40525
    { name: 'step 25', price: '0.01234', step: '25', weight: '0.5', usdt: '1000', qty: '40525' },
    // 100 / 0.0031 = 32258.06 → /100 = 322.58 → 323 × 100 = 32300
    { name: 'step 100', price: '0.0031', step: '100', weight: '0.1', usdt: '1000', qty: '32300' },
    // 250 / 1.3 = 192.3 → /0.25 = 769.2 → 769 × 0.25 = 192.25
    { name: 'step 0.25', price: '1.3', step: '0.25', weight: '0.25', usdt: '1000', qty: '192.25' },
    // 7.5 / 5 = 1.5 → 3 steps of 0.5 exactly
    { name: 'exact', price: '5', step: '0.5', weight: '0.75', usdt: '10', qty: '1.5' },
    // 12.5 / 5 = 2.5 → 2.5 steps of 1 rounds half up → 3
    { name: 'half a step rounds up', price: '5', step: '1', weight: '0.5', usdt: '25', qty: '3' },
  ];
  it.each(cases)('$name', ({ price, step, weight, usdt, qty }) => {
    const constituents = basket([
      ['AUSDT', weight],
      ['FILLERUSDT', new Dec(1).minus(weight).toFixed()],
    ]);
    const result = size(
      constituents,
      [market('AUSDT', price, step), market('FILLERUSDT', '1', '0.001', { minNotionalValue: '0.01' })],
      usdt,
    );
    expect(result.dropped).toEqual([]);
    expect(result.legs[0]!.quantity.toFixed()).toBe(qty);
  });

  it('drops a leg below the minimum order value, scales the rest up, and says so', () => {
    const constituents = basket([
      ['BIGUSDT', '0.9'],
      ['SMALLUSDT', '0.1'],
    ]);
    // SMALL: 100 × 0.1 = 10 USDT, but its minimum order value is 20.
    const result = size(
      constituents,
      [market('BIGUSDT', '10', '0.1'), market('SMALLUSDT', '2', '1', { minNotionalValue: '20' })],
      '100',
    );
    expect(result.dropped.map((d) => [d.constituent.symbol, d.reason.code])).toEqual([
      ['SMALLUSDT', 'BELOW_MIN_NOTIONAL'],
    ]);
    expect(result.dropped[0]!.reason.message).toMatch(/minimum order value of 20 USDT/);
    expect(result.renormalised).toBe(true);
    expect(
      result.legs.map((l) => [l.constituent.symbol, l.quantity.toFixed(), l.targetWeight.toFixed()]),
    ).toEqual([['BIGUSDT', '10', '1']]);
    // Tracking error: BIG achieves 1 vs 0.9, SMALL 0 vs 0.1 → ½(0.1 + 0.1).
    expect(result.trackingError.toFixed()).toBe('0.1');
  });

  it('drops one leg at a time, so scaling up the rest can keep them', () => {
    // Four equal legs of 9 USDT are all below a 10 USDT minimum; without the last one, three of 12 pass.
    const constituents = basket([
      ['AUSDT', '0.25'],
      ['BUSDT', '0.25'],
      ['CUSDT', '0.25'],
      ['DUSDT', '0.25'],
    ]);
    const markets = ['AUSDT', 'BUSDT', 'CUSDT', 'DUSDT'].map((s) =>
      market(s, '1', '1', { minNotionalValue: '10' }),
    );
    const result = size(constituents, markets, '36');
    expect(result.legs.map((l) => [l.constituent.symbol, l.quantity.toFixed()])).toEqual([
      ['AUSDT', '12'],
      ['BUSDT', '12'],
      ['CUSDT', '12'],
    ]);
    expect(result.dropped.map((d) => d.constituent.symbol)).toEqual(['DUSDT']);
  });

  it('drops a leg whose rounded quantity is below the minimum quantity', () => {
    const result = size(
      basket([
        ['AUSDT', '0.5'],
        ['BUSDT', '0.5'],
      ]),
      [
        market('AUSDT', '1', '1'),
        market('BUSDT', '0.5', '10', { minOrderQty: '100', minNotionalValue: '1' }),
      ],
      '60',
    );
    // B: 30 / 0.5 = 60 → 6 steps of 10 = 60, below the minimum of 100.
    expect(result.dropped.map((d) => [d.constituent.symbol, d.reason.code, d.quantity.toFixed()])).toEqual([
      ['BUSDT', 'BELOW_MIN_QTY', '60'],
    ]);
  });

  it('checks the order value at the slippage-capped price', () => {
    // 5.02 USDT at the last price, but 4.99 at 0.5 % below: below a 5 USDT minimum.
    const result = size(basket([['AUSDT', '1']]), [market('AUSDT', '5.02', '1')], '5.02');
    expect(result.dropped.map((d) => d.reason.code)).toEqual(['BELOW_MIN_NOTIONAL']);
    expect(size(basket([['AUSDT', '1']]), [market('AUSDT', '5.04', '1')], '5.04').dropped).toEqual([]);
  });

  it('gives the smallest whole-USDT size that keeps every leg', () => {
    const constituents = basket([
      ['AUSDT', '0.5'],
      ['BUSDT', '0.5'],
    ]);
    const markets = [market('AUSDT', '100', '0.01'), market('BUSDT', '3', '1', { minNotionalValue: '10' })];
    // B needs 4 contracts (4 × 3 × 0.995 = 11.94 ≥ 10; 3 would be 8.955): 3.5 × 3 / 0.5 = 21 USDT.
    const minimum = minimumUsdtSize(
      constituents,
      new Map(markets.map((m) => [m.symbol, m])),
      new Dec('0.005'),
    );
    expect(minimum!.toFixed()).toBe('21');
    expect(size(constituents, markets, '21').dropped).toEqual([]);
    expect(size(constituents, markets, '20').dropped.map((d) => d.constituent.symbol)).toEqual(['BUSDT']);
  });

  it('keeps a leg at a minimum size that lands exactly on its half step', () => {
    const constituents = basket([
      ['AUSDT', '0.5'],
      ['BUSDT', '0.5'],
    ]);
    const markets = [
      market('AUSDT', '1', '10', { minOrderQty: '70', minNotionalValue: '10' }),
      market('BUSDT', '1', '1', { minNotionalValue: '0.01' }),
    ];
    // A needs 70 = 7 steps: 6.5 steps round up, so 0.5 × S = 65 → S = 130 exactly.
    const minimum = minimumUsdtSize(
      constituents,
      new Map(markets.map((m) => [m.symbol, m])),
      new Dec('0.005'),
    );
    expect(minimum!.toFixed()).toBe('130');
    expect(size(constituents, markets, '130').legs.map((l) => l.quantity.toFixed())).toEqual(['70', '65']);
    expect(size(constituents, markets, '129').dropped.map((d) => d.constituent.symbol)).toEqual(['AUSDT']);
  });

  it('splits a leg above the largest market order into near-equal orders on step', () => {
    const text = (parts: Dec[]) => parts.map((p) => p.toFixed());
    expect(text(splitQuantity(new Dec(7), new Dec(3), new Dec(1)))).toEqual(['3', '2', '2']);
    expect(text(splitQuantity(new Dec('2.5'), new Dec(1), new Dec('0.5')))).toEqual(['1', '1', '0.5']);
    expect(text(splitQuantity(new Dec(6), new Dec(3), new Dec(1)))).toEqual(['3', '3']);
    expect(text(splitQuantity(new Dec(2), new Dec(3), new Dec(1)))).toEqual(['2']);
    // A limit off the step is taken down to it: 2.7 → 2.5 per order.
    expect(text(splitQuantity(new Dec(5), new Dec('2.7'), new Dec('0.5')))).toEqual(['2.5', '2.5']);
    const result = size(
      basket([['AUSDT', '1']]),
      [market('AUSDT', '10', '1', { maxMktOrderQty: '40' })],
      '1000',
    );
    expect(text(result.legs[0]!.orders)).toEqual(['34', '33', '33']);
    expect(result.legs[0]!.warnings.map((w) => w.code)).toEqual(['SPLIT']);
  });

  it('refuses a leg that would need more than one batch of orders instead of splitting it into hundreds', () => {
    const result = size(
      basket([['AUSDT', '1']]),
      [market('AUSDT', '10', '1', { maxMktOrderQty: '4' })],
      '1000',
    );
    expect(result.legs[0]!.orders).toEqual([]);
    expect(result.legs[0]!.warnings.map((w) => w.code)).toEqual(['TOO_MANY_ORDERS']);
    expect(() => splitQuantity(new Dec(100), new Dec(4), new Dec(1))).toThrow(/25 orders/);
  });
});
