import Decimal from 'decimal.js';

/**
 * The one decimal type for money, prices, quantities and weights in shared code (the renderer and the core
 * compute the same numbers with it). 40 significant digits: an equal weight of 1/3 times a 1e9 USDT size
 * divided by a 1e-8 price still keeps every digit a qty step can care about.
 */
export const Dec = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });
export type Dec = InstanceType<typeof Dec>;
export type DecimalInput = Dec | string | number;

/** A decimal string as it travels on the wire: plain digits, never exponent notation. */
export function toText(value: Dec): string {
  return value.toFixed();
}

/** `value` rounded down to a multiple of `step` (a positive decimal). */
export function floorToStep(value: Dec, step: Dec): Dec {
  return value.div(step).floor().mul(step);
}

/** `value` rounded up to a multiple of `step`. */
export function ceilToStep(value: Dec, step: Dec): Dec {
  return value.div(step).ceil().mul(step);
}

/** `value` rounded to the nearest multiple of `step`; an exact half goes up. */
export function roundToStep(value: Dec, step: Dec): Dec {
  return value.div(step).toDecimalPlaces(0, Dec.ROUND_HALF_UP).mul(step);
}

/** True when `value` is a whole multiple of `step`. */
export function isOnStep(value: Dec, step: Dec): boolean {
  return value.div(step).isInteger();
}

export function sum(values: readonly Dec[]): Dec {
  return values.reduce((total, value) => total.plus(value), new Dec(0));
}

/** True for a plain decimal string above zero ("0.5", "42"); false for "", "0", "-1", "1e5" or garbage. */
export function isPositiveDecimal(text: string | null | undefined): boolean {
  return typeof text === 'string' && /^\d+(\.\d+)?$/.test(text) && /[1-9]/.test(text);
}
