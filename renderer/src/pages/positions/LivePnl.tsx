import type { Position } from '../../../../shared/domain/positions';
import { useOffline } from '../../store/connection-store';
import { usePnl } from '../../store/pnl-store';
import { formatSigned } from '../../format';
import { Pnl } from './Pnl';

/**
 * "stale" beside a figure whose prices stopped, or any live figure while Synthex cannot be reached (then
 * no tick or status change can arrive): never a silently old number.
 */
export function StaleMarker({ stale }: { stale: boolean }) {
  const offline = useOffline();
  if (!stale && !offline) return null;
  return (
    <span
      className="stale-marker"
      title={
        offline
          ? 'Synthex cannot be reached: this is the last value received, not a live one.'
          : 'No market data for 30 seconds: this figure is not live.'
      }
    >
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

/** The live unrealised PnL as a % of the position's size ("+1.25 %"), for the Dashboard's list. */
export function LivePnlPercent({ position }: { position: Position }) {
  const percent = usePnl((state) =>
    position.status === 'ACTIVE' ? (state.byId[position.id]?.percent ?? null) : null,
  );
  if (percent === null) return null;
  return <span className="muted num">({formatSigned(percent, 2)} %)</span>;
}
