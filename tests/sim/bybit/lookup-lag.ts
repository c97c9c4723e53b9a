import { createRng, type Rng } from './rng';

/** Bybit's lookups trail the engine; by default each order shows up 0 to 2 s after it was booked. */
export const defaultLookupLagMaxMs = 2000;

/** Fixed: every order lags `ms`. Random: each order draws its own lag from 0 to `maxMs` (seeded). */
export type LookupLagSetting = { ms: number } | { maxMs: number; seed?: number };

/**
 * How late `/v5/order/realtime`, `/v5/order/history` and `/v5/execution/list` see what the engine booked.
 * Bybit warns that order queries lag in volatile markets and that closed orders may reach the history late
 * (docs/bybit-v5.md "Differences we know of"): a client that trusts a lookup made right after an order
 * went out must fail here as it would there. An order and its fills share one lag (drawn once per
 * orderId, in booking order, so a seed replays the same lags); a row is visible from its booking time
 * plus that lag. The stream is not delayed: it is the fast path, lookups are the slow one.
 */
export class LookupLag {
  private setting: LookupLagSetting;
  private rng: Rng;
  private readonly lags = new Map<string, number>();
  /** Rows booked before this server time are visible at once (see `settledBefore`). */
  private settledUntil = 0;

  constructor(seed: number, setting: LookupLagSetting = { maxMs: defaultLookupLagMaxMs }) {
    this.setting = setting;
    this.rng = createRng(('seed' in setting && setting.seed !== undefined ? setting.seed : seed) ^ 0x5eed1a9);
  }

  /** Replaces the setting; lags already drawn are forgotten, so the new one applies to every row. */
  set(setting: LookupLagSetting): void {
    const value = 'ms' in setting ? setting.ms : setting.maxMs;
    if (!Number.isInteger(value) || value < 0 || value > 60_000)
      throw new RangeError('a lookup lag must be a whole number of ms from 0 to 60000');
    this.setting = setting;
    if ('maxMs' in setting && setting.seed !== undefined) this.rng = createRng(setting.seed ^ 0x5eed1a9);
    this.lags.clear();
  }

  current(): LookupLagSetting {
    return { ...this.setting };
  }

  /** The order's lag, drawn the first time it is asked for (at booking, for the engine's own orders). */
  lagOf(orderId: string): number {
    if ('ms' in this.setting) return this.setting.ms;
    let lag = this.lags.get(orderId);
    if (lag === undefined) {
      lag = Math.floor(this.rng() * (this.setting.maxMs + 1));
      this.lags.set(orderId, lag);
    }
    return lag;
  }

  /**
   * A simulator restarted from its state file draws fresh lags; without this a row a lookup listed
   * before the restart could hide again for a moment, and Bybit never takes a listed row back.
   */
  settledBefore(serverMs: number): void {
    this.settledUntil = Math.max(this.settledUntil, serverMs);
  }

  /** Whether a row of this order, booked at `bookedAt` (server ms), is visible to a lookup at `now`. */
  visible(orderId: string, bookedAt: number, now: number): boolean {
    return bookedAt < this.settledUntil || bookedAt + this.lagOf(orderId) <= now;
  }
}
