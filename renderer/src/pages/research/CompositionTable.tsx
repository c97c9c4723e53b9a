import type { RebalanceEntry } from '../../../../shared/domain/backtest';
import { DataTable, type DataColumn } from '../../components/DataTable';
import { formatPercent, formatUsdt } from '../../format';

const columns: readonly DataColumn<RebalanceEntry>[] = [
  { key: 'date', label: 'Date', rowHeader: true, render: (entry) => entry.t },
  { key: 'snapshot', label: 'Snapshot', render: (entry) => entry.snapshotDate },
  {
    key: 'legs',
    label: 'Legs',
    numeric: true,
    cellTitle: (entry) => entry.legs.map((l) => `${l.symbol} ${formatPercent(l.weight)}`).join(', '),
    render: (entry) => entry.legs.length,
  },
  {
    key: 'entered',
    label: 'Entered',
    render: (entry, i) => (i === 0 ? 'first basket' : entry.entered.join(', ') || '—'),
  },
  { key: 'left', label: 'Left', render: (entry) => entry.exited.join(', ') || '—' },
  { key: 'fees', label: 'Fees', numeric: true, render: (entry) => formatUsdt(entry.fees) },
  { key: 'turnover', label: 'Turnover', numeric: true, render: (entry) => formatPercent(entry.turnover) },
];

/** The index's composition over time: the first basket and every rebalance, who entered and who left. */
export function CompositionTable({ log }: { log: readonly RebalanceEntry[] }) {
  return (
    <DataTable
      className="composition-table"
      caption="Membership from the universe snapshot of each date (no look-ahead); weights as sized."
      columns={columns}
      rows={log}
      rowKey="t"
      empty="No basket could be sized in this window."
    />
  );
}
