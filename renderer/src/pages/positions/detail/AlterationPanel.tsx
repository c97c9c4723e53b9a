import type { Alteration, AlterationLeg } from '../../../../../shared/domain/drift';
import type { Position } from '../../../../../shared/domain/positions';
import { formatSigned, formatTimestamp, groupDecimal } from '../../../format';
import { AdoptHoldings } from './AdoptHoldings';
import { RepairPosition } from './RepairPosition';

/** The outside fills that explain a difference, in words: "Sell 0.001 @ 95,000 (by hand) 10:02". */
function outsideText(leg: AlterationLeg): string {
  if (leg.outside.length === 0) return 'none seen (before Synthex started, or a liquidation it missed)';
  return leg.outside
    .map(
      (e) =>
        `${e.side} ${groupDecimal(e.quantity)} @ ${groupDecimal(e.price)}${e.execType === 'Trade' ? '' : ` (${e.execType})`} ${formatTimestamp(e.execTime)}`,
    )
    .join('; ');
}

/**
 * What differs between Bybit and the position, per symbol: what the open positions on it should hold
 * together, what Bybit holds, the difference, the positions sharing it, and the outside fills behind it.
 * Then the ways to put it right.
 */
export function AlterationPanel({ position, alteration }: { position: Position; alteration: Alteration }) {
  return (
    <section className="detail-section alteration-panel panel" aria-label="Differences with Bybit">
      <h2>Bybit’s holdings differ</h2>
      <p className="muted small">
        Since {formatTimestamp(alteration.detectedAt)}, Bybit holds something other than what Synthex’s
        positions on these coins should hold together. A difference on a coin several positions hold is shown
        on each of them; it is not split.
      </p>
      <div className="table-wrap">
        <table className="table compact-table" aria-label="Differences">
          <thead>
            <tr>
              <th scope="col">Symbol</th>
              <th scope="col" className="num">
                Expected
              </th>
              <th scope="col" className="num">
                On Bybit
              </th>
              <th scope="col" className="num">
                Difference
              </th>
              <th scope="col">Positions on it</th>
              <th scope="col">Outside executions</th>
            </tr>
          </thead>
          <tbody>
            {alteration.legs.map((leg) => (
              <tr key={leg.symbol}>
                <td>
                  {leg.symbol}
                  {leg.mode === 'hedge' && <span className="muted small"> hedge</span>}
                </td>
                <td className="num">{groupDecimal(leg.expected)}</td>
                <td className="num">
                  {groupDecimal(leg.actual)}
                  {leg.rows && (
                    <span className="muted small">
                      {' '}
                      (long {groupDecimal(leg.rows.long.actual)}, short {groupDecimal(leg.rows.short.actual)})
                    </span>
                  )}
                </td>
                <td className="num difference">{formatSigned(leg.difference, decimalsOf(leg.difference))}</td>
                <td>{leg.positionIds.map((id) => `#${id}`).join(', ')}</td>
                <td className="small">{outsideText(leg)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="detail-actions">
        <RepairPosition position={position} />
        <AdoptHoldings position={position} />
      </div>
    </section>
  );
}

const decimalsOf = (value: string) => value.split('.')[1]?.length ?? 0;
