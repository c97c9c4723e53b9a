import { Dec } from '../../../shared/decimal';
import type { Performance } from '../../../shared/domain/performance';

export interface PerformanceInput {
  usdtSize: Dec;
  /** When the position first held every leg (ms). */
  openedAt: number;
  /** The last moment of the series: the close, or now (ms). */
  endAt: number;
  /** The PnL engine's minute snapshots (ms, realised + unrealised at that minute). */
  snapshots: readonly { minute: number; nav: Dec }[];
  /** NAV at `endAt`: the final realised PnL once closed, the live figure before. */
  endNav: Dec;
  benchmark: {
    symbol: string;
    openMark: Dec | null;
    minuteMarks: ReadonlyMap<number, Dec>;
    lastMark: Dec | null;
  };
  fundingPaid: Dec;
  feesPaid: Dec;
  turnover: Dec;
}

const yearMs = 365 * 24 * 3600_000;
const text = (value: Dec, places = 8) => value.toDecimalPlaces(places).toFixed();

/**
 * The position's NAV per minute (its PnL, realised included, starting at 0 when it opened) next to the same
 * USDT size held in BTC from the same moment: size × (BTC's mark / BTC's mark at open − 1). The first point
 * is the open (both 0), the last the close (NAV = the realised PnL) or now.
 */
export function performanceOf(input: PerformanceInput): Performance {
  const { usdtSize, benchmark } = input;
  const btcAt = (mark: Dec | null | undefined): Dec | null =>
    mark && benchmark.openMark ? usdtSize.mul(mark.div(benchmark.openMark).minus(1)) : null;
  const points: { t: number; nav: Dec; btc: Dec | null }[] = [
    { t: input.openedAt, nav: new Dec(0), btc: benchmark.openMark ? new Dec(0) : null },
  ];
  for (const snapshot of input.snapshots) {
    // A snapshot stands for its whole minute: the one a position opened or closed in is clamped inside its life.
    if (snapshot.minute >= input.endAt) continue;
    const t = Math.max(snapshot.minute, input.openedAt);
    if (t === input.openedAt) continue;
    points.push({ t, nav: snapshot.nav, btc: btcAt(benchmark.minuteMarks.get(snapshot.minute)) });
  }
  points.push({
    t: Math.max(input.endAt, input.openedAt),
    nav: input.endNav,
    btc: btcAt(benchmark.lastMark),
  });

  let peak = usdtSize;
  let maxDrawdown = new Dec(0);
  for (const point of points) {
    const equity = usdtSize.plus(point.nav);
    if (equity.gt(peak)) peak = equity;
    if (peak.gt(0)) maxDrawdown = Dec.max(maxDrawdown, peak.minus(equity).div(peak).mul(100));
  }
  const percent = usdtSize.isZero() ? new Dec(0) : input.endNav.div(usdtSize).mul(100);
  const duration = input.endAt - input.openedAt;
  const last = benchmark.lastMark;
  return {
    series: points.map((p) => ({
      t: new Date(p.t).toISOString(),
      nav: text(p.nav),
      btc: p.btc === null ? null : text(p.btc),
    })),
    stats: {
      return: text(percent, 4),
      maxDrawdown: text(maxDrawdown, 4),
      fundingPaid: text(input.fundingPaid),
      feesPaid: text(input.feesPaid),
      turnover: text(input.turnover),
      apr: duration >= 60_000 ? text(percent.mul(yearMs).div(duration), 4) : null,
      btcReturn: last && benchmark.openMark ? text(last.div(benchmark.openMark).minus(1).mul(100), 4) : null,
    },
    benchmark: {
      symbol: benchmark.symbol,
      openMark: benchmark.openMark?.toFixed() ?? null,
      lastMark: last?.toFixed() ?? null,
    },
  };
}
