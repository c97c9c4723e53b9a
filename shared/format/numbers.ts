/**
 * The one number formatter: every decimal the app shows (USDT amounts, balances, prices, quantities,
 * weights) goes through these, in the renderer and in the messages shared code writes, so "2,382 USDT"
 * reads the same everywhere. They work on the decimal string itself: no float ever touches an amount.
 */
const decimalPattern = /^(-?)(\d+)(?:\.(\d+))?$/;

/** "1234567.5" → "1,234,567.5"; trailing zeros of the fraction dropped. Works on the string, not a float. */
export function groupDecimal(value: string): string {
  const match = decimalPattern.exec(value);
  if (!match) return value;
  const [, sign = '', whole = '0', fraction = ''] = match;
  const integer = whole.replace(/^0+(?=\d)/, '').replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const trimmed = fraction.replace(/0+$/, '');
  const negative = sign && (/[1-9]/.test(whole) || trimmed !== '');
  return `${negative ? '-' : ''}${integer}${trimmed ? `.${trimmed}` : ''}`;
}

/** Rounds a non-negative decimal string half-up to `digits` fraction digits, on the string itself. */
function roundDecimal(whole: string, fraction: string, digits: number): string {
  const padded = (fraction + '0'.repeat(digits + 1)).slice(0, digits + 1);
  let kept = (whole + padded.slice(0, digits)).split('').map(Number);
  if (Number(padded[digits]) >= 5) {
    let i = kept.length - 1;
    while (i >= 0 && kept[i] === 9) kept[i--] = 0;
    if (i >= 0) kept[i] = (kept[i] ?? 0) + 1;
    else kept = [1, ...kept];
  }
  const text = kept.join('');
  const cut = text.length - digits;
  const integer = text.slice(0, cut).replace(/^0+(?=\d)/, '');
  return digits > 0 ? `${integer}.${text.slice(cut)}` : integer;
}

const compactUnits: { suffix: string; exponent: number; digits: number }[] = [
  { suffix: '', exponent: 0, digits: 0 },
  { suffix: 'K', exponent: 3, digits: 1 },
  { suffix: 'M', exponent: 6, digits: 1 },
  { suffix: 'B', exponent: 9, digits: 1 },
  { suffix: 'T', exponent: 12, digits: 2 },
];

/**
 * "$1.23T", "$45.6B", "$789.0M", "$12.3K", "$950" from a decimal string of US dollars (or USDT); "—" for
 * null. Shifts the decimal point on the string, so no float ever touches the amount.
 */
export function formatCompactUsd(value: string | null | undefined): string {
  if (value == null) return '—';
  const match = decimalPattern.exec(value);
  if (!match) return value;
  const [, sign = '', rawWhole = '0', fraction = ''] = match;
  const whole = rawWhole.replace(/^0+(?=\d)/, '');
  for (const [u, unit] of compactUnits.entries()) {
    const last = u === compactUnits.length - 1;
    // Move the decimal point `exponent` places to the left.
    const digitsAll = whole + fraction;
    const pointAt = whole.length - unit.exponent;
    const shiftedWhole = pointAt > 0 ? digitsAll.slice(0, pointAt) : '0';
    const shiftedFraction = pointAt > 0 ? digitsAll.slice(pointAt) : '0'.repeat(-pointAt) + digitsAll;
    const rounded = roundDecimal(shiftedWhole, shiftedFraction, unit.digits);
    const integerPart = rounded.split('.')[0] ?? '';
    // Rounding up to 1000 of a unit rolls over to the next one ($999.96B → $1.00T).
    if (!last && integerPart.length > 3) continue;
    const negative = sign === '-' && /[1-9]/.test(rounded);
    return `${negative ? '-' : ''}$${last ? groupDecimalKeepZeros(rounded) : rounded}${unit.suffix}`;
  }
  return value;
}

function groupDecimalKeepZeros(value: string): string {
  const [integer = '', fraction] = value.split('.');
  const grouped = integer.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return fraction === undefined ? grouped : `${grouped}.${fraction}`;
}

/** "5 USDT", "0.1 USDT", "1,000 USDT" from a decimal string. */
export function formatUsdt(value: string | null | undefined): string {
  if (value == null) return '—';
  return `${groupDecimal(value)} USDT`;
}

/** "×1000" for a contract multiplier, "" when there is none ('1'). */
export function formatMultiplier(multiplier: string): string {
  const normalized = groupDecimal(multiplier).replace(/,/g, '');
  return normalized === '1' ? '' : `×${normalized}`;
}

/**
 * A decimal string rounded half-up to exactly `places` fraction digits and grouped: "1234.5" at 2 →
 * "1,234.50". "—" for null. Rounds on the string, so no float ever touches the amount.
 */
export function formatFixed(value: string | null | undefined, places: number): string {
  if (value == null) return '—';
  const match = decimalPattern.exec(value);
  if (!match) return value;
  const [, sign = '', whole = '0', fraction = ''] = match;
  const rounded = roundDecimal(whole, fraction, places);
  const negative = sign === '-' && /[1-9]/.test(rounded);
  return `${negative ? '-' : ''}${groupDecimalKeepZeros(rounded)}`;
}

/** A fraction as a percentage: "0.1" → "10.00 %", "0.123456" at 3 → "12.346 %". Shifts the point on the string. */
export function formatPercent(fraction: string | null | undefined, places = 2): string {
  if (fraction == null) return '—';
  const match = decimalPattern.exec(fraction);
  if (!match) return fraction;
  const [, sign = '', whole = '0', digits = ''] = match;
  const padded = digits.padEnd(2, '0');
  return `${formatFixed(`${sign}${whole}${padded.slice(0, 2)}.${padded.slice(2) || '0'}`, places)} %`;
}

/** "+12.34", "-5.00", "0.00": an amount whose sign matters (PnL), to `places` digits. */
export function formatSigned(value: string | null | undefined, places = 2): string {
  const text = formatFixed(value, places);
  if (text.startsWith('-') || !/[1-9]/.test(text) || !decimalPattern.test(value ?? '')) return text;
  return `+${text}`;
}
