import { describe, expect, it } from 'vitest';
import { performanceOf } from '../../electron/core/performance/performance-series';
import { Dec } from '../../shared/decimal';
import * as figures from '../../shared/positions/cockpit-figures';

describe('funding carry', () => {
  it('annualises each coin at its own interval and signs it by side (longs pay a positive rate)', () => {
    expect(figures.annualisedFunding('0.0001', 8).toFixed()).toBe('0.1095');
    expect(figures.annualisedFunding('0.0001', 1).toFixed()).toBe('0.876');
    const rates = new Map([
      ['BTCUSDT', { rate: '0.0001', intervalHours: 8 }],
      ['DOGEUSDT', { rate: '-0.0002', intervalHours: 4 }],
    ]);
    const carry = figures.fundingCarry(
      [
        { symbol: 'BTCUSDT', signedNotional: '1000' },
        { symbol: 'DOGEUSDT', signedNotional: '-500' },
        { symbol: 'NEWUSDT', signedNotional: '10' },
      ],
      rates,
    );
    // 1000 × 0.1095 + (−500) × (−0.0002 × 6 × 365) = 109.5 + 219 = 328.5 paid a year.
    expect(carry.yearly.toFixed()).toBe('328.5');
    expect(carry.missing).toEqual(['NEWUSDT']);
  });
});

describe('the account strip', () => {
  it('turns amber at 70 % margin use and red when maintenance margin is half of equity', () => {
    expect(figures.marginTone('0.5', '0.1')).toBe('ok');
    expect(figures.marginTone('0.7', '0.1')).toBe('warn');
    expect(figures.marginTone('0.9', '0.5')).toBe('bad');
  });

  it('realised today counts positions closed since midnight only', () => {
    const positions = [
      { closedAt: '2026-12-04T08:00:00.000Z', realizedPnl: '12.5' },
      { closedAt: '2026-12-03T23:00:00.000Z', realizedPnl: '100' },
      { closedAt: null, realizedPnl: '3' },
    ];
    expect(new Dec(figures.realizedSince(positions, '2026-12-04T00:00:00.000Z')).toFixed()).toBe('12.5');
  });
});

describe('performance series', () => {
  const hour = 3600_000;
  const base = {
    usdtSize: new Dec(1000),
    openedAt: 0,
    fundingPaid: new Dec(1),
    feesPaid: new Dec(2),
    turnover: new Dec(2000),
  };

  it('starts at 0, ends at the close NAV; drawdown from the running peak; APR scales the return to a year', () => {
    const minuteMarks = new Map([
      [hour, new Dec(61000)],
      [2 * hour, new Dec(57000)],
    ]);
    const result = performanceOf({
      ...base,
      endAt: 4 * hour,
      snapshots: [
        { minute: hour, nav: new Dec(100) },
        { minute: 2 * hour, nav: new Dec(-10) },
        { minute: 3 * hour, nav: new Dec(40) },
      ],
      endNav: new Dec(50),
      benchmark: { symbol: 'BTCUSDT', openMark: new Dec(60000), minuteMarks, lastMark: new Dec(66000) },
    });
    expect(result.series.map((p) => [p.nav, p.btc])).toEqual([
      ['0', '0'],
      ['100', '16.66666667'],
      ['-10', '-50'],
      ['40', null],
      ['50', '100'],
    ]);
    // Peak 1100, trough 990: 10 %.
    expect(result.stats.maxDrawdown).toBe('10');
    expect(result.stats.return).toBe('5');
    // 5 % in 4 hours → × 2190 a year.
    expect(result.stats.apr).toBe('10950');
    expect(result.stats.btcReturn).toBe('10');
  });

  it('has no APR before a minute has passed, and no BTC line while BTC at the open is unknown', () => {
    const result = performanceOf({
      ...base,
      endAt: 30_000,
      snapshots: [],
      endNav: new Dec(-1),
      benchmark: { symbol: 'BTCUSDT', openMark: null, minuteMarks: new Map(), lastMark: new Dec(1) },
    });
    expect(result.stats.apr).toBeNull();
    expect(result.series.every((p) => p.btc === null)).toBe(true);
  });
});
