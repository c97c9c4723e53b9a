import type { UTCTimestamp } from 'lightweight-charts';
import { useMemo } from 'react';
import type { BacktestPoint } from '../../../shared/domain/backtest';
import { plotted } from './chart-theme';
import { LineChart } from './LineChart';

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
  const points = useMemo(
    () =>
      lines.map((line) =>
        series.flatMap((point) => {
          const value = point[line.key];
          return value === null ? [] : [{ time: dayOf(point.t), value: plotted(value) }];
        }),
      ),
    [series],
  );
  return (
    <LineChart
      className="backtest-chart"
      lines={lines}
      points={points}
      label={label}
      timeVisible={false}
      caption="NAV in USDT at each day's close (mark price) · chart: TradingView Lightweight Charts"
    />
  );
}
