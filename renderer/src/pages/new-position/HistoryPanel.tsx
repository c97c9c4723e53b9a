import { useMemo } from 'react';
import { BacktestControls } from '../research/BacktestControls';
import { BacktestView } from '../research/BacktestView';
import { useBacktestOf, type BacktestTerms } from '../research/use-backtest';
import type { PreviewRequestInput } from './position-draft';

/**
 * "How did this behave?": the backtest of the index, size, direction and leverage in the form above, over
 * 30, 90 or 365 days, rebalanced as chosen, beside HODL and BTC. It follows the form as it changes.
 */
export function HistoryPanel({ position }: { position: PreviewRequestInput | null }) {
  const terms = useMemo<BacktestTerms | null>(
    () =>
      position === null
        ? null
        : {
            indexId: position.indexId,
            usdtSize: position.usdtSize,
            direction: position.direction,
            leverage: position.leverage ?? '1',
          },
    [position],
  );
  const { state, failure, period, controls } = useBacktestOf(terms, 90);
  return (
    <section className="panel history-panel" aria-labelledby="history-panel-title">
      <header className="panel-header">
        <h2 id="history-panel-title">History</h2>
        <span className="muted small">
          A backtest on Bybit&apos;s own marks and funding: nothing is sent.
        </span>
      </header>
      <div className="panel-body">
        <BacktestControls idPrefix="history" {...controls} />
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
