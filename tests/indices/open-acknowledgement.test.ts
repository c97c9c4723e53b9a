import { describe, expect, it } from 'vitest';
import { Dec } from '../../shared/decimal';
import type { Constituent } from '../../shared/indices/constituents';
import { openAcknowledgement } from '../../shared/indices/open-acknowledgement';

const coins: Constituent[] = Array.from({ length: 8 }, (_, i) => ({
  symbol: `C${i + 1}USDT`,
  rank: i + 1,
  weight: new Dec(1).div(8),
}));
const ask = (dropped: Constituent[], trackingError: string, thresholdPercent = '5') =>
  openAcknowledgement({
    constituents: coins,
    dropped,
    trackingError: new Dec(trackingError),
    thresholdPercent,
  });

describe('what opening must be acknowledged for', () => {
  it('nothing when the legs left out are small and the tracking error is under the threshold', () => {
    expect(ask([coins[7]!], '0.04')).toBeNull();
    expect(ask([], '0.01')).toBeNull();
  });

  it('one of the five best-ranked coins left out, whatever the tracking error', () => {
    expect(ask([coins[6]!, coins[4]!], '0.02')).toEqual({
      symbols: ['C5USDT', 'C7USDT'],
      message:
        "Left out: C5USDT and C7USDT. C5USDT is among the index's 5 largest coins; the tracking error is 2.00 %.",
    });
  });

  it('a tracking error above the threshold, with the legs left out named', () => {
    expect(ask([coins[7]!, coins[6]!, coins[5]!], '0.375', '12.5')).toEqual({
      symbols: ['C6USDT', 'C7USDT', 'C8USDT'],
      message:
        'Left out: C6USDT, C7USDT and C8USDT. The tracking error is 37.50 %, above your 12.5 % threshold.',
    });
  });

  it('a tracking error above the threshold with nothing left out: rounding is the reason', () => {
    expect(ask([], '0.056')).toEqual({
      symbols: [],
      message:
        "No leg is left out, but rounding to Bybit's quantity steps puts the basket 5.60 % off its index, above your 5 % threshold.",
    });
  });
});
