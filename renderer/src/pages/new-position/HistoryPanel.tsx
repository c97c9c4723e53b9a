import { useMemo, useState } from 'react';
import { formFailure } from '../../forms/form-failure';
import { BacktestControls } from '../research/BacktestControls';
import {
  backtestLabels,
  rebalanceChoices,
  windowOf,
  type BacktestRequestInput,
  type Period,
  type RebalanceChoice,
} from '../research/backtest-terms';
import { BacktestView } from '../research/BacktestView';
import { useBacktest } from '../research/use-backtest';
import type { PreviewRequestInput } from './position-draft';

/**
 * "How did this behave?": the backtest of the index, size, direction and leverage in the form above, over
 * 30, 90 or 365 days, rebalanced as chosen, beside HODL and BTC. It follows the form as it changes.
 */
export function HistoryPanel({ position }: { position: PreviewRequestInput | null }) {
  const [period, setPeriod] = useState<Period>(90);
  const [rebalance, setRebalance] = useState<RebalanceChoice>('month');
  // The window is the last closed days as of when the terms were chosen: not a moving target per render.
  const request = useMemo<BacktestRequestInput | null>(
    () =>
      position === null
        ? null
        : {
            indexId: position.indexId,
            usdtSize: position.usdtSize,
            direction: position.direction,
            leverage: position.leverage ?? '1',
            ...windowOf(period, Date.now()),
            rebalance: rebalanceChoices[rebalance].rule,
          },
    [position, period, rebalance],
  );
  const state = useBacktest(request);
  const failure = state.error !== null ? formFailure(state.error, backtestLabels) : null;
  return (
    <section className="panel history-panel" aria-labelledby="history-panel-title">
      <header className="panel-header">
        <h2 id="history-panel-title">History</h2>
        <span className="muted small">
          A backtest on Bybit&apos;s own marks and funding: nothing is sent.
        </span>
      </header>
      <div className="panel-body">
        <BacktestControls
          idPrefix="history"
          period={period}
          rebalance={rebalance}
          errors={{
            period: failure?.fields.from ?? failure?.fields.to,
            rebalance: failure?.fields.rebalance,
          }}
          onPeriod={setPeriod}
          onRebalance={setRebalance}
        />
        <BacktestView
          state={state}
          failure={failure}
          waitingFor={
            position === null ? 'Complete the index, size and leverage above to see its history.' : null
          }
          chartLabel={`NAV over ${period} days against HODL and BTC`}
        />
      </div>
    </section>
  );
}
