import { useEffect, useMemo, useState } from 'react';
import { Field } from '../../forms/Field';
import { formFailure } from '../../forms/form-failure';
import { useIndices } from '../../store/indices-store';
import { normaliseAmount } from '../new-position/position-draft';
import { BacktestControls } from './BacktestControls';
import {
  backtestLabels,
  rebalanceChoices,
  windowOf,
  type BacktestRequestInput,
  type Period,
  type RebalanceChoice,
} from './backtest-terms';
import { BacktestView } from './BacktestView';
import { CompositionTable } from './CompositionTable';
import { useBacktest } from './use-backtest';

/**
 * One index (built-in or saved basket) over time: its composition at each rebalance, its NAV against HODL
 * and BTC, and the stats, for a long of the size typed here (`#/universe/<index id>`).
 */
export function IndexResearchPage({ indexId }: { indexId: string }) {
  const indices = useIndices((state) => state.indices);
  useEffect(() => {
    void useIndices.getState().load();
  }, []);
  const index = indices?.find((candidate) => candidate.id === indexId);
  const [period, setPeriod] = useState<Period>(365);
  const [rebalance, setRebalance] = useState<RebalanceChoice>('month');
  const [size, setSize] = useState('10000');
  const request = useMemo<BacktestRequestInput>(
    () => ({
      indexId,
      usdtSize: normaliseAmount(size),
      direction: 'long',
      ...windowOf(period, Date.now()),
      rebalance: rebalanceChoices[rebalance].rule,
    }),
    [indexId, size, period, rebalance],
  );
  const state = useBacktest(request);
  const failure = state.error !== null ? formFailure(state.error, backtestLabels) : null;
  const title = index?.name ?? indexId;
  return (
    <div className="page index-research-page">
      <div className="page-title">
        <div>
          <h1>{title}</h1>
          <p className="muted page-subtitle">
            {index?.description ?? 'Composition over time, NAV and stats on the stored market history.'}
          </p>
        </div>
        <a href="#/universe">Back to universe</a>
      </div>
      {indices !== null && !index && (
        <p className="error-text" role="alert">
          There is no index “{indexId}” in this profile.
        </p>
      )}
      <div className="position-form">
        <Field id="research-size" label="Size (USDT)" error={failure?.fields.usdtSize}>
          <input
            id="research-size"
            type="text"
            inputMode="decimal"
            autoComplete="off"
            className="amount-input"
            value={size}
            onChange={(event) => setSize(event.target.value)}
          />
        </Field>
        <BacktestControls
          idPrefix="research"
          period={period}
          rebalance={rebalance}
          errors={{
            period: failure?.fields.from ?? failure?.fields.to,
            rebalance: failure?.fields.rebalance,
          }}
          onPeriod={setPeriod}
          onRebalance={setRebalance}
        />
      </div>
      <section className="panel" aria-label="NAV and stats">
        <BacktestView
          state={state}
          failure={failure && !failure.fields.usdtSize ? failure : null}
          waitingFor={null}
          chartLabel={`${title}: NAV over ${period} days against HODL and BTC`}
        />
      </section>
      {state.result && (
        <section className="panel" aria-label="Composition over time">
          <header className="panel-header">
            <h2>Composition over time</h2>
          </header>
          <div className="panel-body">
            <CompositionTable log={state.result.rebalanceLog} />
          </div>
        </section>
      )}
    </div>
  );
}
