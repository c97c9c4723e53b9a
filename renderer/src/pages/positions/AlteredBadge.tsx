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
