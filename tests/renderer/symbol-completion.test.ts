import { describe, expect, it } from 'vitest';
import { completedSymbol, matchSymbol } from '../../renderer/src/pages/new-position/basket/symbol-completion';

const symbols = [
  'BTCUSDT',
  'ETHUSDT',
  'ETHFIUSDT',
  'ETCUSDT',
  '1000PEPEUSDT',
  'SHIB1000USDT',
  'SOLUSDT',
  'SUIUSDT',
];

describe('a coin typed in a basket leg', () => {
  it('completes "btc" to BTCUSDT (it was refused)', () => {
    expect(completedSymbol('btc', symbols)).toBe('BTCUSDT');
    expect(completedSymbol(' Eth ', symbols)).toBe('ETHUSDT');
    expect(completedSymbol('ethusdt', symbols)).toBe('ETHUSDT');
  });

  it('completes a coin Bybit trades with a multiplier', () => {
    expect(completedSymbol('pepe', symbols)).toBe('1000PEPEUSDT');
    expect(completedSymbol('shib', symbols)).toBe('SHIB1000USDT');
  });

  it('offers the symbols it could mean when there are several, and keeps what was typed', () => {
    expect(matchSymbol('et', symbols)).toEqual({ candidates: ['ETHUSDT', 'ETHFIUSDT', 'ETCUSDT'] });
    expect(completedSymbol('et', symbols)).toBe('ET');
    expect(matchSymbol('s', symbols)).toEqual({ candidates: ['SHIB1000USDT', 'SOLUSDT', 'SUIUSDT'] });
  });

  it('leaves a coin today’s universe does not have as typed (the preview shows it missing)', () => {
    expect(matchSymbol('NOSUCHCOINUSDT', symbols)).toEqual({ candidates: [] });
    expect(completedSymbol('nosuchcoinusdt', symbols)).toBe('NOSUCHCOINUSDT');
    expect(matchSymbol('', symbols)).toBeNull();
  });
});
