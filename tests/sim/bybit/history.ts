import { D, type Dec } from './decimal';
import type { Engine } from './engine';
import { fundingSegments, pastFundingRate, settlementTimes, type FundingSegment } from './history-funding';
import { buildCandle, candleStart, dayStart, DAY_MS, HOUR_MS, HourlyPath, type Candle } from './history-path';
import type { Instrument } from './instruments';

/** The simulated past by default: a month, so every app start against the simulator fetches little. */
export const DEFAULT_HISTORY_DAYS = 30;
/** The perpetual whose funding interval changed (1 h through the middle third of the past, else 8 h). */
export const INTERVAL_CHANGE_SYMBOL = 'DOGEUSDT';

export interface FundingRecord {
  time: number;
  rate: Dec;
}

/**
 * The past Bybit would serve for `/v5/market/mark-price-kline` and `/v5/market/funding/history`: `days`
 * whole UTC days before the day the simulator started (nothing older exists, as before a listing), a
 * seeded hourly mark path per symbol that ends at its mark at the start, and seeded funding settlements at
 * each perpetual's own interval. After the start, hour boundaries take the live mark as first seen by a
 * request (a step function of the live walk), and settlements take the symbol's current rate.
 */
export class MarketHistory {
  readonly anchor: number;
  private days = DEFAULT_HISTORY_DAYS;
  private readonly startMarks = new Map<string, number>();
  private readonly paths = new Map<string, HourlyPath>();
  /** Live hour-boundary marks after the start, per symbol, as first observed. */
  private readonly live = new Map<string, Map<number, number>>();
  /** Requests served per path and symbol (control `marketHistoryRequests`). */
  readonly requests = new Map<string, Map<string, number>>();

  constructor(
    private readonly engine: Engine,
    private readonly seed: number,
  ) {
    this.anchor = engine.now();
    for (const inst of engine.instruments)
      this.startMarks.set(inst.symbol, Number(engine.market.mark(inst.symbol)));
  }

  /** How many whole days of past there are; changing it forgets the generated paths. */
  setDays(days: number): void {
    if (!Number.isInteger(days) || days < 0 || days > 2000)
      throw new RangeError('history days must be a whole number from 0 to 2000');
    this.days = days;
    this.paths.clear();
  }

  window(): { days: number; start: number; anchor: number } {
    return { days: this.days, start: this.start(), anchor: this.anchor };
  }

  /** The first moment with history: 00:00 UTC `days` days before the simulator's start day. */
  start(): number {
    return dayStart(this.anchor) - this.days * DAY_MS;
  }

  count(path: string, symbol: string): void {
    const bySymbol = this.requests.get(path) ?? new Map<string, number>();
    bySymbol.set(symbol, (bySymbol.get(symbol) ?? 0) + 1);
    this.requests.set(path, bySymbol);
  }

  /** Whether Bybit would have mark klines for it (a PreLaunch contract has none). */
  hasMarks(inst: Instrument): boolean {
    return inst.status !== 'PreLaunch';
  }

  /** Candles whose span meets [lo, hi], newest first, at most `limit` (docs: the candle holding `start` counts). */
  candles(inst: Instrument, interval: string, lo: number, hi: number, limit: number): Candle[] {
    const now = this.engine.now();
    this.observe(inst.symbol, now);
    const out: Candle[] = [];
    const first = Math.max(lo, this.start());
    const current = Number(this.engine.market.mark(inst.symbol));
    for (let s = candleStart(interval, Math.min(hi, now)); s >= candleStart(interval, first);) {
      if (out.length >= limit) break;
      const candle = buildCandle(interval, s, now, (b) => this.markAt(inst, b), current);
      if (candle && s >= this.start()) out.push(candle);
      s = candleStart(interval, s - 1);
    }
    return out;
  }

  /** Settlements within [lo, hi], newest first, at most `limit`. */
  funding(inst: Instrument, lo: number, hi: number, limit: number): FundingRecord[] {
    if (
      inst.contractType !== 'LinearPerpetual' ||
      inst.status === 'PreLaunch' ||
      inst.fundingIntervalMin <= 0
    )
      return [];
    const now = this.engine.now();
    const segments = this.segments(inst);
    const times = settlementTimes(segments, Math.max(lo, this.start()), Math.min(hi, now), limit);
    return times.map((time) => ({
      time,
      rate:
        time <= this.anchor
          ? pastFundingRate(this.seed, inst.symbolId, time, intervalAt(segments, time))
          : this.engine.market.fundingRate(inst.symbol),
    }));
  }

  segments(inst: Instrument): FundingSegment[] {
    return fundingSegments(
      inst.fundingIntervalMin,
      this.start(),
      this.anchor,
      inst.symbol === INTERVAL_CHANGE_SYMBOL,
    );
  }

  /** Rounds a path value to the instrument's tick, as a mark always is. */
  onTick(inst: Instrument, value: number): string {
    const rounded = new D(value).div(inst.tickSize).round().mul(inst.tickSize);
    return D.max(rounded, inst.tickSize).toFixed();
  }

  private markAt(inst: Instrument, boundary: number): number | undefined {
    const path = this.path(inst);
    if (boundary <= path.lastBoundary) return path.at(boundary);
    return this.live.get(inst.symbol)?.get(boundary);
  }

  private path(inst: Instrument): HourlyPath {
    let path = this.paths.get(inst.symbol);
    if (!path) {
      const lastBoundary = Math.floor(this.anchor / HOUR_MS) * HOUR_MS;
      const hours = (lastBoundary - this.start()) / HOUR_MS;
      const startMark = this.startMarks.get(inst.symbol) ?? Number(inst.initialPrice);
      path = new HourlyPath(startMark, this.seed, inst.symbolId, lastBoundary, hours);
      this.paths.set(inst.symbol, path);
    }
    return path;
  }

  /** Hour boundaries passed since the last look take the mark as it is now. */
  private observe(symbol: string, now: number): void {
    const marks = this.live.get(symbol) ?? new Map<number, number>();
    this.live.set(symbol, marks);
    const newest = Math.floor(now / HOUR_MS) * HOUR_MS;
    const mark = Number(this.engine.market.mark(symbol));
    for (let b = newest; b > Math.floor(this.anchor / HOUR_MS) * HOUR_MS && !marks.has(b); b -= HOUR_MS)
      marks.set(b, mark);
  }
}

function intervalAt(segments: readonly FundingSegment[], time: number): number {
  return segments.find((s) => time >= s.from && time < s.to)?.intervalMin ?? segments.at(-1)!.intervalMin;
}
