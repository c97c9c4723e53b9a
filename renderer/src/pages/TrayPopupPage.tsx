import { useEffect } from 'react';
import { usePnl } from '../store/pnl-store';
import { Pnl } from './positions/Pnl';
import { StaleMarker } from './positions/LivePnl';
import { formatSigned } from '../format';
import { positionHref } from '../../../shared/routes/position-route';

/**
 * The desktop's tray popup (`#/tray-popup`): the ACTIVE positions live, in a small frameless window next
 * to the tray icon. It is the same sandboxed renderer and contract as the main window; main shows and
 * hides it. Each line links to the position's page, which opens in the main window.
 */
export function TrayPopupPage() {
  const tick = usePnl((state) => state.tick);
  useEffect(() => {
    void usePnl.getState().load();
  }, []);
  const positions = tick?.positions ?? [];
  return (
    <main className="tray-popup">
      <header>
        <strong>Synthex</strong>
        {tick && (
          <span className="tray-total">
            <span className="muted">Total</span> <Pnl value={tick.total.unrealizedPnl} /> USDT{' '}
            <StaleMarker stale={tick.total.stale} />
          </span>
        )}
      </header>
      {positions.length === 0 ? (
        <p className="muted">No active positions.</p>
      ) : (
        <ul>
          {positions.map((position) => (
            <li key={position.id}>
              <a href={positionHref(position.id)}>
                <span>
                  #{position.id} {position.name}
                  {position.isAltered && <span className="badge-altered"> altered</span>}
                </span>
                <span>
                  <Pnl value={position.unrealizedPnl} /> USDT{' '}
                  <span className="muted small">{formatSigned(position.percent, 2)} %</span>{' '}
                  <StaleMarker stale={position.stale} />
                </span>
              </a>
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
