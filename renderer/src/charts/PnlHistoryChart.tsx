import { createChart, LineSeries, type ISeriesApi, type UTCTimestamp } from 'lightweight-charts';
import { useEffect, useRef, useState } from 'react';
import type { PnlPoint } from '../../../shared/domain/pnl';
import { loadHistory, usePnl } from '../store/pnl-store';
import { chartTheme, minuteOf, plotted } from './chart-theme';
import { ChartLegend } from './ChartLegend';

const palette = ['#f0883e', '#a371f7', '#3fb950', '#db61a2', '#d29922', '#79c0ff'];
const totalColor = '#58a6ff';

/** One position's line: a closed one keeps its history, ending where it closed. */
export interface ChartPosition {
  id: number;
  closed: boolean;
}

/**
 * The PnL over the last 24 hours: the total and each position that was live in that window (ACTIVE ones
 * and the ones closed since), from the minute snapshots, with the live figure moving each ACTIVE series'
 * last point. The chart is drawn by lightweight-charts; ticks go straight to the series (no React render
 * per tick). The series are named in a legend above the canvas: titles drawn on the price scale overlap
 * it and each other.
 */
export function PnlHistoryChart({ positions }: { positions: readonly ChartPosition[] }) {
  const host = useRef<HTMLDivElement | null>(null);
  const [error, setError] = useState<string | null>(null);
  const positionIds = positions.map((p) => p.id);
  const key = positionIds.join(',');
  useEffect(() => {
    const element = host.current;
    if (!element) return;
    const chart = createChart(element, { ...chartTheme, autoSize: true });
    const total = chart.addSeries(LineSeries, { color: totalColor, lineWidth: 2 });
    const perPosition = new Map<number, ISeriesApi<'Line'>>();
    positionIds.forEach((id, i) =>
      perPosition.set(
        id,
        // Only the total labels its last value on the scale; a label per position would stack there.
        chart.addSeries(LineSeries, {
          color: palette[i % palette.length],
          lineWidth: 1,
          lastValueVisible: false,
          priceLineVisible: false,
        }),
      ),
    );
    const asData = (points: readonly PnlPoint[]) =>
      points.map((p) => ({ time: minuteOf(p.at), value: plotted(p.unrealizedPnl) }));
    let newest = 0;
    let cancelled = false;
    const follow = (tick: ReturnType<typeof usePnl.getState>['tick']) => {
      if (!tick || tick.positions.length === 0) return;
      const time = minuteOf(tick.at) as UTCTimestamp;
      if (time < newest) return;
      newest = time;
      total.update({ time, value: plotted(tick.total.unrealizedPnl) });
      for (const position of tick.positions)
        perPosition.get(position.id)?.update({ time, value: plotted(position.unrealizedPnl) });
    };
    loadHistory([...positionIds]).then(
      (history) => {
        if (cancelled) return;
        total.setData(asData(history.total));
        for (const [id, series] of perPosition) series.setData(asData(history.positions.get(id) ?? []));
        newest = Math.max(0, ...history.total.map((p) => minuteOf(p.at) as number));
        follow(usePnl.getState().tick);
        chart.timeScale().fitContent();
      },
      (failure: unknown) => setError(failure instanceof Error ? failure.message : String(failure)),
    );
    const unsubscribe = usePnl.subscribe((state, previous) => {
      if (state.tick !== previous.tick) follow(state.tick);
    });
    return () => {
      cancelled = true;
      unsubscribe();
      chart.remove();
    };
    // `key` stands for positionIds: a new set of positions draws a new chart.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  return (
    <figure className="pnl-chart">
      <ChartLegend
        items={[
          { key: 'total', label: 'Total', color: totalColor },
          ...positions.map((position, i) => ({
            key: position.id,
            color: palette[i % palette.length]!,
            label: (
              <>
                #{position.id}
                {position.closed && <span className="muted"> (closed)</span>}
              </>
            ),
          })),
        ]}
      />
      <div className="pnl-chart-canvas" ref={host} aria-label="PnL over the last 24 hours" role="img" />
      <figcaption className="muted small">
        {error
          ? `History unavailable: ${error}`
          : 'Unrealised PnL in USDT per minute, total and per position · chart: TradingView Lightweight Charts'}
      </figcaption>
    </figure>
  );
}
