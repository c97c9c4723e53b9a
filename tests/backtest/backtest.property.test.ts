import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Dec } from '../../shared/decimal';
import type { RebalanceRule } from '../../shared/domain/backtest';
import type { IndexDefinition } from '../../shared/domain/indices';
import { dayStartMs } from '../../shared/indices/backtest/calendar';
import type { BacktestData } from '../../shared/indices/backtest/market-tape';
import { runBacktest, type BacktestInput } from '../../shared/indices/backtest/run-backtest';
import { marketFixture } from './backtest-fixture';

const DAY = 86_400_000;
const topFive: IndexDefinition = { kind: 'rule', topN: 5, weighting: 'equal', exclude: [] };

function input(data: BacktestData, days: string[], extra: Partial<BacktestInput> = {}): BacktestInput {
  return {
    indexId: null,
    indexName: 'test',
    definition: topFive,
    usdtSize: '5000',
    direction: 'long',
    leverage: '2',
    from: days[0]!,
    to: days.at(-1)!,
    rebalance: { every: 'week' },
    feesBps: '5.5',
    maxSlippagePercent: '0.5',
    data,
    ...extra,
  };
}

const closeTo = (a: Dec | string | number, b: Dec | string | number, within = '0.00000002') =>
  new Dec(a).minus(b).abs().lte(within);

describe('the backtest engine', () => {
  it('a one-coin basket never rebalanced is the coin move minus the fee and every funding settlement', () => {
    fc.assert(
      fc.property(
        fc.integer(),
        fc.constantFrom('long', 'short'),
        fc.integer({ min: 0, max: 7 }),
        (seed, direction, pick) => {
          const market = marketFixture({ seed, symbols: 8, from: '2025-03-01', days: 40 });
          const symbol = market.symbols[pick]!;
          const result = runBacktest(
            input(market, market.days, {
              definition: { kind: 'basket', weighting: 'equal', legs: [{ symbol }] },
              rebalance: { never: true },
              direction: direction as 'long' | 'short',
              usdtSize: '1000',
            }),
          );
          // Computed here from the raw marks and settlements, not with the engine's code.
          const marks = market.marks.get(symbol)!;
          const step = new Dec(market.filters.get(symbol)!.qtyStep);
          const first = new Dec(marks.get(market.days[0]!)!.open);
          const sign = direction === 'long' ? 1 : -1;
          const quantity = new Dec(1000)
            .div(first)
            .div(step)
            .toDecimalPlaces(0, Dec.ROUND_HALF_UP)
            .mul(step)
            .mul(sign);
          const fee = quantity.abs().mul(first).mul('0.00055');
          let funding = new Dec(0);
          // Once the margin is gone Bybit liquidates the leg: NAV is 0 from that day on.
          let liquidated = false;
          const settlements = market.funding.get(symbol)!;
          market.days.forEach((day, i) => {
            if (liquidated) return void expect(result.series[i]!.nav, `${day} after liquidation`).toBe('0');
            const { open, close } = marks.get(day)!;
            for (const { time, rate } of settlements) {
              const into = time - dayStartMs(day);
              if (into < 0 || into >= DAY || (i === 0 && into === 0)) continue;
              const markThen = new Dec(open).plus(new Dec(close).minus(open).mul(into).div(DAY));
              funding = funding.plus(quantity.mul(markThen).mul(rate));
            }
            const expected = new Dec(500)
              .plus(quantity.mul(new Dec(close).minus(first)))
              .minus(fee)
              .minus(funding);
            liquidated = expected.lte(0);
            expect(
              closeTo(result.series[i]!.nav, liquidated ? 0 : expected),
              `${day}: ${result.series[i]!.nav} vs ${expected}`,
            ).toBe(true);
          });
          if (liquidated) return;
          expect(closeTo(result.stats.fundingPaid, funding)).toBe(true);
          expect(closeTo(result.stats.feesPaid, fee)).toBe(true);
          expect(result.series.map((p) => p.hodl)).toEqual(result.series.map((p) => p.nav));
        },
      ),
      // A short wiped out by its coin's rise (found in CI): kept as an example every run tries first.
      { numRuns: 25, examples: [[818744120, 'short', 2]] },
    );
  });

  it('NAV is continuous across a rebalance except for its fees', () => {
    fc.assert(
      fc.property(
        fc.integer(),
        fc.constantFrom<RebalanceRule>({ every: 'day' }, { every: 'week' }, { trackingErrorAbove: '2' }),
        (seed, rule) => {
          const market = marketFixture({
            seed,
            symbols: 9,
            from: '2025-01-06',
            days: 30,
            snapshotEvery: 9,
            noFunding: true,
          });
          const result = runBacktest(input(market, market.days, { rebalance: rule }));
          const held = new Map<string, Dec>();
          const hold = (legs: { symbol: string; quantity: string }[]) => {
            held.clear();
            for (const leg of legs) held.set(leg.symbol, new Dec(leg.quantity));
          };
          hold(result.rebalanceLog[0]!.legs);
          for (let i = 1; i < market.days.length; i++) {
            const day = market.days[i]!;
            const mark = (s: string, d: string) => market.marks.get(s)!.get(d)!;
            const entry = result.rebalanceLog.find((e) => e.t === day);
            let change = new Dec(0);
            for (const [s, q] of held)
              change = change.plus(
                q.mul(new Dec(mark(s, day).open).minus(mark(s, market.days[i - 1]!).close)),
              );
            if (entry) {
              expect(
                new Dec(entry.navAfter).minus(entry.navBefore).plus(entry.fees).abs().lte('0.00000002'),
              ).toBe(true);
              change = change.minus(entry.fees);
              hold(entry.legs);
            }
            for (const [s, q] of held)
              change = change.plus(q.mul(new Dec(mark(s, day).close).minus(mark(s, day).open)));
            const step = new Dec(result.series[i]!.nav).minus(result.series[i - 1]!.nav);
            expect(closeTo(step, change), `${day}`).toBe(true);
          }
        },
      ),
      { numRuns: 15 },
    );
  });

  it('a short mirrors the long before funding', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const market = marketFixture({
          seed,
          symbols: 7,
          from: '2025-05-01',
          days: 35,
          snapshotEvery: 10,
          noFunding: true,
        });
        const run = (direction: 'long' | 'short') =>
          runBacktest(input(market, market.days, { direction, feesBps: '0', rebalance: { every: 'week' } }));
        const long = run('long');
        const short = run('short');
        long.series.forEach((point, i) => {
          // Both start from the same 2 500 USDT margin and make opposite PnL.
          expect(closeTo(new Dec(point.nav).plus(short.series[i]!.nav), 5000)).toBe(true);
          expect(closeTo(new Dec(point.hodl).plus(short.series[i]!.hodl), 5000)).toBe(true);
        });
        expect(short.rebalanceLog.map((e) => e.legs.map((l) => new Dec(l.quantity).neg().toFixed()))).toEqual(
          long.rebalanceLog.map((e) => e.legs.map((l) => l.quantity)),
        );
      }),
      { numRuns: 15 },
    );
  });

  it('moving any price or rate after a day changes nothing up to that day (no look-ahead)', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 0, max: 28 }), (seed, cut) => {
        const market = marketFixture({ seed, symbols: 8, from: '2025-02-01', days: 30, snapshotEvery: 7 });
        const rule: RebalanceRule = { trackingErrorAbove: '1' };
        const before = runBacktest(input(market, market.days, { rebalance: rule }));
        const cutDay = market.days[cut]!;
        const moved = new Map(
          [...market.marks].map(([symbol, byDay]) => [
            symbol,
            new Map(
              [...byDay].map(([day, m]) =>
                day > cutDay
                  ? [
                      day,
                      {
                        open: new Dec(m.open).mul(1.3).toFixed(),
                        close: new Dec(m.close).mul(0.6).toFixed(),
                      },
                    ]
                  : [day, m],
              ),
            ),
          ]),
        );
        const movedFunding = new Map(
          [...market.funding].map(([symbol, list]) => [
            symbol,
            list.map((r) => (r.time >= dayStartMs(cutDay) + DAY ? { ...r, rate: '0.01' } : r)),
          ]),
        );
        const after = runBacktest(
          input({ ...market, marks: moved, funding: movedFunding }, market.days, { rebalance: rule }),
        );
        expect(after.series.slice(0, cut + 1)).toEqual(before.series.slice(0, cut + 1));
        expect(after.rebalanceLog.filter((e) => e.t <= cutDay)).toEqual(
          before.rebalanceLog.filter((e) => e.t <= cutDay),
        );
      }),
      { numRuns: 15 },
    );
  });
});
