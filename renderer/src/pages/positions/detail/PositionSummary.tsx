import type { Position } from '../../../../../shared/domain/positions';
import { Facts } from '../../../components/Panel';
import { formatTimestamp, formatUsdt } from '../../../format';
import { LivePnl } from '../LivePnl';
import { Pnl } from '../Pnl';
import { PositionAge } from '../PositionAge';

/** The position as one thing: its size, direction, PnL and lifetime. */
export function PositionSummary({ position, now }: { position: Position; now: number }) {
  return (
    <div className="panel position-summary" role="group" aria-label="Summary">
      <Facts
        wide
        rows={[
          ['Size', <span className="num">{formatUsdt(position.usdtSize)}</span>],
          [
            'Direction',
            <span className={position.direction === 'long' ? 'side-buy' : 'side-sell'}>
              {position.direction} · {position.leverage}×
            </span>,
          ],
          ['Unrealised PnL', <LivePnl position={position} />],
          ['Realised PnL', <Pnl value={position.realizedPnl} />],
          ['Legs', position.legs],
          ['Slippage cap', `${position.maxSlippagePercent} % per leg`],
          [
            'If a leg fails',
            position.onPartialFailure === 'rollback' ? 'roll back what filled' : 'keep what filled',
          ],
          ['Exchange', position.environment],
          ['Opened', formatTimestamp(position.createdAt)],
          ['Age', <PositionAge position={position} now={now} />],
          ...(position.closedAt ? [['Closed', formatTimestamp(position.closedAt)] as [string, string]] : []),
        ]}
      />
    </div>
  );
}
