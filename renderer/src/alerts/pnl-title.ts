import type { PnlTick } from '../../../shared/domain/pnl';
import { formatSigned } from '../format';

/**
 * Headless mode: the browser tab's title carries the total PnL ("+12.34 USDT · Synthex"), so a tab in the
 * background still shows where the trader stands. The desktop window keeps its plain title (the tray has it).
 * Offline (Synthex cannot be reached), the total is the last one received: stale too.
 */
export function pnlTitle(tick: PnlTick | null, offline = false): string {
  if (!tick || tick.positions.length === 0) return 'Synthex';
  const stale = tick.total.stale || offline;
  return `${formatSigned(tick.total.unrealizedPnl, 2)} USDT${stale ? ' (stale)' : ''} · Synthex`;
}
