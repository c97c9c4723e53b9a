import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Dec, isOnStep, sum } from '../../shared/decimal';
import { resolveIndex } from '../../shared/indices/constituents';
import { minimumUsdtSize } from '../../shared/indices/minimum-size';
import { sizeBasket, valueCheckPrice, type SizingInput } from '../../shared/indices/sizing';
import { basketArbitrary, legMarketArbitrary, sizeArbitrary, universeArbitrary } from './index-arbitraries';

const slippage = new Dec('0.005');
const epsilon = new Dec('1e-30');
const runs = { numRuns: 300 };

function sized(input: Omit<SizingInput, 'slippage' | 'direction'> & { direction?: 'long' | 'short' }) {
  return sizeBasket({ direction: 'long', slippage, ...input });
}

describe('sizing a basket (properties)', () => {
  it('puts every quantity on step, at or above the minimum quantity and the minimum order value', () => {
    fc.assert(
      fc.property(basketArbitrary(), sizeArbitrary, ({ constituents, markets }, usdtSize) => {
        const { legs } = sized({ constituents, markets, usdtSize });
        for (const leg of legs) {
          const m = leg.market;
          expect(isOnStep(leg.quantity, new Dec(m.qtyStep))).toBe(true);
          expect(leg.quantity.gte(m.minOrderQty)).toBe(true);
          expect(leg.notional.gte(m.minNotionalValue)).toBe(true);
          // Also at the slippage-capped price an IOC limit sell would carry.
          expect(leg.quantity.mul(valueCheckPrice(leg.price, slippage)).gte(m.minNotionalValue)).toBe(true);
          if (leg.warnings.some((w) => w.code === 'TOO_MANY_ORDERS')) {
            expect(leg.orders).toEqual([]);
            continue;
          }
          for (const order of leg.orders) {
            expect(isOnStep(order, new Dec(m.qtyStep))).toBe(true);
            expect(order.lte(m.maxMktOrderQty)).toBe(true);
          }
          expect(sum(leg.orders).eq(leg.quantity)).toBe(true);
        }
      }),
      runs,
    );
  });

  it('keeps the total notional within half a step per kept leg of the size', () => {
    fc.assert(
      fc.property(basketArbitrary(), sizeArbitrary, ({ constituents, markets }, usdtSize) => {
        const { legs, totalNotional } = sized({ constituents, markets, usdtSize });
        fc.pre(legs.length > 0);
        const slack = sum(legs.map((leg) => new Dec(leg.market.qtyStep).mul(leg.price).div(2)));
        expect(totalNotional.minus(usdtSize).abs().lte(slack.plus(epsilon))).toBe(true);
        expect(
          sum(legs.map((leg) => leg.targetWeight))
            .minus(1)
            .abs()
            .lte(epsilon),
        ).toBe(true);
        expect(
          sum(legs.map((leg) => leg.achievedWeight))
            .minus(1)
            .abs()
            .lte(epsilon),
        ).toBe(true);
      }),
      runs,
    );
  });

  it('is deterministic, and a short basket mirrors the long one', () => {
    fc.assert(
      fc.property(basketArbitrary(), sizeArbitrary, ({ constituents, markets }, usdtSize) => {
        const long = sized({ constituents, markets, usdtSize });
        expect(sized({ constituents, markets, usdtSize })).toEqual(long);
        const short = sized({ constituents, markets, usdtSize, direction: 'short' });
        expect(short.legs.map((l) => l.side)).toEqual(long.legs.map(() => 'Sell'));
        expect(long.legs.every((l) => l.side === 'Buy')).toBe(true);
        expect(short.legs.map((l) => l.quantity.toFixed())).toEqual(
          long.legs.map((l) => l.quantity.toFixed()),
        );
        expect(short.dropped.map((d) => d.constituent.symbol)).toEqual(
          long.dropped.map((d) => d.constituent.symbol),
        );
      }),
      runs,
    );
  });

  const dropsNothingAtMinimum = ({
    constituents,
    markets,
  }: {
    constituents: Parameters<typeof minimumUsdtSize>[0];
    markets: Parameters<typeof minimumUsdtSize>[1];
  }) => {
    const minimum = minimumUsdtSize(constituents, markets, slippage);
    expect(minimum).not.toBeNull();
    expect(sized({ constituents, markets, usdtSize: minimum! }).dropped).toEqual([]);
  };

  it('drops nothing at the minimum size when it lands exactly on a half step (a seed that once failed)', () => {
    // Six legs whose minimum was a whole number of USDT: w/W rounded in its last digit made a leg round down.
    fc.assert(fc.property(basketArbitrary(1, 30), dropsNothingAtMinimum), {
      seed: -1001656828,
      numRuns: 300,
    });
  });

  it('drops nothing at the minimum size, and something just below it', () => {
    fc.assert(
      fc.property(basketArbitrary(1, 30), ({ constituents, markets }) => {
        const minimum = minimumUsdtSize(constituents, markets, slippage);
        expect(minimum).not.toBeNull();
        expect(sized({ constituents, markets, usdtSize: minimum! }).dropped).toEqual([]);
        if (minimum!.gt(1))
          expect(
            sized({ constituents, markets, usdtSize: minimum!.minus(1) }).dropped.length,
          ).toBeGreaterThan(0);
      }),
      runs,
    );
  });

  it('sizes every resolved rule index: weights sum to 1 and caps hold', () => {
    fc.assert(
      fc.property(
        universeArbitrary(1, 80),
        fc.integer({ min: 1, max: 50 }),
        fc.constantFrom('equal' as const, 'mcap' as const),
        (universe, topN, weighting) => {
          const cap = weighting === 'mcap' ? '0.25' : undefined;
          fc.pre(weighting === 'equal' || topN >= 4);
          const resolved = resolveIndex({ kind: 'rule', topN, weighting, cap, exclude: [] }, universe);
          const weights = resolved.constituents.map((c) => c.weight);
          expect(resolved.constituents.length).toBe(Math.min(topN, universe.length));
          expect(sum(weights).minus(1).abs().lte(epsilon)).toBe(true);
          if (weighting === 'mcap' && universe.length >= 4)
            for (const w of weights) expect(w.lte(new Dec('0.25').plus(epsilon))).toBe(true);
          const ranks = resolved.constituents.map((c) => c.rank!);
          expect([...ranks].sort((a, b) => a - b)).toEqual(ranks);
          const best = [...universe].sort((a, b) => a.marketCapRank - b.marketCapRank).slice(0, topN);
          expect(new Set(ranks)).toEqual(new Set(best.map((e) => e.marketCapRank)));
        },
      ),
      runs,
    );
  });

  it('drops a leg only for a stated reason, and every constituent ends up kept or dropped', () => {
    fc.assert(
      fc.property(basketArbitrary(), sizeArbitrary, ({ constituents, markets }, usdtSize) => {
        const { legs, dropped } = sized({ constituents, markets, usdtSize });
        expect(legs.length + dropped.length).toBe(constituents.length);
        for (const d of dropped) expect(['BELOW_MIN_QTY', 'BELOW_MIN_NOTIONAL']).toContain(d.reason.code);
      }),
      runs,
    );
  });

  it('never lets a market exist for one leg only by accident: a leg without a market is dropped as not tradable', () => {
    fc.assert(
      fc.property(legMarketArbitrary('AAAUSDT'), (market) => {
        const constituents = [
          { symbol: 'AAAUSDT', rank: 1, weight: new Dec('0.5') },
          { symbol: 'BBBUSDT', rank: 2, weight: new Dec('0.5') },
        ];
        const result = sized({
          constituents,
          markets: new Map([[market.symbol, market]]),
          usdtSize: new Dec(1e6),
        });
        expect(result.dropped.map((d) => [d.constituent.symbol, d.reason.code])).toEqual([
          ['BBBUSDT', 'NOT_TRADABLE'],
        ]);
      }),
    );
  });
});
