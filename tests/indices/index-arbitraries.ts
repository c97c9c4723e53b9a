/** fast-check generators for index math: universes, instrument filters and prices with Bybit-like odd steps. */
import fc from 'fast-check';
import { Dec } from '../../shared/decimal';
import type { Constituent, UniverseEntry } from '../../shared/indices/constituents';
import type { LegMarket } from '../../shared/indices/sizing';

/** Quantity steps seen on Bybit, as multiples of a power of ten: 1, 2.5, 5 (and 0.25, 25, 100 …). */
const stepMantissas = ['1', '2.5', '5'];

export const legMarketArbitrary = (symbol: string) =>
  fc
    .record({
      priceMantissa: fc.integer({ min: 1000, max: 99999 }),
      priceExponent: fc.integer({ min: -9, max: 1 }),
      stepMantissa: fc.constantFrom(...stepMantissas),
      /** How many price units one step is worth, as a power of ten: cents to a hundred dollars. */
      stepValueExponent: fc.integer({ min: -2, max: 2 }),
      minSteps: fc.integer({ min: 1, max: 10 }),
      /** Bybit's largest market order is worth 50 000 to 20 000 000 USDT. */
      maxOrderValue: fc.integer({ min: 50_000, max: 20_000_000 }),
      minNotional: fc.constantFrom('5', '10', '20'),
      maxLeverage: fc.constantFrom('5', '12.5', '25', '50', '75', '100'),
    })
    .map((r): LegMarket => {
      const price = new Dec(r.priceMantissa).mul(new Dec(10).pow(r.priceExponent));
      // A step worth about 10^stepValueExponent USDT at this price, snapped to mantissa × power of ten.
      const exponent = new Dec(10).pow(r.stepValueExponent).div(price).log(10).floor();
      const step = new Dec(r.stepMantissa).mul(new Dec(10).pow(exponent));
      return {
        symbol,
        price: price.toFixed(),
        qtyStep: step.toFixed(),
        minOrderQty: step.mul(r.minSteps).toFixed(),
        minNotionalValue: r.minNotional,
        maxMktOrderQty: Dec.max(
          step.mul(r.minSteps),
          new Dec(r.maxOrderValue).div(price).div(step).floor().mul(step),
        ).toFixed(),
        maxLeverage: r.maxLeverage,
      };
    });

export const symbolsArbitrary = (min: number, max: number) =>
  fc
    .uniqueArray(fc.stringMatching(/^[A-Z]{2,6}$/), { minLength: min, maxLength: max })
    .map((bases) => bases.map((base) => `${base}USDT`));

export const universeArbitrary = (min = 1, max = 60) =>
  symbolsArbitrary(min, max).chain((symbols) =>
    fc
      .tuple(
        fc.shuffledSubarray(
          Array.from({ length: symbols.length * 3 }, (_, i) => i + 1),
          { minLength: symbols.length, maxLength: symbols.length },
        ),
        fc.array(fc.bigInt({ min: 1_000_000n, max: 2_000_000_000_000n }), {
          minLength: symbols.length,
          maxLength: symbols.length,
        }),
      )
      .map(([ranks, caps]): UniverseEntry[] =>
        symbols.map((symbol, i) => ({
          symbol,
          marketCapRank: ranks[i]!,
          marketCap: String(caps[i]!),
        })),
      ),
  );

/** A basket of constituents with weights summing to 1, and a market for each. */
export const basketArbitrary = (min = 1, max = 50) =>
  symbolsArbitrary(min, max).chain((symbols) =>
    fc
      .tuple(
        fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: symbols.length, maxLength: symbols.length }),
        fc.tuple(...symbols.map((symbol) => legMarketArbitrary(symbol))),
      )
      .map(([raw, markets]) => {
        const total = raw.reduce((a, b) => a + b, 0);
        const constituents: Constituent[] = symbols.map((symbol, i) => ({
          symbol,
          rank: i + 1,
          weight: new Dec(raw[i]!).div(total),
        }));
        return { constituents, markets: new Map(markets.map((m) => [m.symbol, m])) };
      }),
  );

export const sizeArbitrary = fc
  .tuple(fc.integer({ min: 1, max: 10_000_000 }), fc.integer({ min: 0, max: 2 }))
  .map(([units, places]) => new Dec(units).div(new Dec(10).pow(places)));

/** A universe with a market for every coin: what a capped rule index is resolved and sized on. */
export const universeWithMarketsArbitrary = (min = 4, max = 60) =>
  universeArbitrary(min, max).chain((universe) =>
    fc
      .tuple(...universe.map((entry) => legMarketArbitrary(entry.symbol)))
      .map((markets) => ({ universe, markets: new Map(markets.map((m) => [m.symbol, m])) })),
  );
