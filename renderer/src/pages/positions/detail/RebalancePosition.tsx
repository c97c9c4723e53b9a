import { useState } from 'react';
import type { RebalancePlan } from '../../../../../shared/domain/drift';
import type { Position } from '../../../../../shared/domain/positions';
import { api } from '../../../api/client';
import { errorMessage } from '../../../forms/form-failure';
import { formatFixed, groupDecimal } from '../../../format';
import { showPosition } from '../../../store/positions-store';
import { useReturnFocus } from '../../../components/use-return-focus';

const actionLabels: Record<RebalancePlan['legs'][number]['action'], string> = {
  enter: 'buy (new in the index)',
  exit: 'sell (left the index)',
  resize: 'resize',
  keep: 'keep',
};

/**
 * Rebalance to the index's composition today: the preview (turnover, fees, tracking error before and
 * after, per leg what changes) is always shown first; "Rebalance now" sends it.
 */
export function RebalancePosition({ position }: { position: Position }) {
  const [plan, setPlan] = useState<RebalancePlan | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const opener = useReturnFocus(plan !== null);
  if (position.status !== 'ACTIVE') return null;

  const run = async (preview: boolean) => {
    setBusy(true);
    try {
      const answer = await api.invoke(
        'positions.rebalance',
        preview ? { id: position.id, preview: true } : { id: position.id },
      );
      showPosition(answer.position);
      setPlan(preview ? answer.plan : null);
      setError(null);
    } catch (thrown) {
      setError(errorMessage(thrown));
    } finally {
      setBusy(false);
    }
  };

  return (
    // Open, the plan takes its own row under the buttons (action-open), not the space beside them.
    <div className={plan ? 'rebalance-position action-open' : 'rebalance-position'}>
      {!plan && (
        <button
          ref={opener}
          type="button"
          disabled={busy || position.pendingAction !== null}
          onClick={() => void run(true)}
        >
          {position.pendingAction === 'rebalance' ? 'Rebalancing…' : busy ? 'Planning…' : 'Rebalance…'}
        </button>
      )}
      {plan && (
        <div
          className="confirm repair-plan"
          role="group"
          aria-label="Confirm rebalance"
          onKeyDown={(event) => {
            if (event.key === 'Escape' && !busy) {
              event.preventDefault();
              setPlan(null);
            }
          }}
        >
          <table className="table compact-table" aria-label="Rebalance plan">
            <thead>
              <tr>
                <th scope="col">Symbol</th>
                <th scope="col">Action</th>
                <th scope="col" className="num">
                  Held
                </th>
                <th scope="col" className="num">
                  Target
                </th>
                <th scope="col" className="num">
                  Weight now → target
                </th>
                <th scope="col">Trade</th>
              </tr>
            </thead>
            <tbody>
              {plan.legs.map((leg) => (
                <tr key={leg.symbol}>
                  <td>{leg.symbol}</td>
                  <td>{actionLabels[leg.action]}</td>
                  <td className="num">{groupDecimal(leg.currentQuantity)}</td>
                  <td className="num">{groupDecimal(leg.targetQuantity)}</td>
                  <td className="num">
                    {leg.currentWeight} % → {leg.targetWeight} %
                  </td>
                  <td>
                    {leg.trade
                      ? `${leg.trade.side} ${groupDecimal(leg.trade.quantity)} (${formatFixed(leg.trade.notional, 2)} USDT)`
                      : '—'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <span className="small">
            Turnover {formatFixed(plan.turnover, 2)} USDT, estimated fees {formatFixed(plan.estimatedFees, 4)}{' '}
            USDT, tracking error {plan.trackingErrorBefore} % → {plan.trackingErrorAfter} %.
          </span>
          {plan.problems.length > 0 && (
            <span className="error-text" role="alert">
              {plan.problems.join(' ')}
            </span>
          )}
          <span className="confirm-buttons">
            <button
              type="button"
              className="primary"
              autoFocus={plan.problems.length === 0}
              disabled={busy || plan.problems.length > 0}
              onClick={() => void run(false)}
            >
              {busy ? 'Rebalancing…' : 'Rebalance now'}
            </button>
            {/* Focus stays inside, so Escape backs out even when there is nothing to send. */}
            <button type="button" autoFocus={plan.problems.length > 0} onClick={() => setPlan(null)}>
              Cancel
            </button>
          </span>
        </div>
      )}
      {error && (
        <span className="error-text" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
