import { usePnl } from '../../store/pnl-store';

/** Bybit's holdings no longer match what the position should hold; the detail says how. */
export function AlteredBadge({ altered }: { altered: boolean }) {
  if (!altered) return null;
  return (
    <span className="badge badge-warn" title="Bybit’s real holdings no longer match this position’s legs">
      altered
    </span>
  );
}

/** The position lives on another Bybit account than its profile's key: nothing is sent for it. */
export function AccountBadge({ mismatch }: { mismatch: string | null }) {
  if (!mismatch) return null;
  return (
    <span className="badge badge-bad" title={mismatch}>
      other account
    </span>
  );
}

/**
 * Risk rules are armed on the position (docs/risk.md): the live engine's one-line summary ("SL −2 % · TP
 * +5 %", or what fired) is the title. Shown while the PnL engine follows the position.
 */
export function RiskBadge({ positionId }: { positionId: number }) {
  const summary = usePnl((state) => state.byId[positionId]?.risk);
  if (!summary) return null;
  return (
    <span className="badge" title={summary} aria-label={`Risk rules: ${summary}`}>
      ⛨ rules
    </span>
  );
}
