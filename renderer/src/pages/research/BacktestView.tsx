import './research.css';
import { BacktestChart } from '../../charts/BacktestChart';
import type { FormFailure } from '../../forms/form-failure';
import { BacktestFigures } from './BacktestFigures';
import type { BacktestState } from './use-backtest';

/**
 * What a backtest shows while it runs, when it fails and when it is back: the last answer stays on
 * screen (dimmed) while a newer one is computed, so the chart does not blink on every key.
 */
export function BacktestView({
  state,
  failure,
  waitingFor,
  chartLabel,
}: {
  state: BacktestState;
  failure: FormFailure | null;
  /** Why nothing is asked yet (the form is incomplete), or null. */
  waitingFor: string | null;
  chartLabel: string;
}) {
  if (waitingFor !== null)
    return (
      <p className="muted" role="status">
        {waitingFor}
      </p>
    );
  return (
    <div className="backtest-view" aria-busy={state.pending}>
      <p className="muted small backtest-status" role="status">
        {state.pending
          ? 'Computing the backtest on the stored history…'
          : state.result
            ? `${state.result.indexName}, ${state.result.from} to ${state.result.to}: ${state.result.series.length} days.`
            : ''}
      </p>
      {failure && !state.pending && (
        <p className="error-text" role="alert">
          {failure.message}
        </p>
      )}
      {state.result && (
        <div className={state.pending ? 'backtest-result stale' : 'backtest-result'}>
          <BacktestChart series={state.result.series} label={chartLabel} />
          <BacktestFigures result={state.result} />
        </div>
      )}
    </div>
  );
}
