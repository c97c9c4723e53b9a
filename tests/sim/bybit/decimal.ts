import Decimal from 'decimal.js';

/** A private Decimal flavour: wide precision and never exponent notation, so wire strings look like Bybit's. */
export const D = Decimal.clone({
  precision: 60,
  toExpNeg: -40,
  toExpPos: 60,
  rounding: Decimal.ROUND_HALF_UP,
});
export type Dec = InstanceType<typeof D>;

/** Parses a wire decimal strictly: digits with an optional fraction, nothing else (no exponent, no sign). */
export function parseDecimal(value: unknown): Dec | null {
  if (typeof value !== 'string' || !/^\d+(\.\d+)?$/.test(value)) return null;
  return new D(value);
}

export function isMultipleOf(value: Dec, step: Dec): boolean {
  return value.mod(step).isZero();
}

export function floorToStep(value: Dec, step: Dec): Dec {
  return value.div(step).floor().mul(step);
}

export function roundToStep(value: Dec, step: Dec): Dec {
  return value.div(step).round().mul(step);
}

/** Number of decimals a step like "0.001" implies. */
export function decimalsOf(step: Dec): number {
  return Math.max(0, step.decimalPlaces());
}

/** Plain string without trailing noise: fixed notation, trailing zeros removed. */
export function str(value: Dec): string {
  return value.toFixed();
}

/** Fixed number of decimals, as Bybit prints filters ("0.10", "100.00"). */
export function fixed(value: Dec, decimals: number): string {
  return value.toFixed(decimals);
}
