/** Seeded market histories for the backtest engine: marks, funding, snapshots and filters of a few coins. */
import { Dec } from '../../shared/decimal';
import { addDays, dayStartMs, daysBetween } from '../../shared/indices/backtest/calendar';
import type {
  BacktestData,
  DailyMark,
  FundingRecord,
  InstrumentFilters,
  MembershipSnapshot,
  SeriesCoverage,
} from '../../shared/indices/backtest/market-tape';
import { createRng } from '../sim/bybit/rng';

export interface FixtureOptions {
  seed: number;
  symbols: number;
  from: string;
  days: number;
  /** Funding every this many hours (per symbol: the first 8, then 4, then 1 …). */
  intervals?: number[];
  /** A new snapshot (ranks reshuffled) every this many days. */
  snapshotEvery?: number;
  /** All funding rates zero. */
  noFunding?: boolean;
}

const onTick = (value: number, tick: Dec) => new Dec(value.toPrecision(12)).div(tick).round().mul(tick);

/** A market whose data covers every day and settlement from `from` on, unless a test removes some. */
export function marketFixture(options: FixtureOptions): BacktestData & { symbols: string[]; days: string[] } {
  // mulberry32 (the simulator's), so a fast-check seed gives one whole market.
  const rng = createRng(options.seed);
  const days = daysBetween(options.from, addDays(options.from, options.days - 1));
  const symbols = ['BTCUSDT', ...Array.from({ length: options.symbols - 1 }, (_, i) => `C${i}USDT`)];
  const marks = new Map<string, Map<string, DailyMark>>();
  const funding = new Map<string, FundingRecord[]>();
  const filters = new Map<string, InstrumentFilters>();
  const coverage = new Map<string, SeriesCoverage>();
  const intervals = options.intervals ?? [8, 4, 1];
  symbols.forEach((symbol, s) => {
    let price = symbol === 'BTCUSDT' ? 60_000 : 10 ** (rng() * 5 - 2);
    const tick = new Dec(10).pow(Math.floor(Math.log10(price)) - 4);
    const byDay = new Map<string, DailyMark>();
    const records: FundingRecord[] = [];
    const hours = intervals[s % intervals.length]!;
    for (const day of days) {
      const open = onTick(price * (1 + (rng() - 0.5) * 0.002), tick);
      price = Number(open) * Math.exp((rng() - 0.5) * 0.08);
      const close = onTick(price, tick);
      byDay.set(day, { open: open.toFixed(), close: close.toFixed() });
      for (let h = 0; h < 24; h += hours) {
        const rate = options.noFunding ? '0' : new Dec(((rng() - 0.4) * 0.0006).toFixed(8)).toFixed();
        records.push({ time: dayStartMs(day) + h * 3_600_000, rate });
      }
    }
    marks.set(symbol, byDay);
    funding.set(symbol, records);
    const step = new Dec(10).pow(Math.floor(Math.log10(10 / price)));
    filters.set(symbol, {
      qtyStep: step.toFixed(),
      minOrderQty: step.toFixed(),
      maxMktOrderQty: step.mul(1_000_000).toFixed(),
      maxLeverage: '50',
      minNotionalValue: '5',
    });
    coverage.set(symbol, {
      marksFrom: days[0]!,
      marksTo: days.at(-1)!,
      fundingFrom: dayStartMs(days[0]!),
      fundingTo: dayStartMs(days.at(-1)!) + 86_400_000 - 1,
    });
  });
  const snapshots: MembershipSnapshot[] = [];
  const every = options.snapshotEvery ?? options.days;
  for (let i = 0; i < days.length; i += every) {
    const order = [...symbols].sort(() => rng() - 0.5);
    snapshots.push({
      date: days[i]!,
      assets: order.map((symbol, rank) => ({
        symbol,
        marketCapRank: rank + 1,
        marketCap: String(1e12 / (rank + 1)),
        minNotionalValue: '5',
      })),
    });
  }
  return { marks, funding, filters, snapshots, coverage, symbols, days };
}
