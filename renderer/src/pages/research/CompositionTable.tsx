import type { RebalanceEntry } from '../../../../shared/domain/backtest';
import { formatPercent, formatUsdt } from '../../format';

/** The index's composition over time: the first basket and every rebalance, who entered and who left. */
export function CompositionTable({ log }: { log: readonly RebalanceEntry[] }) {
  if (log.length === 0) return <p className="muted">No basket could be sized in this window.</p>;
  return (
    <table className="table composition-table">
      <caption className="muted small">
        Membership from the universe snapshot of each date (no look-ahead); weights as sized.
      </caption>
      <thead>
        <tr>
          <th scope="col">Date</th>
          <th scope="col">Snapshot</th>
          <th scope="col" className="num">
            Legs
          </th>
          <th scope="col">Entered</th>
          <th scope="col">Left</th>
          <th scope="col" className="num">
            Fees
          </th>
          <th scope="col" className="num">
            Turnover
          </th>
        </tr>
      </thead>
      <tbody>
        {log.map((entry, i) => (
          <tr key={entry.t}>
            <th scope="row">{entry.t}</th>
            <td>{entry.snapshotDate}</td>
            <td
              className="num"
              title={entry.legs.map((l) => `${l.symbol} ${formatPercent(l.weight)}`).join(', ')}
            >
              {entry.legs.length}
            </td>
            <td>{i === 0 ? 'first basket' : entry.entered.join(', ') || '—'}</td>
            <td>{entry.exited.join(', ') || '—'}</td>
            <td className="num">{formatUsdt(entry.fees)}</td>
            <td className="num">{formatPercent(entry.turnover)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
