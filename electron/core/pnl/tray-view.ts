import { Dec } from '../../../shared/decimal';
import type { PnlTick } from '../../../shared/domain/pnl';

export type TrayIconVariant = 'up' | 'down' | 'flat';

export type TrayAction =
  | { kind: 'open' }
  | { kind: 'openPosition'; positionId: number }
  | { kind: 'pauseAlerts' }
  | { kind: 'resumeAlerts' }
  | { kind: 'restartToUpdate' }
  | { kind: 'quit' };

export type TrayMenuLine =
  | { type: 'label'; label: string }
  | { type: 'item'; label: string; action: TrayAction }
  | { type: 'separator' };

/** Everything the tray shows; electron/main only renders it (TrayManager.update(view), as rotki does). */
export interface TrayView {
  /** Next to the icon in the macOS menu bar ("" when nothing is open). */
  title: string;
  tooltip: string;
  icon: TrayIconVariant;
  menu: TrayMenuLine[];
}

export interface TrayState {
  pnl: PnlTick | null;
  alertsPaused: boolean;
  /** The version a restart would install, or null. */
  updateReady: string | null;
}

/** "+12.34", "-5.00", "0.00": two decimals, always signed unless zero, thousands grouped. */
export function signedAmount(value: string | Dec): string {
  const rounded = new Dec(value).toDecimalPlaces(2);
  const [whole, fraction] = rounded.abs().toFixed(2).split('.');
  const grouped = whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const sign = rounded.isZero() ? '' : rounded.isNegative() ? '-' : '+';
  return `${sign}${grouped}.${fraction}`;
}

/** The icon follows the sign of the total as shown (to the cent): a figure that reads 0.00 is flat. */
export function iconFor(total: string | Dec): TrayIconVariant {
  const rounded = new Dec(total).toDecimalPlaces(2);
  return rounded.isZero() ? 'flat' : rounded.isPositive() ? 'up' : 'down';
}

/**
 * The tray view of the live PnL: a pure function of the latest pnl.tick, whether alerts are paused and
 * whether an update waits. One menu line per ACTIVE position (name, PnL, %), clicked to open its page;
 * an altered position is marked, a stale figure says so.
 */
export function trayView(state: TrayState): TrayView {
  const pnl = state.pnl;
  const positions = pnl?.positions ?? [];
  const total = pnl?.total.unrealizedPnl ?? '0';
  const stale = pnl?.total.stale ?? false;
  const totalText = `${signedAmount(total)} USDT (${signedAmount(pnl?.total.percent ?? '0')} %)`;
  const count = positions.length === 1 ? '1 active position' : `${positions.length} active positions`;
  const menu: TrayMenuLine[] = [
    {
      type: 'label',
      label:
        positions.length === 0 ? 'No active positions' : `Total PnL ${totalText}${stale ? ' · stale' : ''}`,
    },
    ...positions.map((position): TrayMenuLine => ({
      type: 'item',
      label: [
        `${position.name} #${position.id}`,
        `${signedAmount(position.unrealizedPnl)} USDT`,
        `${signedAmount(position.percent)} %`,
        ...(position.isAltered ? ['⚠ altered'] : []),
        // Armed rules ("SL −2 % · TP +5 %"), or the one that fired (docs/risk.md).
        ...(position.risk ? [position.risk] : []),
        ...(position.stale ? ['stale'] : []),
      ].join('  '),
      action: { kind: 'openPosition', positionId: position.id },
    })),
    { type: 'separator' },
    { type: 'item', label: 'Open Synthex', action: { kind: 'open' } },
    state.alertsPaused
      ? { type: 'item', label: 'Resume alerts', action: { kind: 'resumeAlerts' } }
      : { type: 'item', label: 'Pause alerts', action: { kind: 'pauseAlerts' } },
    ...(state.updateReady
      ? [
          {
            type: 'item',
            label: `Restart to update (${state.updateReady})`,
            action: { kind: 'restartToUpdate' },
          } as TrayMenuLine,
        ]
      : []),
    { type: 'separator' },
    { type: 'item', label: 'Quit', action: { kind: 'quit' } },
  ];
  return {
    title: positions.length === 0 ? '' : signedAmount(total),
    tooltip:
      positions.length === 0
        ? 'Synthex: no active positions'
        : `Synthex: PnL ${totalText}, ${count}${stale ? ' (prices stale)' : ''}${state.alertsPaused ? ', alerts paused' : ''}`,
    icon: positions.length === 0 ? 'flat' : iconFor(total),
    menu,
  };
}
