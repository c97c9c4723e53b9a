import type { RepairPlan } from '../../../../../shared/domain/drift';
import type { Position } from '../../../../../shared/domain/positions';
import { formatFixed, groupDecimal } from '../../../format';
import { DataTable, type DataColumn } from '../../../components/DataTable';
import { PlanAction } from './PlanAction';
import { usePlan } from './use-plan';

const columns: readonly DataColumn<RepairPlan['legs'][number]>[] = [
  { key: 'symbol', label: 'Symbol', render: (leg) => leg.symbol },
  {
    key: 'trade',
    label: 'Trade',
    render: (leg) => (leg.trade ? `${leg.trade.side} ${groupDecimal(leg.trade.quantity)}` : '—'),
  },
  {
    key: 'limit',
    label: 'Limit price',
    numeric: true,
    render: (leg) => (leg.trade ? groupDecimal(leg.trade.limitPrice) : '—'),
  },
  {
    key: 'notional',
    label: 'Notional (USDT)',
    numeric: true,
    render: (leg) => (leg.trade ? formatFixed(leg.trade.notional, 2) : '—'),
  },
  {
    key: 'note',
    label: 'Note',
    cellClassName: 'small',
    render: (leg) => leg.problem ?? `back to ${groupDecimal(leg.expected)} from ${groupDecimal(leg.actual)}`,
  },
];

/**
 * Repair: the plan is always fetched and shown first (`positions.repair` with preview: nothing is sent),
 * and only "Repair now" sends it. The core plans again with fresh prices when it sends.
 */
export function RepairPosition({ position }: { position: Position }) {
  const action = usePlan('positions.repair', position.id);
  const trades = action.subject?.legs.filter((leg) => leg.trade) ?? [];
  return (
    <PlanAction kind="repair" position={position} action={action} blocked={trades.length === 0}>
      {(plan) => (
        <>
          <DataTable
            label="Repair plan"
            compact
            columns={columns}
            rows={plan.legs}
            rowKey={(leg, i) => `${leg.symbol}-${i}`}
          />
          <span className="small">
            {trades.length} {trades.length === 1 ? 'order' : 'orders'}, {formatFixed(plan.notional, 2)} USDT,
            estimated fees {formatFixed(plan.estimatedFees, 4)} USDT, each capped at {plan.maxSlippagePercent}{' '}
            % slippage. The fills are recorded as repair trades of this position.
          </span>
        </>
      )}
    </PlanAction>
  );
}
