import { memo } from 'react';
import type { Preview, PreviewLeg } from '../../../../shared/domain/preview';
import { formatFixed, formatPercent, groupDecimal } from '../../format';

const sideClass = { Buy: 'side-buy', Sell: 'side-sell' } as const;

function Orders({ leg }: { leg: PreviewLeg }) {
  if (leg.orders.length <= 1) return <>{leg.orders.length}</>;
  return <span title={`Split into ${leg.orders.map(groupDecimal).join(' + ')}`}>{leg.orders.length}</span>;
}

/** One row per leg, in rank order: what would be sent, and how close the rounding keeps each weight. */
export const PreviewLegsTable = memo(function PreviewLegsTable({ preview }: { preview: Preview }) {
  const achieved = preview.legs.reduce((total, leg) => total + leg.orders.length, 0);
  return (
    <div className="table-wrap preview-legs">
      <table className="table compact-table" aria-label="Preview legs">
        <thead>
          <tr>
            <th scope="col" className="num">
              Rank
            </th>
            <th scope="col">Symbol</th>
            <th scope="col">Side</th>
            <th scope="col" className="num">
              Index weight
            </th>
            <th scope="col" className="num">
              Target weight
            </th>
            <th scope="col" className="num">
              Achieved weight
            </th>
            <th scope="col" className="num">
              Price
            </th>
            <th scope="col" className="num">
              Quantity
            </th>
            <th scope="col" className="num">
              Notional (USDT)
            </th>
            <th scope="col" className="num">
              Orders
            </th>
            <th scope="col">Warnings</th>
          </tr>
        </thead>
        <tbody>
          {preview.legs.map((leg) => (
            <tr key={leg.symbol}>
              <td className="num">{leg.rank ?? '—'}</td>
              <td className="symbol">{leg.symbol}</td>
              <td className={sideClass[leg.side]}>{leg.side}</td>
              <td className="num">{formatPercent(leg.indexWeight)}</td>
              <td className="num">{formatPercent(leg.targetWeight)}</td>
              <td className="num">{formatPercent(leg.achievedWeight)}</td>
              <td className="num">{groupDecimal(leg.price)}</td>
              <td className="num" title={`Step ${leg.qtyStep}, minimum ${leg.minOrderQty}`}>
                {groupDecimal(leg.quantity)}
              </td>
              <td className="num">{formatFixed(leg.notional, 2)}</td>
              <td className="num">
                <Orders leg={leg} />
              </td>
              <td className="warnings">
                {leg.warnings.map((warning) => (
                  <div key={warning.code} className="warn-text small">
                    {warning.message}
                  </div>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
        {preview.legs.length > 0 && (
          <tfoot>
            <tr>
              <th scope="row" colSpan={8}>
                {preview.legs.length} leg{preview.legs.length === 1 ? '' : 's'}
              </th>
              <td className="num">{formatFixed(preview.totals.notional, 2)}</td>
              <td className="num">{achieved}</td>
              <td />
            </tr>
          </tfoot>
        )}
      </table>
    </div>
  );
});
