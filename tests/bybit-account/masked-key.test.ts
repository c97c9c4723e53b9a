import { describe, expect, it } from 'vitest';
import { maskApiKey } from '../../electron/core/bybit-account/masked-key';

describe('maskApiKey', () => {
  it.each([
    ['a Bybit key (18 characters)', 'XkT3pQ9vL2mN8rB4sW', 'XkT3…B4sW'],
    ['the shortest key shown in part (16)', 'abcdefghijklmnop', 'abcd…mnop'],
    ['a long RSA-style key', 'A'.repeat(4) + 'x'.repeat(200) + 'Z'.repeat(4), 'AAAA…ZZZZ'],
    ['a key with non-ASCII characters at the ends', '🔑bcdefghijklmno✓', '🔑bcd…mno✓'],
  ])('%s', (_, key, masked) => {
    expect(maskApiKey(key)).toBe(masked);
  });

  // Shorter than 16, nothing of the key shows: the same dots whatever its length.
  it.each([
    ['a 15-character key', 'abcdefghijklmno'],
    ['an 8-character key', 'abcdefgh'],
    ['a 1-character key', 'a'],
    ['an empty key', ''],
  ])('%s', (_, key) => {
    expect(maskApiKey(key)).toBe('••••••••');
  });

  it('never shows the middle of the key', () => {
    const key = 'AAAAsecret-middleZZZZ';
    expect(maskApiKey(key)).not.toContain('secret');
  });
});
