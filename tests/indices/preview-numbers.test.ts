import { describe, expect, it } from 'vitest';
import { formatFixed, formatUsdt } from '../../shared/format/numbers';
import { markets, preview, universe } from './capped-index-fixture';

describe('numbers in the preview’s words', () => {
  it('group thousands the way the pages do ("2,382 USDT", balances "99,563.03")', () => {
    expect(formatUsdt('2382')).toBe('2,382 USDT');
    expect(formatFixed('99563.0312', 2)).toBe('99,563.03');
    const result = preview('4000');
    expect(result.notes.find((n) => n.code === 'RENORMALISED')?.message).toContain('too small at 4,000 USDT');
    for (const dropped of result.dropped) expect(dropped.reason.message).toMatch(/^At 4,000 USDT, /);
    const poor = preview('150000', universe, markets, '99563.0312');
    expect(poor.problems.find((p) => p.code === 'INSUFFICIENT_BALANCE')?.message).toMatch(
      /^The account has 99,563\.03 USDT available; this position needs about 150,\d{3}\.\d{2} USDT/,
    );
  });
});
