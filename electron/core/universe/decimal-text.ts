import Decimal from 'decimal.js';
import type { DecimalString } from './types';

/**
 * A positive amount as a plain decimal string ("1900000000000", never "1.9e+12"), or null when the
 * value is missing, unparsable, zero or negative. CoinGecko sends market caps as JSON numbers; they
 * are integers far below 2^53, so the number's own digits are exact and decimal.js keeps them.
 */
export function positiveDecimalText(value: number | string | null | undefined): DecimalString | null {
  if (value === null || value === undefined || value === '') return null;
  let parsed: Decimal;
  try {
    parsed = new Decimal(value);
  } catch {
    return null;
  }
  return parsed.isFinite() && parsed.gt(0) ? parsed.toFixed() : null;
}

/** Orders decimal strings numerically; a missing value sorts below every number. */
export function compareDecimalText(a: DecimalString | null, b: DecimalString | null): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? -1 : 1;
  return new Decimal(a).comparedTo(new Decimal(b));
}

/** Bybit's string unchanged when it is a finite, non-negative decimal; null for "" or anything else. */
export function nonNegativeDecimalTextOrNull(value: string | null | undefined): DecimalString | null {
  if (value === null || value === undefined || value === '') return null;
  try {
    const parsed = new Decimal(value);
    return parsed.isFinite() && parsed.gte(0) ? value : null;
  } catch {
    return null;
  }
}
