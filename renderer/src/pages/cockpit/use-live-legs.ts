import { useEffect } from 'react';
import { defaultLiquidationDistancePercent } from '../../../../shared/domain/settings';
import { useSettings } from '../../store/settings-store';

/** How often an open position's legs are read again while its page is shown. */
const legRefreshMs = 3_000;

/** Reads positions.get again every few seconds while the position is live (marks and liquidation move). */
export function useLiveLegs(status: string | undefined, reload: () => void): void {
  const live = status === 'ACTIVE' || status === 'CLOSING';
  useEffect(() => {
    if (!live) return;
    const timer = setInterval(reload, legRefreshMs);
    return () => clearInterval(timer);
  }, [live, reload]);
}

/** The liquidation-risk distance of Settings → Alerts (in %), 10 when it is off or not read yet. */
export function useLiquidationDistance(): string {
  const percent = useSettings((state) => state.view?.settings.alerts.liquidationDistancePercent ?? null);
  return String(percent ?? defaultLiquidationDistancePercent);
}
