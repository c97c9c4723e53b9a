import { createChart, LineSeries, type UTCTimestamp } from 'lightweight-charts';
import { useEffect, useRef } from 'react';
import type { Performance } from '../../../shared/domain/performance';
import { ChartLegend } from './ChartLegend';
import { chartTheme, plotted } from './chart-theme';

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
  const host = useRef<HTMLDivElement | null>(null);
  useEffect(() => {
    const element = host.current;
    if (!element) return;
    const chart = createChart(element, { ...chartTheme, autoSize: true });
    for (const line of lines) {
      const drawn = chart.addSeries(LineSeries, {
        color: line.color,
        lineWidth: line.width,
        lastValueVisible: line.key === 'nav',
        priceLineVisible: false,
      });
      const data: { time: UTCTimestamp; value: number }[] = [];
      for (const point of series) {
        const value = point[line.key];
        const time = secondOf(point.t);
        if (value === null) continue;
        // lightweight-charts wants strictly increasing times: a later point in the same second replaces.
        if (data.length > 0 && data.at(-1)!.time >= time) data.pop();
        data.push({ time, value: plotted(value) });
      }
      drawn.setData(data);
    }
    chart.timeScale().fitContent();
    return () => chart.remove();
  }, [series]);
  return (
    <figure className="nav-chart">
      <ChartLegend items={lines} />
      <div className="nav-chart-canvas" ref={host} aria-label={label} role="img" />
      <figcaption className="muted small">
        PnL in USDT since the open, per minute · chart: TradingView Lightweight Charts
      </figcaption>
    </figure>
  );
}
