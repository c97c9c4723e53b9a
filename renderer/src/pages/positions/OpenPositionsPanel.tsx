import { useEffect } from 'react';
import { EmptyState } from '../../components/EmptyState';
import { Panel } from '../../components/Panel';
import { usePositions } from '../../store/positions-store';
import { AccountBadge, AlteredBadge } from './AlteredBadge';
import { LivePnl, LivePnlPercent } from './LivePnl';
import { positionHref } from '../../../../shared/routes/position-route';
import { StatusChip } from './StatusChip';

/** The dashboard's view of the positions that are not over yet, each one link away from its detail. */
export function OpenPositionsPanel() {
  const positions = usePositions((state) => state.positions);
  useEffect(() => {
    void usePositions.getState().load();
  }, []);
  const open = (positions ?? []).filter((p) => p.status !== 'CLOSED' && p.status !== 'FAILED');
  return (
    <Panel
      title="Synthetic positions"
      aside={
        <a href="#/positions/new" aria-keyshortcuts="N">
          New position (N)
        </a>
      }
    >
      {open.length === 0 ? (
        <EmptyState title="No open positions">
          Open a basket of USDT perpetuals — for example the ten largest coins by market cap — from one USDT
          amount, and follow it here as one position with one PnL.
        </EmptyState>
      ) : (
        <ul className="open-positions">
          {open.map((position) => (
            <li key={position.id}>
              <StatusChip status={position.status} />
              <a href={positionHref(position.id)}>
                #{position.id} {position.indexName}
              </a>
              <AlteredBadge altered={position.isAltered} />
              <AccountBadge mismatch={position.accountMismatch} />
              <span className="muted">
                {position.direction} {position.usdtSize} USDT
              </span>
              <LivePnl position={position} /> <LivePnlPercent position={position} />
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
}
