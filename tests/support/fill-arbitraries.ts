import fc from 'fast-check';
import { Dec } from '../../shared/decimal';
import type { Fill } from '../../shared/positions/holdings';

/** A decimal string with `places` decimals: a whole number from `min` to `max`, shifted (no floats). */
export function decimalArb(min: number, max: number, places: number): fc.Arbitrary<string> {
  return fc.integer({ min, max }).map((n) => new Dec(n).div(new Dec(10).pow(places)).toFixed());
}

/** One fill of a leg (shared/positions/holdings), long or short, its figures drawn from the given ranges. */
export function fillArb(figures: {
  price: fc.Arbitrary<string>;
  quantity: fc.Arbitrary<string>;
  fee: fc.Arbitrary<string>;
}): fc.Arbitrary<Fill> {
  return fc.record({ side: fc.constantFrom('Long' as const, 'Short' as const), ...figures });
}
