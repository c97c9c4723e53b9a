import type { RequestOf } from '../../../../shared/contract';
import type { RebalanceRule } from '../../../../shared/domain/backtest';

export type BacktestRequestInput = RequestOf<'indices.backtest'>;

/** The windows the History panel offers, in days. */
export const periods = [30, 90, 365] as const;
export type Period = (typeof periods)[number];

/** The rebalance choices, by a name a select can hold. */
export const rebalanceChoices = {
  month: { label: 'Monthly', rule: { every: 'month' } },
  week: { label: 'Weekly', rule: { every: 'week' } },
  quarter: { label: 'Quarterly', rule: { every: 'quarter' } },
  drift5: { label: 'When weights drift 5 %', rule: { trackingErrorAbove: '5' } },
  never: { label: 'Never (hold the first basket)', rule: { never: true } },
} as const satisfies Record<string, { label: string; rule: RebalanceRule }>;
export type RebalanceChoice = keyof typeof rebalanceChoices;

const DAY_MS = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * The last `days` closed UTC days before `nowMs`: today's candle is not closed, so the window ends
 * yesterday and has exactly `days` points.
 */
export function windowOf(days: number, nowMs: number): { from: string; to: string } {
  const yesterday = Math.floor(nowMs / DAY_MS) * DAY_MS - DAY_MS;
  return { from: isoDay(yesterday - (days - 1) * DAY_MS), to: isoDay(yesterday) };
}

/** Two requests ask the same question (the runner compares them to skip a repeat). */
export const backtestKey = (request: BacktestRequestInput | null) =>
  request === null ? '' : JSON.stringify(request);

/** Request field path → label, for `formFailure`: the fields the History panel shows or shares. */
export const backtestLabels = {
  indexId: 'Index',
  usdtSize: 'Size (USDT)',
  leverage: 'Leverage',
  from: 'Period',
  to: 'Period',
  rebalance: 'Rebalance',
} as const;
