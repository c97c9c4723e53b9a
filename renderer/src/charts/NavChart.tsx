import type { UTCTimestamp } from 'lightweight-charts';
import { useMemo } from 'react';
import type { Performance } from '../../../shared/domain/performance';
import { plotted } from './chart-theme';
import { LineChart } from './LineChart';

const lines = [
  { key: 'nav', label: 'Position NAV (USDT)', color: '#58a6ff', width: 2 },
  { key: 'btc', label: 'BTC held from the open', color: '#f0883e', width: 1 },
] as const;

/** Seconds for the chart; points closer than a second (the open and a first snapshot) keep their order. */
const secondOf = (iso: string) => Math.floor(Date.parse(iso) / 1000) as UTCTimestamp;

/**
 * A position's NAV (its PnL in USDT, realised included) per minute next to the same size held in BTC from
 * the moment it opened. Redrawn whole when the series changes.
 */
export function NavChart({ series, label }: { series: Performance['series']; label: string }) {
  const points = useMemo(
    () =>
      lines.map((line) => {
        const data: { time: UTCTimestamp; value: number }[] = [];
        for (const point of series) {
          const value = point[line.key];
          const time = secondOf(point.t);
          if (value === null) continue;
          // lightweight-charts wants strictly increasing times: a later point in the same second replaces.
          if (data.length > 0 && data.at(-1)!.time >= time) data.pop();
          data.push({ time, value: plotted(value) });
        }
        return data;
      }),
    [series],
  );
  return (
    <LineChart
      className="nav-chart"
      lines={lines}
      points={points}
      label={label}
      caption="PnL in USDT since the open, per minute · chart: TradingView Lightweight Charts"
    />
  );
}
