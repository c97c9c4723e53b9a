import { createChart, LineSeries, type UTCTimestamp } from 'lightweight-charts';
import { useEffect, useRef } from 'react';
import type { BacktestPoint } from '../../../shared/domain/backtest';
import { ChartLegend } from './ChartLegend';
import { chartTheme, plotted } from './chart-theme';

const lines = [
  { key: 'nav', label: 'Index (rebalanced)', color: '#58a6ff', width: 2 },
  { key: 'hodl', label: 'HODL (first basket)', color: '#d29922', width: 1 },
  { key: 'btc', label: 'BTC alone', color: '#f0883e', width: 1 },
] as const;

const dayOf = (iso: string) => (Date.parse(`${iso}T00:00:00Z`) / 1000) as UTCTimestamp;

/**
 * A backtest's NAV against HODL and BTC, one point per day, in USDT (the margin put in plus everything
 * made). Redrawn whole for a new result: a year is 365 points per line, nothing to stream.
 */
export function BacktestChart({ series, label }: { series: readonly BacktestPoint[]; label: string }) {
  const host = useRef<HTMLDivElement | null>(null);
  useEffect(() => {
    const element = host.current;
    if (!element) return;
    const chart = createChart(element, {
      ...chartTheme,
      autoSize: true,
      timeScale: { ...chartTheme.timeScale, timeVisible: false },
    });
    for (const line of lines) {
      const drawn = chart.addSeries(LineSeries, {
        color: line.color,
        lineWidth: line.width,
        lastValueVisible: line.key === 'nav',
        priceLineVisible: false,
      });
      drawn.setData(
        series.flatMap((point) => {
          const value = point[line.key];
          return value === null ? [] : [{ time: dayOf(point.t), value: plotted(value) }];
        }),
      );
    }
    chart.timeScale().fitContent();
    return () => chart.remove();
  }, [series]);
  return (
    <figure className="backtest-chart">
      <ChartLegend items={lines} />
      <div className="backtest-chart-canvas" ref={host} aria-label={label} role="img" />
      <figcaption className="muted small">
        NAV in USDT at each day&apos;s close (mark price) · chart: TradingView Lightweight Charts
      </figcaption>
    </figure>
  );
}
