import { describe, expect, it } from 'vitest';
import { formatFixed, formatPercent, formatSigned } from '../../renderer/src/format';

describe('formatFixed', () => {
  it.each([
    ['1234.5', 2, '1,234.50'],
    ['1000', 2, '1,000.00'],
    ['0.005', 2, '0.01'],
    ['0.0049', 2, '0.00'],
    ['999.995', 2, '1,000.00'],
    ['-12.345', 2, '-12.35'],
    ['-0.001', 2, '0.00'],
    ['0.55', 4, '0.5500'],
    ['12.7', 0, '13'],
  ])('%s at %i → %s', (value, places, expected) => {
    expect(formatFixed(value, places)).toBe(expected);
  });

  it('keeps digits a float would lose, and says — for nothing', () => {
    expect(formatFixed('9007199254740993.125', 2)).toBe('9,007,199,254,740,993.13');
    expect(formatFixed(null, 2)).toBe('—');
    expect(formatFixed('garbage', 2)).toBe('garbage');
  });
});

describe('formatPercent', () => {
  it.each([
    ['0.1', 2, '10.00 %'],
    ['1', 2, '100.00 %'],
    ['0.05', 2, '5.00 %'],
    ['0.333333333333', 2, '33.33 %'],
    ['0.0012345', 3, '0.123 %'],
    ['0.25', 0, '25 %'],
    ['0', 2, '0.00 %'],
  ])('%s at %i → %s', (fraction, places, expected) => {
    expect(formatPercent(fraction, places)).toBe(expected);
  });
});

describe('formatSigned', () => {
  it('marks gains with + and leaves zero unsigned', () => {
    expect(formatSigned('12.3')).toBe('+12.30');
    expect(formatSigned('-5')).toBe('-5.00');
    expect(formatSigned('0.001')).toBe('0.00');
    expect(formatSigned('-0.001')).toBe('0.00');
    expect(formatSigned(null)).toBe('—');
  });
});
