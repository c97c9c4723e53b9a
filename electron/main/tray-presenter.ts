import type { EventName, EventPayload } from '../../shared/contract';
import { Coalescer, systemTimers, type CoalescerClock } from '../core/pnl/coalescer';
import { trayView, type TrayState, type TrayView } from '../core/pnl/tray-view';

/**
 * Feeds the tray from core events: the latest pnl.tick, the update state and whether alerts are paused go
 * into one TrayState, and the tray is redrawn at most 4 times a second (a tick storm costs nothing extra).
 */
export class TrayPresenter {
  private state: TrayState;
  private readonly coalescer: Coalescer;

  constructor(
    private readonly render: (view: TrayView) => void,
    initial: { alertsPaused: boolean },
    clock: CoalescerClock = systemTimers,
  ) {
    this.state = { pnl: null, alertsPaused: initial.alertsPaused, updateReady: null };
    this.coalescer = new Coalescer(250, () => this.render(trayView(this.state)), clock);
  }

  view(): TrayView {
    return trayView(this.state);
  }

  /** Give every core event here; the ones the tray shows change its state. */
  onEvent(event: EventName, payload: unknown): void {
    if (event === 'pnl.tick') this.set({ pnl: payload as EventPayload<'pnl.tick'> });
    if (event === 'updates.state') {
      const { state } = payload as EventPayload<'updates.state'>;
      this.set({ updateReady: state.kind === 'ready' ? state.version : null });
    }
  }

  setAlertsPaused(paused: boolean): void {
    this.set({ alertsPaused: paused });
  }

  stop(): void {
    this.coalescer.stop();
  }

  private set(patch: Partial<TrayState>): void {
    this.state = { ...this.state, ...patch };
    this.coalescer.request();
  }
}
