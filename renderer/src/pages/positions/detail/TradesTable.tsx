import { orderSideOf, type Trade } from '../../../../../shared/domain/positions';
import { DataTable, type DataColumn } from '../../../components/DataTable';
import { formatTimestamp, groupDecimal } from '../../../format';

/** What each fill was for, in words: Bybit's own executions and legs closed outside say so. */
const tradeKindLabels: Record<Trade['kind'], string> = {
  open: 'open',
  close: 'close',
  repair: 'repair',
  rebalance: 'rebalance',
  adopt: 'adopt',
  liquidation: 'liquidation',
  adl: 'auto-deleveraging',
  delivery: 'delivery',
  outside: 'closed outside',
};

const columns: readonly DataColumn<Trade>[] = [
  { key: 'time', label: 'Time', render: (trade) => formatTimestamp(trade.timestamp) },
  { key: 'kind', label: 'Kind', render: (trade) => tradeKindLabels[trade.kind] },
  { key: 'symbol', label: 'Symbol', cellClassName: 'symbol', render: (trade) => trade.symbol },
  {
    key: 'side',
    label: 'Side',
    cellClassName: (trade) => (trade.side === 'Long' ? 'side-buy' : 'side-sell'),
    render: (trade) => orderSideOf(trade.side),
  },
  { key: 'price', label: 'Price', numeric: true, render: (trade) => groupDecimal(trade.price) },
  { key: 'quantity', label: 'Quantity', numeric: true, render: (trade) => groupDecimal(trade.quantity) },
  {
    key: 'fee',
    label: 'Fee',
    numeric: true,
    render: (trade) => `${groupDecimal(trade.fee)} ${trade.feeCurrency}`,
  },
  {
    key: 'execId',
    label: 'Execution id',
    cellClassName: 'muted small exec-id',
    render: (trade) => trade.execId,
  },
];

/** Every Bybit execution of the position, oldest first: the record its holdings and PnL come from. */
export function TradesTable({ trades }: { trades: readonly Trade[] }) {
  return (
    <DataTable
      label="Trades"
      compact
      wrap
      columns={columns}
      rows={trades}
      rowKey="id"
      empty="No fills yet."
    />
  );
}
