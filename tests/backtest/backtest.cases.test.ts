import { describe, expect, it } from 'vitest';
import { Dec } from '../../shared/decimal';
import { dayStartMs } from '../../shared/indices/backtest/calendar';
import type { BacktestData } from '../../shared/indices/backtest/market-tape';
import { runBacktest, type BacktestInput } from '../../shared/indices/backtest/run-backtest';
import { marketFixture } from './backtest-fixture';

function run(data: BacktestData, from: string, to: string, extra: Partial<BacktestInput> = {}) {
  return runBacktest({
    indexId: 'top5-equal',
    indexName: 'Top 5 equal',
    definition: { kind: 'rule', topN: 5, weighting: 'equal', exclude: [] },
    usdtSize: '5000',
    direction: 'long',
    leverage: '1',
    from,
    to,
    rebalance: { every: 'month' },
    feesBps: '5.5',
    maxSlippagePercent: '0.5',
    data,
    ...extra,
  });
}

const codes = (result: ReturnType<typeof run>) => result.notes.map((n) => n.code);

describe('backtest cases', () => {
  it('rebalances on the calendar: the first of each month, Mondays, quarters; never', () => {
    const market = marketFixture({ seed: 1, symbols: 8, from: '2025-01-15', days: 90 });
    const dates = (rule: BacktestInput['rebalance']) =>
      run(market, '2025-01-15', '2025-04-14', { rebalance: rule }).rebalanceLog.map((e) => e.t);
    expect(dates({ every: 'month' })).toEqual(['2025-01-15', '2025-02-01', '2025-03-01', '2025-04-01']);
    expect(dates({ every: 'quarter' })).toEqual(['2025-01-15', '2025-04-01']);
    expect(dates({ never: true })).toEqual(['2025-01-15']);
    const mondays = dates({ every: 'week' }).slice(1);
    expect(mondays).toHaveLength(13);
    for (const day of mondays) expect(new Date(`${day}T00:00:00Z`).getUTCDay()).toBe(1);
    const result = run(market, '2025-01-15', '2025-04-14');
    expect(result.series).toHaveLength(90);
    expect(result.stats.rebalances).toBe(3);
    expect(result.faithfulFrom).toBe('2025-01-15');
    expect(codes(result)).toEqual(['MODEL']);
  });

  it('takes each rebalance’s members from the snapshot of that date', () => {
    const market = marketFixture({ seed: 4, symbols: 12, from: '2025-01-01', days: 70, snapshotEvery: 20 });
    const result = run(market, '2025-01-01', '2025-03-11', { rebalance: { every: 'week' } });
    for (const entry of result.rebalanceLog) {
      const snapshot = [...market.snapshots].reverse().find((s) => s.date <= entry.t)!;
      expect(entry.snapshotDate).toBe(snapshot.date);
      const top = [...snapshot.assets].sort((a, b) => a.marketCapRank - b.marketCapRank).slice(0, 5);
      expect(entry.legs.map((l) => l.symbol).sort()).toEqual(top.map((a) => a.symbol).sort());
    }
    // Snapshots changed the top 5: someone entered and someone left on the day after a new snapshot.
    expect(result.rebalanceLog.some((e) => e.entered.length > 0 && e.t !== '2025-01-01')).toBe(true);
  });

  it('says where the history is thin and from when the result is faithful', () => {
    const market = marketFixture({ seed: 9, symbols: 8, from: '2025-06-01', days: 40 });
    // Snapshots only from 06-05; one of the top coins has marks only from 06-12; funding stored from 06-20.
    const snapshots = market.snapshots.map((s) => ({ ...s, date: '2025-06-05' }));
    const top = [...snapshots[0]!.assets].sort((a, b) => a.marketCapRank - b.marketCapRank);
    const late = top.find((a) => a.symbol !== 'BTCUSDT')!.symbol;
    const marks = new Map(market.marks);
    marks.set(late, new Map([...market.marks.get(late)!].filter(([day]) => day >= '2025-06-12')));
    const coverage = new Map(
      [...market.coverage].map(([symbol, c]) => [symbol, { ...c, fundingFrom: dayStartMs('2025-06-20') }]),
    );
    const result = run({ ...market, snapshots, marks, coverage }, '2025-06-01', '2025-07-10', {
      rebalance: { every: 'week' },
    });
    expect(codes(result)).toEqual(['LOOK_AHEAD', 'NO_MARKS', 'FUNDING_UNKNOWN', 'MODEL']);
    expect(result.notes[0]!.message).toContain('start on 2025-06-05');
    expect(result.notes[1]!.message).toContain(`${late} from 2025-06-01 to 2025-06-09`);
    expect(result.faithfulFrom).toBe('2025-06-20');
    // Left out while it had no marks, back at the first weekly rebalance after.
    expect(result.rebalanceLog[0]!.legs.map((l) => l.symbol)).not.toContain(late);
    expect(result.rebalanceLog.find((e) => e.t === '2025-06-16')!.entered).toContain(late);
  });

  it('a basket whose margin is gone is liquidated and stays at zero', () => {
    const market = marketFixture({ seed: 2, symbols: 3, from: '2025-03-01', days: 10 });
    const marks = new Map(market.marks);
    const btc = new Map(market.marks.get('BTCUSDT')!);
    const crashed = btc.get('2025-03-05')!;
    btc.set('2025-03-05', { open: crashed.open, close: new Dec(crashed.open).div(3).toFixed() });
    marks.set('BTCUSDT', btc);
    const result = run({ ...market, marks }, '2025-03-01', '2025-03-10', {
      definition: { kind: 'basket', weighting: 'equal', legs: [{ symbol: 'BTCUSDT' }] },
      leverage: '10',
    });
    expect(result.series.find((p) => p.t === '2025-03-05')!.nav).toBe('0');
    expect(result.series.at(-1)!.nav).toBe('0');
    expect(codes(result)).toContain('LIQUIDATED');
    expect(new Dec(result.stats.return).eq(-1)).toBe(true);
  });
});
