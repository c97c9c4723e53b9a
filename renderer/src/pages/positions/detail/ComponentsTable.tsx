import type { Component, OrderState, PositionOrder } from '../../../../../shared/domain/positions';
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

/** What each leg should hold (frozen at opening), what its fills say it holds, and its latest order. */
export function ComponentsTable({
  components,
  orders,
}: {
  components: readonly Component[];
  orders: readonly PositionOrder[];
}) {
  return (
    <div className="table-wrap">
      <table className="table compact-table" aria-label="Legs">
        <thead>
          <tr>
            <th scope="col">Symbol</th>
            <th scope="col" className="num">
              Weight
            </th>
            <th scope="col" className="num">
              Target
            </th>
            <th scope="col" className="num">
              Held
            </th>
            <th scope="col" className="num">
              Average entry
            </th>
            <th scope="col" className="num">
              Fees (USDT)
            </th>
            <th scope="col">Last fill</th>
            <th scope="col">Order</th>
          </tr>
        </thead>
        <tbody>
          {components.map((component) => {
            const error = lastError(orders, component.id);
            return (
              <tr key={component.id}>
                <td className="symbol">{component.symbol}</td>
                <td className="num">{formatPercent(component.targetWeight)}</td>
                <td className="num">{groupDecimal(component.expectedQuantity)}</td>
                <td className="num">{groupDecimal(component.heldQuantity)}</td>
                <td className="num">
                  {component.averageEntryPrice === null ? '—' : groupDecimal(component.averageEntryPrice)}
                </td>
                <td className="num">{formatFixed(component.feesPaid, 4)}</td>
                <td>{component.lastFillAt ? formatTimestamp(component.lastFillAt) : '—'}</td>
                <td className="wrap">
                  {component.orderState ? orderStateLabels[component.orderState] : 'none yet'}
                  {error && <div className="error-text small">{error}</div>}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
