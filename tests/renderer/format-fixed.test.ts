import { describe, expect, it } from 'vitest';
import { formatFixed, formatPercent, formatSigned } from '../../renderer/src/format';

/** Both round a decimal string to a number of places: one check, each with its own cases. */
function rounds(
  name: string,
  format: (value: string | null, places: number) => string,
  cases: [value: string | null, places: number, expected: string][],
): void {
  describe(name, () => {
    it.each(cases)('%s at %i → %s', (value, places, expected) => {
      expect(format(value, places)).toBe(expected);
    });
  });
}

rounds('formatFixed', formatFixed, [
  ['1234.5', 2, '1,234.50'],
  ['1000', 2, '1,000.00'],
  ['0.005', 2, '0.01'],
  ['0.0049', 2, '0.00'],
  ['999.995', 2, '1,000.00'],
  ['-12.345', 2, '-12.35'],
  ['-0.001', 2, '0.00'],
  ['0.55', 4, '0.5500'],
  ['12.7', 0, '13'],
  // Digits a float would lose; — for nothing; text that is no decimal passes through.
  ['9007199254740993.125', 2, '9,007,199,254,740,993.13'],
  [null, 2, '—'],
  ['garbage', 2, 'garbage'],
]);

rounds('formatPercent', formatPercent, [
  ['0.1', 2, '10.00 %'],
  ['1', 2, '100.00 %'],
  ['0.05', 2, '5.00 %'],
  ['0.333333333333', 2, '33.33 %'],
  ['0.0012345', 3, '0.123 %'],
  ['0.25', 0, '25 %'],
  ['0', 2, '0.00 %'],
]);

describe('formatSigned', () => {
  it('marks gains with + and leaves zero unsigned', () => {
    expect(formatSigned('12.3')).toBe('+12.30');
    expect(formatSigned('-5')).toBe('-5.00');
    expect(formatSigned('0.001')).toBe('0.00');
    expect(formatSigned('-0.001')).toBe('0.00');
    expect(formatSigned(null)).toBe('—');
  });
});
