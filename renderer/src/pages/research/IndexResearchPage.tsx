import { useEffect, useMemo, useState } from 'react';
import { TextField } from '../../forms/Field';
import { useIndices } from '../../store/indices-store';
import { normaliseAmount } from '../new-position/position-draft';
import { BacktestControls } from './BacktestControls';
import { BacktestView } from './BacktestView';
import { CompositionTable } from './CompositionTable';
import { useBacktestOf } from './use-backtest';

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
  const [size, setSize] = useState('10000');
  const terms = useMemo(
    () => ({ indexId, usdtSize: normaliseAmount(size), direction: 'long' as const }),
    [indexId, size],
  );
  const { state, failure, period, controls } = useBacktestOf(terms, 365);
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
        <TextField
          id="research-size"
          label="Size (USDT)"
          error={failure?.fields.usdtSize}
          inputMode="decimal"
          autoComplete="off"
          className="amount-input"
          value={size}
          onChange={setSize}
        />
        <BacktestControls idPrefix="research" {...controls} />
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
