import type { DroppedLeg, Preview } from '../../../../shared/domain/preview';
import { DataTable, type DataColumn } from '../../components/DataTable';
import { formatFixed, formatPercent, groupDecimal } from '../../format';

const columns: readonly DataColumn<DroppedLeg>[] = [
  { key: 'rank', label: 'Rank', numeric: true, render: (leg) => leg.rank ?? '—' },
  { key: 'symbol', label: 'Symbol', cellClassName: 'symbol', render: (leg) => leg.symbol },
  { key: 'index', label: 'Index weight', numeric: true, render: (leg) => formatPercent(leg.indexWeight) },
  { key: 'quantity', label: 'Quantity', numeric: true, render: (leg) => groupDecimal(leg.quantity) },
  { key: 'notional', label: 'Notional (USDT)', numeric: true, render: (leg) => formatFixed(leg.notional, 2) },
  {
    key: 'reason',
    label: 'Reason',
    cellClassName: 'warn-text wrap reason',
    render: (leg) => leg.reason.message,
  },
];

/**
 * Constituents left out at this size, by rank, each with its reason: they must stand out, not hide in a
 * note. The reason wraps, so the table fits its frame instead of scrolling the reason out of sight.
 */
export function DroppedLegs({ preview }: { preview: Preview }) {
  if (preview.dropped.length === 0) return null;
  const count = preview.dropped.length;
  return (
    <section className="dropped-legs" aria-label="Dropped legs">
      <h3 className="warn-text">
        {count} leg{count === 1 ? '' : 's'} dropped
        {preview.renormalised && <span className="muted small"> · the other weights were scaled up</span>}
      </h3>
      <DataTable label="Dropped legs" compact wrap columns={columns} rows={preview.dropped} rowKey="symbol" />
    </section>
  );
}
