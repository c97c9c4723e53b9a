import type { Position } from '../../../../shared/domain/positions';
import { formatUsdt } from '../../format';
import { AccountBadge, AlteredBadge, RiskBadge } from './AlteredBadge';
import { LivePnl } from './LivePnl';
import { Pnl } from './Pnl';
import { SparklineCell, useSparklineHistory } from './SparklineCell';
import { positionHref } from '../../../../shared/routes/position-route';
import { PositionAge } from './PositionAge';
import { StatusChip } from './StatusChip';

/**
 * One row per synthetic position, newest first. The index name links to the detail, so Tab walks the
 * rows and Enter opens one.
 */
export function PositionsTable({ positions, now }: { positions: readonly Position[]; now: number }) {
  const history = useSparklineHistory(positions);
  return (
    <div className="table-wrap">
      <table className="table positions-table" aria-label="Positions">
        <thead>
          <tr>
            <th scope="col">Status</th>
            <th scope="col">Index</th>
            <th scope="col">Direction</th>
            <th scope="col" className="num">
              Size
            </th>
            <th scope="col" className="num">
              Realised PnL
            </th>
            <th scope="col" className="num">
              Unrealised PnL
            </th>
            <th scope="col">Last 24 h</th>
            <th scope="col">Age</th>
          </tr>
        </thead>
        <tbody>
          {positions.map((position) => (
            <tr key={position.id}>
              <td>
                <StatusChip status={position.status} /> <AlteredBadge altered={position.isAltered} />{' '}
                <AccountBadge mismatch={position.accountMismatch} /> <RiskBadge positionId={position.id} />
              </td>
              <td>
                <a href={positionHref(position.id)}>
                  #{position.id} {position.indexName}
                </a>
                <span className="muted small"> · {position.legs} legs</span>
              </td>
              <td className={position.direction === 'long' ? 'side-buy' : 'side-sell'}>
                {position.direction} {position.leverage}×
              </td>
              <td className="num">{formatUsdt(position.usdtSize)}</td>
              <td className="num">
                <Pnl value={position.realizedPnl} />
              </td>
              <td className="num">
                <LivePnl position={position} />
              </td>
              <td>
                <SparklineCell position={position} points={history.get(position.id)} />
              </td>
              <td>
                <PositionAge position={position} now={now} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
