import type { Position } from '../../../../shared/domain/positions';
import { usePnl } from '../../store/pnl-store';
import { Pnl } from './Pnl';

/** "stale" beside a figure whose prices stopped: never a silently old number. */
export function StaleMarker({ stale }: { stale: boolean }) {
  if (!stale) return null;
  return (
    <span className="stale-marker" title="No market data for 30 seconds: this figure is not live.">
      stale
    </span>
  );
}

/**
 * An ACTIVE position's unrealised PnL as the live engine has it (this component alone re-renders on a
 * tick); any other position shows what was stored.
 */
export function LivePnl({ position }: { position: Position }) {
  const live = usePnl((state) => (position.status === 'ACTIVE' ? state.byId[position.id] : undefined));
  if (!live) return <Pnl value={position.unrealizedPnl} />;
  return (
    <span className="live-pnl" data-position-pnl={position.id}>
      <Pnl value={live.unrealizedPnl} /> <StaleMarker stale={live.stale} />
    </span>
  );
}
