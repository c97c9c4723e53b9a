import { createChart, LineSeries, type LineWidth, type UTCTimestamp } from 'lightweight-charts';
import { useEffect, useRef, type ReactNode } from 'react';
import { ChartLegend } from './ChartLegend';
import { chartTheme } from './chart-theme';

export interface ChartLine {
  key: string;
  label: string;
  color: string;
  width: LineWidth;
}

export type LinePoints = readonly { time: UTCTimestamp; value: number }[];

/**
 * Lines over time with their legend and a caption, redrawn whole when `points` changes (one array per
 * line, in the order of `lines`). The first line is the chart's subject: only it shows its last value.
 * `timeVisible` false labels the axis by day.
 */
export function LineChart({
  className,
  lines,
  points,
  label,
  caption,
  timeVisible = true,
}: {
  className: string;
  lines: readonly ChartLine[];
  points: readonly LinePoints[];
  label: string;
  caption: ReactNode;
  timeVisible?: boolean;
}) {
  const host = useRef<HTMLDivElement | null>(null);
  useEffect(() => {
    const element = host.current;
    if (!element) return;
    const chart = createChart(element, {
      ...chartTheme,
      autoSize: true,
      ...(timeVisible ? {} : { timeScale: { ...chartTheme.timeScale, timeVisible: false } }),
    });
    lines.forEach((line, index) => {
      const drawn = chart.addSeries(LineSeries, {
        color: line.color,
        lineWidth: line.width,
        lastValueVisible: index === 0,
        priceLineVisible: false,
      });
      drawn.setData([...(points[index] ?? [])]);
    });
    chart.timeScale().fitContent();
    return () => chart.remove();
  }, [lines, points, timeVisible]);
  return (
    <figure className={className}>
      <ChartLegend items={lines} />
      <div className={`${className}-canvas`} ref={host} aria-label={label} role="img" />
      <figcaption className="muted small">{caption}</figcaption>
    </figure>
  );
}
