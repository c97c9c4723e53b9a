import type { Component, OrderState, PositionOrder } from '../../../../../shared/domain/positions';
import { DataTable, type DataColumn } from '../../../components/DataTable';
import { formatFixed, formatPercent, formatTimestamp, groupDecimal } from '../../../format';

const orderStateLabels: Record<OrderState, string> = {
  intent: 'about to send',
  accepted: 'accepted',
  unknown: 'being looked up',
  filled: 'filled',
  cancelled: 'cancelled',
  rejected: 'rejected',
};

/** The latest order's refusal of a leg, in Bybit's words, when it has one. */
function lastError(orders: readonly PositionOrder[], componentId: number): string | null {
  const mine = orders.filter((order) => order.componentId === componentId);
  const last = mine.at(-1);
  return last?.errorMessage ? `${last.errorMessage}${last.errorCode ? ` (${last.errorCode})` : ''}` : null;
}

interface LegRow {
  component: Component;
  error: string | null;
}

const columns: readonly DataColumn<LegRow>[] = [
  { key: 'symbol', label: 'Symbol', cellClassName: 'symbol', render: ({ component }) => component.symbol },
  {
    key: 'weight',
    label: 'Weight',
    numeric: true,
    render: ({ component }) => formatPercent(component.targetWeight),
  },
  {
    key: 'target',
    label: 'Target',
    numeric: true,
    render: ({ component }) => groupDecimal(component.expectedQuantity),
  },
  {
    key: 'held',
    label: 'Held',
    numeric: true,
    render: ({ component }) => groupDecimal(component.heldQuantity),
  },
  {
    key: 'entry',
    label: 'Average entry',
    numeric: true,
    render: ({ component }) =>
      component.averageEntryPrice === null ? '—' : groupDecimal(component.averageEntryPrice),
  },
  {
    key: 'fees',
    label: 'Fees (USDT)',
    numeric: true,
    render: ({ component }) => formatFixed(component.feesPaid, 4),
  },
  {
    key: 'lastFill',
    label: 'Last fill',
    render: ({ component }) => (component.lastFillAt ? formatTimestamp(component.lastFillAt) : '—'),
  },
  {
    key: 'order',
    label: 'Order',
    cellClassName: 'wrap',
    render: ({ component, error }) => (
      <>
        {component.orderState ? orderStateLabels[component.orderState] : 'none yet'}
        {error && <div className="error-text small">{error}</div>}
      </>
    ),
  },
];

/** What each leg should hold (frozen at opening), what its fills say it holds, and its latest order. */
export function ComponentsTable({
  components,
  orders,
}: {
  components: readonly Component[];
  orders: readonly PositionOrder[];
}) {
  const rows = components.map((component) => ({ component, error: lastError(orders, component.id) }));
  return (
    <DataTable
      label="Legs"
      compact
      wrap
      columns={columns}
      rows={rows}
      rowKey={({ component }) => String(component.id)}
    />
  );
}
