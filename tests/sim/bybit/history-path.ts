import { createRng, gaussian } from './rng';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

/** The UTC midnight at or before `ms`. */
export function dayStart(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}

/**
 * A symbol's seeded hourly mark path before the simulator started: the value at each hour boundary,
 * walked BACKWARDS from the mark the symbol had at the start, so the past joins the live walk without a
 * jump. Each symbol has its own volatility (2 % to 6 % a day) and drift (a trend over the year), drawn
 * from the seed and the symbol's id alone: the same seed always gives the same past.
 */
export class HourlyPath {
  /** values[k] is the mark at `lastBoundary - k hours`. */
  private readonly values: Float64Array;

  constructor(
    startMark: number,
    seed: number,
    symbolId: number,
    /** The last hour boundary at or before the simulator's start. */
    readonly lastBoundary: number,
    hours: number,
  ) {
    const rng = createRng((seed * 7919) ^ (symbolId * 104_729) ^ 0x686973);
    const dailyVol = 0.02 + rng() * 0.04;
    const hourlyVol = dailyVol / Math.sqrt(24);
    // Log drift per hour: from a 60 % fall to a 100 % rise over a year, so indices differ from BTC.
    const drift = (Math.log(0.4) + rng() * (Math.log(2) - Math.log(0.4))) / (365 * 24);
    this.values = new Float64Array(hours + 1);
    this.values[0] = startMark;
    for (let k = 1; k <= hours; k++)
      this.values[k] = this.values[k - 1]! * Math.exp(-(drift + hourlyVol * gaussian(rng)));
  }

  /** The mark at an hour boundary the path covers, or undefined. */
  at(boundary: number): number | undefined {
    const k = (this.lastBoundary - boundary) / HOUR_MS;
    return Number.isInteger(k) && k >= 0 && k < this.values.length ? this.values[k] : undefined;
  }
}

/** Bybit's kline intervals (docs: 1,3,5,15,30,60,120,240,360,720,D,W,M); sub-hour ones are not simulated. */
export const KLINE_INTERVALS = ['1', '3', '5', '15', '30', '60', '120', '240', '360', '720', 'D', 'W', 'M'];
export const SIMULATED_INTERVALS = new Set(['60', '120', '240', '360', '720', 'D', 'W', 'M']);

/** The start of the candle of `interval` that contains `t` (weeks start Monday 00:00 UTC, months the 1st). */
export function candleStart(interval: string, t: number): number {
  if (interval === 'M') {
    const d = new Date(t);
    return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
  }
  if (interval === 'W') {
    // 1970-01-01 was a Thursday: Mondays are 4 days after a multiple of 7 days.
    const week = 7 * DAY_MS;
    return Math.floor((t - 4 * DAY_MS) / week) * week + 4 * DAY_MS;
  }
  const length = interval === 'D' ? DAY_MS : Number(interval) * 60_000;
  return Math.floor(t / length) * length;
}

/** The start of the candle after the one starting at `start`. */
export function nextCandleStart(interval: string, start: number): number {
  if (interval === 'M') {
    const d = new Date(start);
    return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
  }
  if (interval === 'W') return start + 7 * DAY_MS;
  return start + (interval === 'D' ? DAY_MS : Number(interval) * 60_000);
}

export interface Candle {
  start: number;
  open: number;
  high: number;
  low: number;
  close: number;
}

/**
 * One candle from the hour-boundary marks inside it: open at its start, close at its end (or the current
 * mark while it is still open), high and low over every mark in between.
 */
export function buildCandle(
  interval: string,
  start: number,
  now: number,
  markAt: (boundary: number) => number | undefined,
  currentMark: number,
): Candle | null {
  const open = markAt(start);
  if (open === undefined) return null;
  const end = nextCandleStart(interval, start);
  let high = open;
  let low = open;
  let close = open;
  for (let b = start + HOUR_MS; b <= Math.min(end, now); b += HOUR_MS) {
    const value = markAt(b);
    if (value === undefined) break;
    close = value;
    high = Math.max(high, value);
    low = Math.min(low, value);
  }
  if (end > now) {
    close = currentMark;
    high = Math.max(high, currentMark);
    low = Math.min(low, currentMark);
  }
  return { start, open, high, low, close };
}
