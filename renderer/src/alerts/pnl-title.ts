import type { PnlTick } from '../../../shared/domain/pnl';
import { formatSigned } from '../format';

/**
 * Headless mode: the browser tab's title carries the total PnL ("+12.34 USDT · Synthex"), so a tab in the
 * background still shows where the trader stands. The desktop window keeps its plain title (the tray has it).
 */
export function pnlTitle(tick: PnlTick | null): string {
  if (!tick || tick.positions.length === 0) return 'Synthex';
  return `${formatSigned(tick.total.unrealizedPnl, 2)} USDT${tick.total.stale ? ' (stale)' : ''} · Synthex`;
}
