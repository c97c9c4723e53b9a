import type { RepairPlan } from '../../../../../shared/domain/drift';
import type { Position } from '../../../../../shared/domain/positions';
import { api } from '../../../api/client';
import { formatFixed, groupDecimal } from '../../../format';
import { showPosition } from '../../../store/positions-store';
import { Confirm } from '../../../components/Confirm';
import { FormStatus } from '../../../components/FormStatus';
import { useConfirmation } from '../../../components/use-confirmation';

/**
 * Repair: the plan is always fetched and shown first (`positions.repair` with preview: nothing is sent),
 * and only "Repair now" sends it. The core plans again with fresh prices when it sends.
 */
export function RepairPosition({ position }: { position: Position }) {
  const action = useConfirmation<RepairPlan>();
  const { subject: plan, busy } = action;
  const blocked = position.status !== 'ACTIVE' || position.pendingAction !== null;

  const run = (preview: boolean) =>
    action.run(async () => {
      const answer = await api.invoke(
        'positions.repair',
        preview ? { id: position.id, preview: true } : { id: position.id },
      );
      showPosition(answer.position);
      action.open(preview ? answer.plan : null);
    });

  const trades = plan?.legs.filter((leg) => leg.trade) ?? [];
  return (
    // Open, the plan takes its own row under the buttons (action-open), not the space beside them.
    <div className={plan ? 'repair-position action-open' : 'repair-position'}>
      {!plan && (
        <button ref={action.opener} type="button" disabled={blocked || busy} onClick={() => void run(true)}>
          {position.pendingAction === 'repair' ? 'Repairing…' : busy ? 'Planning…' : 'Repair…'}
        </button>
      )}
      {plan && (
        <Confirm
          label="Confirm repair"
          confirmLabel="Repair now"
          busyLabel="Repairing…"
          layout="plan"
          busy={busy}
          blocked={trades.length === 0}
          onConfirm={() => run(false)}
          onCancel={action.close}
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
        </Confirm>
      )}
      <FormStatus error={action.error} />
    </div>
  );
}
