import type { EventPayload } from '../../../shared/contract';
import type { Dec } from '../../../shared/decimal';
import type { ActiveProfileServiceDeps } from '../feature';
import { systemTimers, type CoalescerClock } from '../pnl/coalescer';
import { listPositionRows } from '../ledger/position-repository';
import { Mutex } from '../util/mutex';
import { pruneMinuteMarks, recordCloseMark, recordOpenMark, writeMinuteMark } from './benchmark-repository';

export interface BenchmarkServiceDeps extends ActiveProfileServiceDeps {
  /** BTC's mark now, as the profile's Bybit environment has it (one REST ticker read); null without a key. */
  benchmarkMark(profileId: number): Promise<Dec | null>;
  clock?: CoalescerClock;
  keepDays?: number;
}

const minuteMs = 60_000;

/**
 * Records the benchmark the cockpit compares positions with: BTC's mark when a position becomes ACTIVE
 * and when it closes (read from Bybit at that moment, so BTC "held from the same moment" moves exactly as
 * BTC did), and BTC's mark at each whole minute while the active profile holds an ACTIVE position (the
 * minutes of the PnL snapshots). One REST read a minute at most: nothing per tick.
 */
export class BenchmarkService {
  private readonly clock: CoalescerClock;
  private readonly lock = new Mutex();
  /** Positions whose open mark is stored (no second read on each of their updates). */
  private readonly opened = new Set<number>();
  private readonly closed = new Set<number>();
  private timer: unknown = null;
  private unsubscribe: (() => void) | null = null;
  private stopped = false;

  constructor(private readonly deps: BenchmarkServiceDeps) {
    this.clock = deps.clock ?? systemTimers;
  }

  start(): void {
    this.unsubscribe = this.deps.events.subscribe((event, payload) => {
      if (event === 'positions.updated')
        void this.positionChanged(payload as EventPayload<'positions.updated'>);
    });
    this.armMinute();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    await this.lock.run(async () => undefined);
  }

  /** Waits for every benchmark read under way (tests, and a clean stop). */
  settled(): Promise<void> {
    return this.lock.run(async () => undefined);
  }

  private positionChanged(position: EventPayload<'positions.updated'>): Promise<void> {
    const final = position.status === 'CLOSED' || position.status === 'FAILED';
    const opens = position.status === 'ACTIVE' && !this.opened.has(position.id);
    const closes = final && !this.closed.has(position.id);
    if (!opens && !closes) return Promise.resolve();
    return this.lock.run(async () => {
      if (this.stopped) return;
      try {
        const mark = await this.deps.benchmarkMark(position.profileId);
        if (!mark) return;
        const at = new Date(this.clock.now());
        if (opens) {
          await recordOpenMark(this.deps.db(), position.id, mark, at);
          this.opened.add(position.id);
        }
        if (closes) {
          await recordCloseMark(this.deps.db(), position.id, mark, at);
          this.closed.add(position.id);
        }
      } catch (error) {
        this.deps.logger.warn('could not read the benchmark mark', {
          positionId: position.id,
          error: String(error),
        });
      }
    });
  }

  private armMinute(): void {
    if (this.stopped) return;
    const now = this.clock.now();
    const next = Math.floor(now / minuteMs) * minuteMs + minuteMs;
    this.timer = this.clock.setTimeout(() => {
      void this.lock.run(() => this.recordMinute(new Date(next))).finally(() => this.armMinute());
    }, next - now);
  }

  private async recordMinute(minute: Date): Promise<void> {
    if (this.stopped) return;
    try {
      const profileId = await this.deps.activeProfileId();
      const active = await listPositionRows(this.deps.db(), profileId, ['ACTIVE']);
      if (active.length === 0) return;
      const mark = await this.deps.benchmarkMark(profileId);
      if (!mark) return;
      for (const environment of new Set(active.map((row) => row.environment)))
        await writeMinuteMark(this.deps.db(), environment, minute, mark);
      if (minute.getUTCMinutes() === 0 && minute.getUTCHours() % 6 === 0)
        await pruneMinuteMarks(this.deps.db(), minute, this.deps.keepDays ?? 90);
    } catch (error) {
      this.deps.logger.warn('could not record the benchmark minute', { error: String(error) });
    }
  }
}
