import { createChart, LineSeries, type IChartApi, type ISeriesApi } from 'lightweight-charts';
import { useEffect, useRef } from 'react';
import type { PnlPoint } from '../../../shared/domain/pnl';
import { usePnl } from '../store/pnl-store';
import { minuteOf, plotted } from './chart-theme';

/**
 * A position's PnL over the last day in a table cell: its minute snapshots, then the live figure moving
 * the last point. Ticks update the series directly, outside React, so a tick re-renders nothing.
 */
export function Sparkline({ positionId, points }: { positionId: number; points: readonly PnlPoint[] }) {
  const host = useRef<HTMLDivElement | null>(null);
  useEffect(() => {
    const element = host.current;
    if (!element) return;
    const chart: IChartApi = createChart(element, {
      width: 96,
      height: 28,
      layout: { background: { color: 'transparent' }, attributionLogo: false },
      grid: { vertLines: { visible: false }, horzLines: { visible: false } },
      rightPriceScale: { visible: false },
      leftPriceScale: { visible: false },
      timeScale: { visible: false },
      crosshair: { vertLine: { visible: false }, horzLine: { visible: false } },
      handleScroll: false,
      handleScale: false,
    });
    const series: ISeriesApi<'Line'> = chart.addSeries(LineSeries, {
      color: '#58a6ff',
      lineWidth: 1,
      priceLineVisible: false,
      lastValueVisible: false,
    });
    series.setData(points.map((p) => ({ time: minuteOf(p.at), value: plotted(p.unrealizedPnl) })));
    let last = points.at(-1)?.at ?? null;
    const follow = (tick: ReturnType<typeof usePnl.getState>['tick']) => {
      const live = tick?.positions.find((p) => p.id === positionId);
      if (!tick || !live) return;
      if (last && minuteOf(tick.at) < minuteOf(last)) return;
      last = tick.at;
      series.update({ time: minuteOf(tick.at), value: plotted(live.unrealizedPnl) });
      chart.timeScale().fitContent();
    };
    follow(usePnl.getState().tick);
    const unsubscribe = usePnl.subscribe((state, previous) => {
      if (state.tick !== previous.tick) follow(state.tick);
    });
    return () => {
      unsubscribe();
      chart.remove();
    };
  }, [positionId, points]);
  return <div className="sparkline" ref={host} aria-hidden="true" />;
}
