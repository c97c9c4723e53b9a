import { describe, expect, it } from 'vitest';
import { preview } from './capped-index-fixture';

describe('the preview’s dropped legs', () => {
  it('are listed by rank (they came as 1, 47, 30, 14…)', () => {
    // The hardest leg is dropped first, so the sizing drops ADA (rank 8) before TRX (6) and DOGE (7).
    const { dropped } = preview('4000');
    expect(dropped.map((d) => [d.rank, d.symbol])).toEqual([
      [6, 'TRXUSDT'],
      [7, 'DOGEUSDT'],
      [8, 'ADAUSDT'],
    ]);
  });
});
