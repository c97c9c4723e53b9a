import { SynthexError } from '../../../shared/contract';
import type { UpdateChannel } from '../../../shared/domain/settings';
import type { UpdateState, UpdatesStatus } from '../../../shared/domain/updates';
import type { Logger } from '../util/logger';
import { redactText } from '../util/redact';
import type { UpdateBackend } from './update-backend';

/** Why a restart must wait (a position is EXECUTING or CLOSING), or null when nothing is in flight. */
export type RestartGuard = () => Promise<string | null>;

export interface UpdateServiceOptions {
  /** Null when updates are off here; `disabledReason` then says why (shown in System and Settings). */
  backend: UpdateBackend | null;
  disabledReason: string | null;
  currentVersion: string;
  channel: () => UpdateChannel;
  restartGuard: RestartGuard;
  logger: Logger;
  /** Every state change, for the `updates.state` event. */
  onChange: (status: UpdatesStatus) => void;
  /** How often to check after the one at start. */
  intervalMs?: number;
  now?: () => Date;
  setInterval?: (run: () => void, ms: number) => { unref?(): void };
  clearInterval?: (timer: unknown) => void;
}

export const checkIntervalMs = 6 * 60 * 60 * 1000;

/**
 * The auto-update state machine (after VS Code's AbstractUpdateService): it checks at start and every
 * 6 h, downloads a newer version in the background with progress, then waits in `ready` for the trader
 * to choose "Restart to update". It never restarts on its own, and refuses a restart while the guard
 * says a position is being opened or closed. A failed check is a state (`error`), never a failed start.
 */
export class UpdateService {
  private state: UpdateState;
  private lastCheckedAt: Date | null = null;
  private availableVersion: string | null = null;
  private running: Promise<void> | null = null;
  private checked: Promise<void> | null = null;
  private timer: unknown = null;
  private restartBlockedBy: string | null = null;

  constructor(private readonly options: UpdateServiceOptions) {
    this.state =
      options.backend && !options.disabledReason
        ? { kind: 'idle' }
        : { kind: 'disabled', reason: options.disabledReason ?? 'This build has no updater.' };
  }

  status(): UpdatesStatus {
    return {
      state: this.state,
      channel: this.options.channel(),
      currentVersion: this.options.currentVersion,
      availableVersion: this.availableVersion,
      lastCheckedAt: this.lastCheckedAt?.toISOString() ?? null,
      restartBlockedBy: this.restartBlockedBy,
    };
  }

  /** Checks now and every interval; returns at once (the first check runs in the background). */
  start(): void {
    const backend = this.backend();
    if (!backend) return;
    backend.setChannel(this.options.channel());
    void this.check();
    const every = this.options.setInterval ?? ((run, ms) => setInterval(run, ms));
    const timer = every(() => void this.check(), this.options.intervalMs ?? checkIntervalMs);
    timer.unref?.();
    this.timer = timer;
  }

  stop(): void {
    if (this.timer !== null)
      (this.options.clearInterval ?? ((t) => clearInterval(t as NodeJS.Timeout)))(this.timer);
    this.timer = null;
  }

  /** A changed channel applies to the next check, which runs at once. */
  channelChanged(): void {
    this.publish(); // the channel is shown even while updates are off
    const backend = this.backend();
    if (!backend) return;
    backend.setChannel(this.options.channel());
    if (this.state.kind !== 'downloading' && this.state.kind !== 'ready') void this.check();
  }

  /**
   * Check now: resolves once the feed has answered (a download it starts goes on in the background, see
   * `settled`); never rejects. A check already running is joined, and a downloaded update is kept.
   */
  check(): Promise<void> {
    const backend = this.backend();
    if (!backend) return Promise.resolve();
    if (this.running) return this.checked ?? Promise.resolve();
    if (this.state.kind === 'ready') return Promise.resolve();
    let markChecked: () => void = () => undefined;
    this.checked = new Promise<void>((resolve) => (markChecked = resolve));
    this.running = this.run(backend, markChecked).finally(() => {
      markChecked();
      this.running = null;
      this.checked = null;
    });
    return this.checked;
  }

  /** Resolves when the current check and the download it started (if any) have finished. */
  settled(): Promise<void> {
    return this.running ?? Promise.resolve();
  }

  /** "Restart to update": only from `ready`, and only while no position is being opened or closed. */
  async restart(): Promise<void> {
    const backend = this.backend();
    if (!backend) throw new SynthexError('UNAVAILABLE', (this.state as { reason: string }).reason);
    if (this.state.kind !== 'ready') {
      throw new SynthexError(
        'CONFLICT',
        'No update has been downloaded yet, so there is nothing to restart into.',
      );
    }
    const blocked = await this.options.restartGuard();
    this.restartBlockedBy = blocked;
    if (blocked) {
      this.publish();
      throw new SynthexError(
        'CONFLICT',
        `Synthex will not restart now: ${blocked} Try again when it has finished.`,
      );
    }
    this.options.logger.info('restarting to install an update', { version: this.state.version });
    backend.quitAndInstall();
  }

  private backend(): UpdateBackend | null {
    return this.state.kind === 'disabled' ? null : this.options.backend;
  }

  private async run(backend: UpdateBackend, checked: () => void): Promise<void> {
    this.set({ kind: 'checking' });
    let phase = 'check';
    try {
      const found = await backend.check();
      this.lastCheckedAt = (this.options.now ?? (() => new Date()))();
      if (found) {
        this.availableVersion = found.version;
        this.set({ kind: 'available', version: found.version });
      }
      checked();
      if (!found) {
        this.availableVersion = null;
        return this.set({ kind: 'idle' });
      }
      phase = 'download';
      this.set({ kind: 'downloading', version: found.version, percent: 0 });
      await backend.download((percent) => {
        const clamped = Math.max(0, Math.min(100, percent));
        // Progress events come often: publish whole percents only.
        if (this.state.kind === 'downloading' && Math.floor(clamped) !== Math.floor(this.state.percent)) {
          this.set({ kind: 'downloading', version: found.version, percent: clamped });
        }
      });
      this.set({ kind: 'ready', version: found.version });
      this.options.logger.info('an update is ready to install', { version: found.version });
    } catch (error) {
      this.lastCheckedAt ??= (this.options.now ?? (() => new Date()))();
      const message = error instanceof Error ? error.message : String(error);
      this.options.logger.warn(`update ${phase} failed`, { error: message });
      this.set({
        kind: 'error',
        message: `The update ${phase} failed: ${redactText(message.split('\n')[0]!)}`,
      });
    }
  }

  private set(state: UpdateState): void {
    this.state = state;
    this.publish();
  }

  private publish(): void {
    this.options.onChange(this.status());
  }
}
