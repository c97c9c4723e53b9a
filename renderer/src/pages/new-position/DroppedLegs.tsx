import type { Preview } from '../../../../shared/domain/preview';
import { formatFixed, formatPercent, groupDecimal } from '../../format';

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
      <div className="table-wrap">
        <table className="table compact-table" aria-label="Dropped legs">
          <thead>
            <tr>
              <th scope="col" className="num">
                Rank
              </th>
              <th scope="col">Symbol</th>
              <th scope="col" className="num">
                Index weight
              </th>
              <th scope="col" className="num">
                Quantity
              </th>
              <th scope="col" className="num">
                Notional (USDT)
              </th>
              <th scope="col">Reason</th>
            </tr>
          </thead>
          <tbody>
            {preview.dropped.map((leg) => (
              <tr key={leg.symbol}>
                <td className="num">{leg.rank ?? '—'}</td>
                <td className="symbol">{leg.symbol}</td>
                <td className="num">{formatPercent(leg.indexWeight)}</td>
                <td className="num">{groupDecimal(leg.quantity)}</td>
                <td className="num">{formatFixed(leg.notional, 2)}</td>
                <td className="warn-text wrap reason">{leg.reason.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
