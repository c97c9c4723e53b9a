import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Dec, sum } from '../../shared/decimal';
import { capProblem, cappedMarketCapWeights, equalWeights } from '../../shared/indices/weights';

const text = (values: Dec[]) => values.map((v) => v.toDecimalPlaces(12).toFixed());
const epsilon = new Dec('1e-30');

describe('index weights', () => {
  it('caps at 25 % and spreads the excess pro rata over the uncapped coins (hand-checked)', () => {
    const caps = (...values: number[]) => values.map((v) => new Dec(v));
    expect(text(cappedMarketCapWeights(caps(50, 30, 10, 5, 5), new Dec('0.25')))).toEqual([
      '0.25',
      '0.25',
      '0.25',
      '0.125',
      '0.125',
    ]);
    expect(text(cappedMarketCapWeights(caps(40, 40, 10, 5, 5), new Dec('0.3')))).toEqual([
      '0.3',
      '0.3',
      '0.2',
      '0.1',
      '0.1',
    ]);
    // Redistributing once pushes the second coin over the cap too: a second round is needed.
    expect(text(cappedMarketCapWeights(caps(60, 20, 10, 10), new Dec('0.3')))).toEqual([
      '0.3',
      '0.3',
      '0.2',
      '0.2',
    ]);
    // No coin above the cap: plain market-cap weights.
    expect(text(cappedMarketCapWeights(caps(3, 3, 2, 2), new Dec('0.5')))).toEqual([
      '0.3',
      '0.3',
      '0.2',
      '0.2',
    ]);
  });

  it('refuses a cap that cannot be met, and says how many coins it needs', () => {
    expect(capProblem(3, new Dec('0.25'))).toMatch(
      /3 coins capped at 25 % cannot add up to 100 % \(needs at least 4 coins\)/,
    );
    expect(capProblem(4, new Dec('0.25'))).toBeNull();
    expect(capProblem(4, new Dec('0'))).toMatch(/above 0 %/);
    expect(() => cappedMarketCapWeights([new Dec(1), new Dec(2)], new Dec('0.25'))).toThrow(/cannot add up/);
  });

  it('equal weights sum to 1', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 50 }), (n) => {
        expect(sum(equalWeights(n)).minus(1).abs().lte(epsilon)).toBe(true);
      }),
    );
  });

  it('capped weights sum to 1, never exceed the cap, and keep the market-cap order', () => {
    fc.assert(
      fc.property(
        fc.array(fc.bigInt({ min: 1n, max: 10n ** 13n }), { minLength: 1, maxLength: 50 }),
        fc.integer({ min: 1, max: 100 }),
        (rawCaps, capPercent) => {
          const cap = new Dec(capPercent).div(100);
          fc.pre(cap.mul(rawCaps.length).gte(1));
          const caps = rawCaps.map((c) => new Dec(String(c)));
          const weights = cappedMarketCapWeights(caps, cap);
          expect(sum(weights).minus(1).abs().lte(epsilon)).toBe(true);
          for (const w of weights) expect(w.lte(cap.plus(epsilon)) && w.gte(0)).toBe(true);
          for (let i = 0; i < caps.length; i++)
            for (let j = 0; j < caps.length; j++)
              if (caps[i]!.gt(caps[j]!)) expect(weights[i]!.gte(weights[j]!.minus(epsilon))).toBe(true);
        },
      ),
    );
  });
});
