import { Dec } from '../../decimal';

/**
 * Exact decimal amounts with 18 fraction digits, held in a bigint: the backtest's inner loop (a year of
 * days times fifty legs times three baskets) adds and multiplies prices, quantities and funding a few
 * hundred thousand times, which decimal.js does a hundred times slower. Still decimal, never a float:
 * "0.1" is exactly 10^17 units. Products are rounded half away from zero back to 18 digits, a
 * millionth of a millionth of a millionth of a USDT.
 */
export type Fixed = bigint;

const places = 18;
export const fixedOne: Fixed = 10n ** BigInt(places);
const half = fixedOne / 2n;

const digitsOnly = /^\d+$/;

/** A decimal string (or Dec) as a Fixed; digits past the 18th are rounded half away from zero. */
export function toFixed(value: string | Dec): Fixed {
  const text = typeof value === 'string' ? value : value.toFixed();
  const negative = text.startsWith('-');
  const body = negative ? text.slice(1) : text;
  const dot = body.indexOf('.');
  const whole = dot < 0 ? body : body.slice(0, dot);
  const fraction = dot < 0 ? '' : body.slice(dot + 1);
  if (!digitsOnly.test(whole) || (dot >= 0 && !digitsOnly.test(fraction)))
    throw new RangeError(`not a decimal: ${text}`);
  // One conversion of all the digits: BigInt parsing is the slow part.
  let units = BigInt(whole + (fraction + '0'.repeat(places)).slice(0, places));
  if (fraction.length > places && fraction.charCodeAt(places) >= 53) units += 1n;
  return negative ? -units : units;
}

/** `a × b`, rounded to 18 digits. */
export function mulFixed(a: Fixed, b: Fixed): Fixed {
  const product = a * b;
  return product >= 0n ? (product + half) / fixedOne : -((-product + half) / fixedOne);
}

/** `a ÷ n` for a whole n > 0, rounded to 18 digits. */
export function divFixed(a: Fixed, n: bigint): Fixed {
  const halfN = n / 2n;
  return a >= 0n ? (a + halfN) / n : -((-a + halfN) / n);
}

/** Back to decimal.js, exactly. */
export function fixedToDec(value: Fixed): Dec {
  return new Dec(fixedText(value, places));
}

/** Decimal text rounded half away from zero to `digits` fraction digits (trailing zeros dropped). */
export function fixedText(value: Fixed, digits = 8): string {
  const negative = value < 0n;
  let units = negative ? -value : value;
  const drop = 10n ** BigInt(places - digits);
  units = drop === 1n ? units : (units + drop / 2n) / drop;
  const scale = 10n ** BigInt(digits);
  const whole = units / scale;
  const fraction = (units % scale).toString().padStart(digits, '0').replace(/0+$/, '');
  const text = fraction ? `${whole}.${fraction}` : `${whole}`;
  return negative && units !== 0n ? `-${text}` : text;
}

export const absFixed = (value: Fixed): Fixed => (value < 0n ? -value : value);
