import type { Alteration, AlterationLeg } from '../../../../../shared/domain/drift';
import type { Position } from '../../../../../shared/domain/positions';
import { DataTable, type DataColumn } from '../../../components/DataTable';
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

const decimalsOf = (value: string) => value.split('.')[1]?.length ?? 0;

const columns: readonly DataColumn<AlterationLeg>[] = [
  {
    key: 'symbol',
    label: 'Symbol',
    render: (leg) => (
      <>
        {leg.symbol}
        {leg.mode === 'hedge' && <span className="muted small"> hedge</span>}
      </>
    ),
  },
  { key: 'expected', label: 'Expected', numeric: true, render: (leg) => groupDecimal(leg.expected) },
  {
    key: 'actual',
    label: 'On Bybit',
    numeric: true,
    render: (leg) => (
      <>
        {groupDecimal(leg.actual)}
        {leg.rows && (
          <span className="muted small">
            {' '}
            (long {groupDecimal(leg.rows.long.actual)}, short {groupDecimal(leg.rows.short.actual)})
          </span>
        )}
      </>
    ),
  },
  {
    key: 'difference',
    label: 'Difference',
    numeric: true,
    cellClassName: 'difference',
    render: (leg) => formatSigned(leg.difference, decimalsOf(leg.difference)),
  },
  {
    key: 'positions',
    label: 'Positions on it',
    render: (leg) => leg.positionIds.map((id) => `#${id}`).join(', '),
  },
  { key: 'outside', label: 'Outside executions', cellClassName: 'small', render: outsideText },
];

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
      <DataTable label="Differences" compact wrap columns={columns} rows={alteration.legs} rowKey="symbol" />
      <div className="detail-actions">
        <RepairPosition position={position} />
        <AdoptHoldings position={position} />
      </div>
    </section>
  );
}
