import { memo } from 'react';
import type { Preview, PreviewLeg } from '../../../../shared/domain/preview';
import { DataTable, type DataColumn } from '../../components/DataTable';
import { formatFixed, formatPercent, groupDecimal } from '../../format';

const sideClass = { Buy: 'side-buy', Sell: 'side-sell' } as const;

function Orders({ leg }: { leg: PreviewLeg }) {
  if (leg.orders.length <= 1) return <>{leg.orders.length}</>;
  return <span title={`Split into ${leg.orders.map(groupDecimal).join(' + ')}`}>{leg.orders.length}</span>;
}

const columns: readonly DataColumn<PreviewLeg>[] = [
  { key: 'rank', label: 'Rank', numeric: true, render: (leg) => leg.rank ?? '—' },
  { key: 'symbol', label: 'Symbol', cellClassName: 'symbol', render: (leg) => leg.symbol },
  { key: 'side', label: 'Side', cellClassName: (leg) => sideClass[leg.side], render: (leg) => leg.side },
  { key: 'index', label: 'Index weight', numeric: true, render: (leg) => formatPercent(leg.indexWeight) },
  { key: 'target', label: 'Target weight', numeric: true, render: (leg) => formatPercent(leg.targetWeight) },
  {
    key: 'achieved',
    label: 'Achieved weight',
    numeric: true,
    render: (leg) => formatPercent(leg.achievedWeight),
  },
  { key: 'price', label: 'Price', numeric: true, render: (leg) => groupDecimal(leg.price) },
  {
    key: 'quantity',
    label: 'Quantity',
    numeric: true,
    cellTitle: (leg) => `Step ${leg.qtyStep}, minimum ${leg.minOrderQty}`,
    render: (leg) => groupDecimal(leg.quantity),
  },
  { key: 'notional', label: 'Notional (USDT)', numeric: true, render: (leg) => formatFixed(leg.notional, 2) },
  { key: 'orders', label: 'Orders', numeric: true, render: (leg) => <Orders leg={leg} /> },
  {
    key: 'warnings',
    label: 'Warnings',
    cellClassName: 'warnings',
    render: (leg) =>
      leg.warnings.map((warning) => (
        <div key={warning.code} className="warn-text small">
          {warning.message}
        </div>
      )),
  },
];

/** One row per leg, in rank order: what would be sent, and how close the rounding keeps each weight. */
export const PreviewLegsTable = memo(function PreviewLegsTable({ preview }: { preview: Preview }) {
  const { legs } = preview;
  const achieved = legs.reduce((total, leg) => total + leg.orders.length, 0);
  return (
    <DataTable
      label="Preview legs"
      compact
      wrap="preview-legs"
      columns={columns}
      rows={legs}
      rowKey="symbol"
      footer={
        legs.length > 0 && (
          <tr>
            <th scope="row" colSpan={8}>
              {legs.length} leg{legs.length === 1 ? '' : 's'}
            </th>
            <td className="num">{formatFixed(preview.totals.notional, 2)}</td>
            <td className="num">{achieved}</td>
            <td />
          </tr>
        )
      }
    />
  );
});
