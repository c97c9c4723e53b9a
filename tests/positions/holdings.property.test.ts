import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Dec } from '../../shared/decimal';
import { foldFills, unrealizedGross, type Fill } from '../../shared/positions/holdings';
import { decimalArb, fillArb } from '../support/fill-arbitraries';

const fillArbitrary = fillArb({
  price: decimalArb(1, 1_000_000, 2),
  quantity: decimalArb(1, 10_000, 3),
  fee: decimalArb(0, 100, 4),
});

const signed = (f: Fill) => (f.side === 'Long' ? new Dec(f.quantity) : new Dec(f.quantity).neg());

describe('leg holdings from fills (average cost)', () => {
  it('holds the signed sum of the fills and pays every fee', () => {
    fc.assert(
      fc.property(fc.array(fillArbitrary, { maxLength: 30 }), (fills) => {
        const holding = foldFills(fills);
        expect(holding.quantity.eq(fills.reduce((a, f) => a.plus(signed(f)), new Dec(0)))).toBe(true);
        expect(holding.fees.eq(fills.reduce((a, f) => a.plus(f.fee), new Dec(0)))).toBe(true);
      }),
    );
  });

  it('realised plus unrealised equals the cash moved plus the marked holding, at any mark', () => {
    fc.assert(
      fc.property(
        fc.array(fillArbitrary, { maxLength: 30 }),
        fc.integer({ min: 1, max: 1_000_000 }),
        (fills, m) => {
          const mark = new Dec(m).div(100);
          const h = foldFills(fills);
          const total = h.realizedGross.plus(unrealizedGross(h, mark));
          expect(
            total
              .minus(h.cashFlow.plus(h.quantity.mul(mark)))
              .abs()
              .lte('1e-20'),
          ).toBe(true);
        },
      ),
    );
  });

  it('closing to flat realises exactly the cash flow (Σ sell − Σ buy)', () => {
    fc.assert(
      fc.property(fc.array(fillArbitrary, { minLength: 1, maxLength: 20 }), (fills) => {
        const open = foldFills(fills);
        fc.pre(!open.quantity.isZero());
        const close: Fill = {
          side: open.quantity.isNegative() ? 'Long' : 'Short',
          price: '123.45',
          quantity: open.quantity.abs().toFixed(),
          fee: '0',
        };
        const flat = foldFills([...fills, close]);
        expect(flat.quantity.isZero()).toBe(true);
        expect(flat.averageEntry.isZero()).toBe(true);
        expect(flat.realizedGross.minus(flat.cashFlow).abs().lte('1e-20')).toBe(true);
      }),
    );
  });

  it('averages the entry of fills on one side, and keeps it on a partial close (hand-checked)', () => {
    const fills: Fill[] = [
      { side: 'Long', price: '100', quantity: '1', fee: '0.055' },
      { side: 'Long', price: '110', quantity: '3', fee: '0.1815' },
    ];
    const held = foldFills(fills);
    expect(held.averageEntry.toFixed()).toBe('107.5');
    const reduced = foldFills([...fills, { side: 'Short', price: '120', quantity: '2', fee: '0.132' }]);
    expect(reduced.quantity.toFixed()).toBe('2');
    expect(reduced.averageEntry.toFixed()).toBe('107.5');
    expect(reduced.realizedGross.toFixed()).toBe('25');
    expect(reduced.fees.toFixed()).toBe('0.3685');
    // Through zero: short 1 opened at the fill's own price.
    const flipped = foldFills([...fills, { side: 'Short', price: '90', quantity: '5', fee: '0' }]);
    expect(flipped.quantity.toFixed()).toBe('-1');
    expect(flipped.averageEntry.toFixed()).toBe('90');
    expect(flipped.realizedGross.toFixed()).toBe('-70');
  });
});
