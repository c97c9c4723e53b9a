import { D, type Dec } from './decimal';
import { DAY_MS, dayStart } from './history-path';
import { createRng } from './rng';

/** From `from` (inclusive) to `to` (exclusive) a perpetual settles every `intervalMin` minutes. */
export interface FundingSegment {
  from: number;
  to: number;
  intervalMin: number;
}

/**
 * When a perpetual settled over the simulated past: at its current interval, except the one symbol whose
 * interval changed (Bybit moves a contract to 1 h funding in a volatile stretch and back): it settled
 * hourly through the middle third of the past. The last segment runs on past the start of the simulator.
 */
export function fundingSegments(
  intervalMin: number,
  historyStart: number,
  anchor: number,
  changes: boolean,
): FundingSegment[] {
  if (!changes) return [{ from: historyStart, to: Number.POSITIVE_INFINITY, intervalMin }];
  const days = Math.round((dayStart(anchor) - historyStart) / DAY_MS);
  const hourlyFrom = dayStart(anchor) - Math.round((days * 2) / 3) * DAY_MS;
  const hourlyTo = dayStart(anchor) - Math.round(days / 3) * DAY_MS;
  return [
    { from: historyStart, to: hourlyFrom, intervalMin },
    { from: hourlyFrom, to: hourlyTo, intervalMin: 60 },
    { from: hourlyTo, to: Number.POSITIVE_INFINITY, intervalMin },
  ].filter((segment) => segment.from < segment.to);
}

/**
 * Settlement times within [lo, hi], newest first, at most `limit`: Bybit's times, multiples of the
 * interval since the epoch (00:00, 08:00, 16:00 UTC for 8 h).
 */
export function settlementTimes(segments: readonly FundingSegment[], lo: number, hi: number, limit: number) {
  const times: number[] = [];
  for (let i = segments.length - 1; i >= 0 && times.length < limit; i--) {
    const { from, to, intervalMin } = segments[i]!;
    const step = intervalMin * 60_000;
    const low = Math.max(from, lo);
    for (let t = Math.floor(Math.min(to - 1, hi) / step) * step; t >= low && times.length < limit; t -= step)
      times.push(t);
  }
  return times;
}

/**
 * The seeded rate of one past settlement, drawn from the seed, the symbol and the time alone (so any page
 * can be answered without the others): half at Bybit's usual 0.01 % per 8 h, the rest from −0.03 % to
 * +0.05 %, both scaled to the interval, to 8 decimals as Bybit prints them.
 */
export function pastFundingRate(seed: number, symbolId: number, time: number, intervalMin: number): Dec {
  const rng = createRng((seed * 31) ^ (symbolId * 2_654_435_761) ^ Math.floor(time / 60_000));
  rng();
  const per8h = rng() < 0.5 ? 0.0001 : rng() * 0.0008 - 0.0003;
  return new D(per8h).mul(intervalMin).div(480).toDecimalPlaces(8, D.ROUND_HALF_UP);
}
