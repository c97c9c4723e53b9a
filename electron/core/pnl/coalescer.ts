/** Timers as the coalescer needs them; tests pass a fake clock. */
export interface CoalescerClock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemTimers: CoalescerClock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => {
    const timer = setTimeout(callback, ms);
    timer.unref?.();
    return timer;
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/**
 * Runs `flush` at most once per `intervalMs`, however often `request` is called: the first request after
 * a quiet spell flushes on the next turn of the event loop (so a lone tick reaches the screen at once),
 * later ones within the interval are folded into one flush at its end. Nothing runs while nothing asks.
 */
export class Coalescer {
  private lastFlush = Number.NEGATIVE_INFINITY;
  private timer: unknown = null;
  private stopped = false;

  constructor(
    private readonly intervalMs: number,
    private readonly flush: () => void,
    private readonly clock: CoalescerClock = systemTimers,
  ) {}

  request(): void {
    if (this.timer !== null || this.stopped) return;
    const wait = Math.max(0, this.lastFlush + this.intervalMs - this.clock.now());
    this.timer = this.clock.setTimeout(() => this.run(), wait);
  }

  /** Flushes now if something is waiting (before a stop, say). */
  drain(): void {
    if (this.timer === null) return;
    this.clock.clearTimeout(this.timer);
    this.timer = null;
    this.lastFlush = this.clock.now();
    this.flush();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  private run(): void {
    this.timer = null;
    // Timers may fire a millisecond early by the wall clock: wait out the rest, or 5 could fit in a second.
    const early = this.lastFlush + this.intervalMs - this.clock.now();
    if (early > 0) {
      this.timer = this.clock.setTimeout(() => this.run(), early);
      return;
    }
    this.lastFlush = this.clock.now();
    this.flush();
  }
}
