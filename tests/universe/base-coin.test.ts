import { describe, expect, it } from 'vitest';
import { parseBaseCoin } from '../../electron/core/universe/base-coin';

describe('parseBaseCoin', () => {
  it.each([
    // Prefix multipliers, with every zero count Bybit uses.
    ['1000PEPE', 'PEPE', '1000'],
    ['1000BONK', 'BONK', '1000'],
    ['1000LUNC', 'LUNC', '1000'],
    ['10000SATS', 'SATS', '10000'],
    ['10000LADYS', 'LADYS', '10000'],
    ['1000000MOG', 'MOG', '1000000'],
    ['1000000BABYDOGE', 'BABYDOGE', '1000000'],
    ['1000000CHEEMS', 'CHEEMS', '1000000'],
    // Suffix multiplier.
    ['SHIB1000', 'SHIB', '1000'],
  ])('%s → coin %s × %s', (baseCoin, coin, multiplier) => {
    expect(parseBaseCoin(baseCoin)).toEqual({ coin, multiplier });
  });

  it.each([
    // Plain coins.
    'BTC',
    'LUNA2',
    // Real tickers that start with a digit stay whole.
    '1INCH',
    '0G',
    '2Z',
    '1MBABYDOGE',
    '100X',
    // Nothing or only digits would be left for the coin.
    '1000',
    '10000',
    // Not a clean power of ten after a letter.
    'ABC11000',
    'ABC1001',
  ])('%s stays whole: the coin itself × 1', (baseCoin) => {
    expect(parseBaseCoin(baseCoin)).toEqual({ coin: baseCoin, multiplier: '1' });
  });
});
