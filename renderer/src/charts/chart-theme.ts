import type { DeepPartial, ChartOptions, Time, UTCTimestamp } from 'lightweight-charts';

/** The app's dark theme for lightweight-charts; the TradingView credit is in the chart's caption instead. */
export const chartTheme: DeepPartial<ChartOptions> = {
  layout: {
    background: { color: 'transparent' },
    textColor: '#8b949e',
    attributionLogo: false,
  },
  grid: { vertLines: { color: '#21262d' }, horzLines: { color: '#21262d' } },
  rightPriceScale: { borderColor: '#30363d' },
  timeScale: { borderColor: '#30363d', timeVisible: true, secondsVisible: false },
};

/** A figure's minute as lightweight-charts wants it: whole seconds since the epoch. */
export const minuteOf = (iso: string): Time => (Math.floor(Date.parse(iso) / 60_000) * 60) as UTCTimestamp;

/**
 * Chart values are for drawing only: the figures themselves stay decimal strings everywhere else (the
 * canvas cannot draw a decimal.js value).
 */
export const plotted = (text: string) => Number(text);
