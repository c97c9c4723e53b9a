import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Coalescer } from '../../electron/core/pnl/coalescer';
import { ManualClock } from '../support/manual-clock';
import { shareFunding } from '../../electron/core/pnl/funding-shares';
import { Dec, sum } from '../../shared/decimal';

describe('coalescer', () => {
  it('never flushes more than 4 times in any second, whatever the request schedule', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 1, maxLength: 400 }), (gaps) => {
        const clock = new ManualClock();
        const flushes: number[] = [];
        const coalescer = new Coalescer(250, () => flushes.push(clock.now()), clock);
        let t = 0;
        for (const gap of gaps) {
          t += gap;
          clock.advanceTo(t);
          coalescer.request();
        }
        clock.advanceTo(t + 1000);
        for (const at of flushes)
          expect(flushes.filter((f) => f >= at && f < at + 1000).length).toBeLessThanOrEqual(4);
        // Every request is followed by a flush: the last figure is never held back.
        expect(flushes.at(-1)!).toBeGreaterThanOrEqual(t);
      }),
    );
  });

  it('flushes a lone request at once and nothing while nothing asks', () => {
    const clock = new ManualClock();
    let flushes = 0;
    const coalescer = new Coalescer(250, () => (flushes += 1), clock);
    clock.advanceTo(10_000);
    expect(flushes).toBe(0);
    coalescer.request();
    clock.advanceTo(10_000);
    expect(flushes).toBe(1);
  });
});

describe('funding shares', () => {
  const execution = (side: 'Buy' | 'Sell', execFee: string) => ({
    execId: 'f-1',
    execType: 'Funding',
    symbol: 'BTCUSDT',
    side,
    execFee,
    execTime: '1700000000000',
  });

  it('splits a settlement over the positions on the settled side by held quantity, adding up exactly', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -5000, max: 5000 }), { minLength: 1, maxLength: 8 }),
        fc.integer({ min: -100_000, max: 100_000 }),
        fc.constantFrom('Buy' as const, 'Sell' as const),
        (quantities, feeMicro, side) => {
          const holders = quantities.map((q, i) => ({ positionId: i + 1, quantity: new Dec(q).div(1000) }));
          const fee = new Dec(feeMicro).div(1_000_000).toFixed();
          const shares = shareFunding(execution(side, fee), holders);
          const eligible = holders.filter(
            (h) => !h.quantity.isZero() && h.quantity.isPositive() === (side === 'Buy'),
          );
          expect(shares.map((s) => s.positionId)).toEqual(eligible.map((h) => h.positionId));
          if (shares.length > 0) expect(sum(shares.map((s) => new Dec(s.amount))).eq(fee)).toBe(true);
        },
      ),
    );
  });

  it('ignores executions that are not Funding and fees that are not decimals', () => {
    const holders = [{ positionId: 1, quantity: new Dec(1) }];
    expect(shareFunding({ ...execution('Buy', '1'), execType: 'Trade' }, holders)).toEqual([]);
    expect(shareFunding(execution('Buy', 'NaN'), holders)).toEqual([]);
  });
});
