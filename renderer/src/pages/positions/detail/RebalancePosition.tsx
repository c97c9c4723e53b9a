import type { RebalancePlan } from '../../../../../shared/domain/drift';
import type { Position } from '../../../../../shared/domain/positions';
import { formatFixed, groupDecimal } from '../../../format';
import { DataTable, type DataColumn } from '../../../components/DataTable';
import { PlanAction } from './PlanAction';
import { usePlan } from './use-plan';

const actionLabels: Record<RebalancePlan['legs'][number]['action'], string> = {
  enter: 'buy (new in the index)',
  exit: 'sell (left the index)',
  resize: 'resize',
  keep: 'keep',
};

const columns: readonly DataColumn<RebalancePlan['legs'][number]>[] = [
  { key: 'symbol', label: 'Symbol', render: (leg) => leg.symbol },
  { key: 'action', label: 'Action', render: (leg) => actionLabels[leg.action] },
  { key: 'held', label: 'Held', numeric: true, render: (leg) => groupDecimal(leg.currentQuantity) },
  { key: 'target', label: 'Target', numeric: true, render: (leg) => groupDecimal(leg.targetQuantity) },
  {
    key: 'weight',
    label: 'Weight now → target',
    numeric: true,
    render: (leg) => `${leg.currentWeight} % → ${leg.targetWeight} %`,
  },
  {
    key: 'trade',
    label: 'Trade',
    render: (leg) =>
      leg.trade
        ? `${leg.trade.side} ${groupDecimal(leg.trade.quantity)} (${formatFixed(leg.trade.notional, 2)} USDT)`
        : '—',
  },
];

/**
 * Rebalance to the index's composition today: the preview (turnover, fees, tracking error before and
 * after, per leg what changes) is always shown first; "Rebalance now" sends it.
 */
export function RebalancePosition({ position }: { position: Position }) {
  const action = usePlan('positions.rebalance', position.id);
  const problems = action.subject?.problems.length ?? 0;
  if (position.status !== 'ACTIVE') return null;

  return (
    <PlanAction kind="rebalance" position={position} action={action} blocked={problems > 0}>
      {(plan) => (
        <>
          <DataTable label="Rebalance plan" compact columns={columns} rows={plan.legs} rowKey="symbol" />
          <span className="small">
            Turnover {formatFixed(plan.turnover, 2)} USDT, estimated fees {formatFixed(plan.estimatedFees, 4)}{' '}
            USDT, tracking error {plan.trackingErrorBefore} % → {plan.trackingErrorAfter} %.
          </span>
          {plan.problems.length > 0 && (
            <span className="error-text" role="alert">
              {plan.problems.join(' ')}
            </span>
          )}
        </>
      )}
    </PlanAction>
  );
}
