import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Dec } from '../../shared/decimal';
import type { Constituent } from '../../shared/indices/constituents';
import { minimumUsdtSizeWithMargin } from '../../shared/indices/minimum-size';
import { sizeBasket, type LegMarket } from '../../shared/indices/sizing';
import { basketArbitrary } from './index-arbitraries';
import { longPreview, market } from './capped-index-fixture';

/**
 * Issue 21 item 3: "Apply minimum" applied 2,382 USDT on a Top 50 and the next preview dropped BTC with a
 * new minimum of 2,385. The exact minimum sits on a rounding edge; the size it applies keeps every leg
 * while prices move up to 0.5 % before the open.
 */
const slippage = new Dec('0.005');

const constituents: Constituent[] = [
  { symbol: 'AUSDT', rank: 1, weight: new Dec('0.5') },
  { symbol: 'BUSDT', rank: 2, weight: new Dec('0.5') },
];
const legMarkets = (bPrice: string) =>
  new Map([
    ['AUSDT', market('AUSDT', '100', '0.01')],
    ['BUSDT', market('BUSDT', bPrice, '1', '10')],
  ]);

const previewAt = (usdtSize: string, bPrice = '3') =>
  longPreview({
    indexId: 'custom-1',
    indexName: 'Pair',
    resolved: { constituents, missing: [], shortfall: null, cap: null },
    markets: legMarkets(bPrice),
    usdtSize,
    availableBalance: null,
  });

/** Prices moved by a factor each: what the next preview, a moment later, sizes at. */
const moved = (markets: ReadonlyMap<string, LegMarket>, factors: readonly Dec[]) =>
  new Map(
    [...markets.values()].map((m, i): [string, LegMarket] => [
      m.symbol,
      { ...m, price: new Dec(m.price).mul(factors[i]!).toFixed() },
    ]),
  );

describe('Apply minimum', () => {
  it('keeps every leg on the next preview after prices moved (the applied minimum dropped BTC)', () => {
    // B needs 4 contracts (3 fall under its 10 USDT minimum order value): 3.5 × 3 / 0.5 = 21 USDT exactly.
    const preview = previewAt('21');
    expect(preview.minimumUsdtSize).toBe('21');
    expect(preview.dropped).toEqual([]);
    // A 0.1 % rise of B a moment later and the exact minimum drops it.
    expect(previewAt('21', '3.003').dropped.map((d) => d.symbol)).toEqual(['BUSDT']);
    // What Apply minimum applies keeps it anywhere within ±0.5 %.
    expect(preview.minimumUsdtSizeWithMargin).toBe('22');
    for (const price of ['2.985', '2.997', '3', '3.003', '3.015'])
      expect(previewAt('22', price).dropped).toEqual([]);
  });

  it('keeps every leg of any basket for prices moving up to 0.5 % either way (property)', () => {
    fc.assert(
      fc.property(
        basketArbitrary(1, 30).chain((basket) =>
          fc
            .array(fc.integer({ min: -500, max: 500 }), {
              minLength: basket.constituents.length,
              maxLength: basket.constituents.length,
            })
            .map((moves) => ({
              ...basket,
              factors: moves.map((m) => new Dec(1).plus(new Dec(m).div(100_000))),
            })),
        ),
        ({ constituents: legs, markets, factors }) => {
          const size = minimumUsdtSizeWithMargin(legs, markets, slippage);
          expect(size).not.toBeNull();
          const sized = sizeBasket({
            constituents: legs,
            markets: moved(markets, factors),
            usdtSize: size!,
            direction: 'long',
            slippage,
          });
          expect(sized.dropped).toEqual([]);
        },
      ),
      { numRuns: 300 },
    );
  });
});
