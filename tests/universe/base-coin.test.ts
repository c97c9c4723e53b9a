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
    // Plain coins.
    ['BTC', 'BTC', '1'],
    ['LUNA2', 'LUNA2', '1'],
    // Real tickers that start with a digit stay whole.
    ['1INCH', '1INCH', '1'],
    ['0G', '0G', '1'],
    ['2Z', '2Z', '1'],
    ['1MBABYDOGE', '1MBABYDOGE', '1'],
    ['100X', '100X', '1'],
    // Nothing or only digits would be left for the coin.
    ['1000', '1000', '1'],
    ['10000', '10000', '1'],
    // Not a clean power of ten after a letter.
    ['ABC11000', 'ABC11000', '1'],
    ['ABC1001', 'ABC1001', '1'],
  ])('%s → coin %s × %s', (baseCoin, coin, multiplier) => {
    expect(parseBaseCoin(baseCoin)).toEqual({ coin, multiplier });
  });
});
