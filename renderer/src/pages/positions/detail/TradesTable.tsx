import { orderSideOf, type Trade } from '../../../../../shared/domain/positions';
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

/** Every Bybit execution of the position, oldest first: the record its holdings and PnL come from. */
export function TradesTable({ trades }: { trades: readonly Trade[] }) {
  if (trades.length === 0) return <p className="muted">No fills yet.</p>;
  return (
    <div className="table-wrap">
      <table className="table compact-table" aria-label="Trades">
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Kind</th>
            <th scope="col">Symbol</th>
            <th scope="col">Side</th>
            <th scope="col" className="num">
              Price
            </th>
            <th scope="col" className="num">
              Quantity
            </th>
            <th scope="col" className="num">
              Fee
            </th>
            <th scope="col">Execution id</th>
          </tr>
        </thead>
        <tbody>
          {trades.map((trade) => (
            <tr key={trade.id}>
              <td>{formatTimestamp(trade.timestamp)}</td>
              <td>{tradeKindLabels[trade.kind]}</td>
              <td className="symbol">{trade.symbol}</td>
              <td className={trade.side === 'Long' ? 'side-buy' : 'side-sell'}>{orderSideOf(trade.side)}</td>
              <td className="num">{groupDecimal(trade.price)}</td>
              <td className="num">{groupDecimal(trade.quantity)}</td>
              <td className="num">
                {groupDecimal(trade.fee)} {trade.feeCurrency}
              </td>
              <td className="muted small exec-id">{trade.execId}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
