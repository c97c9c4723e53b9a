import { useState } from 'react';
import type { RepairPlan } from '../../../../../shared/domain/drift';
import type { Position } from '../../../../../shared/domain/positions';
import { api } from '../../../api/client';
import { errorMessage } from '../../../forms/form-failure';
import { formatFixed, groupDecimal } from '../../../format';
import { showPosition } from '../../../store/positions-store';
import { useReturnFocus } from '../../../components/use-return-focus';

/**
 * Repair: the plan is always fetched and shown first (`positions.repair` with preview: nothing is sent),
 * and only "Repair now" sends it. The core plans again with fresh prices when it sends.
 */
export function RepairPosition({ position }: { position: Position }) {
  const [plan, setPlan] = useState<RepairPlan | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const opener = useReturnFocus(plan !== null);
  const blocked = position.status !== 'ACTIVE' || position.pendingAction !== null;

  const run = async (preview: boolean) => {
    setBusy(true);
    try {
      const answer = await api.invoke(
        'positions.repair',
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

  const trades = plan?.legs.filter((leg) => leg.trade) ?? [];
  return (
    // Open, the plan takes its own row under the buttons (action-open), not the space beside them.
    <div className={plan ? 'repair-position action-open' : 'repair-position'}>
      {!plan && (
        <button ref={opener} type="button" disabled={blocked || busy} onClick={() => void run(true)}>
          {position.pendingAction === 'repair' ? 'Repairing…' : busy ? 'Planning…' : 'Repair…'}
        </button>
      )}
      {plan && (
        <div
          className="confirm repair-plan"
          role="group"
          aria-label="Confirm repair"
          onKeyDown={(event) => {
            if (event.key === 'Escape' && !busy) {
              event.preventDefault();
              setPlan(null);
            }
          }}
        >
          <table className="table compact-table" aria-label="Repair plan">
            <thead>
              <tr>
                <th scope="col">Symbol</th>
                <th scope="col">Trade</th>
                <th scope="col" className="num">
                  Limit price
                </th>
                <th scope="col" className="num">
                  Notional (USDT)
                </th>
                <th scope="col">Note</th>
              </tr>
            </thead>
            <tbody>
              {plan.legs.map((leg, i) => (
                <tr key={`${leg.symbol}-${i}`}>
                  <td>{leg.symbol}</td>
                  <td>{leg.trade ? `${leg.trade.side} ${groupDecimal(leg.trade.quantity)}` : '—'}</td>
                  <td className="num">{leg.trade ? groupDecimal(leg.trade.limitPrice) : '—'}</td>
                  <td className="num">{leg.trade ? formatFixed(leg.trade.notional, 2) : '—'}</td>
                  <td className="small">
                    {leg.problem ?? `back to ${groupDecimal(leg.expected)} from ${groupDecimal(leg.actual)}`}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <span className="small">
            {trades.length} {trades.length === 1 ? 'order' : 'orders'}, {formatFixed(plan.notional, 2)} USDT,
            estimated fees {formatFixed(plan.estimatedFees, 4)} USDT, each capped at {plan.maxSlippagePercent}{' '}
            % slippage. The fills are recorded as repair trades of this position.
          </span>
          <span className="confirm-buttons">
            <button
              type="button"
              className="primary"
              autoFocus={trades.length > 0}
              disabled={busy || trades.length === 0}
              onClick={() => void run(false)}
            >
              {busy ? 'Repairing…' : 'Repair now'}
            </button>
            <button type="button" autoFocus={trades.length === 0} onClick={() => setPlan(null)}>
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
