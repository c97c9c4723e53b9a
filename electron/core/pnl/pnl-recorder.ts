import type { Kysely } from 'kysely';
import type { PnlTick } from '../../../shared/domain/pnl';
import type { UserDb } from '../db';
import type { Logger } from '../util/logger';
import type { PnlBook } from './pnl-book';
import { pruneSnapshots, writeSnapshots, writeUnrealized } from './pnl-repository';

const pruneEveryMs = 6 * 3600_000;

/**
 * What the PnL engine writes: unrealized_pnl of every position whose figure changed, in one statement every
 * few seconds (and at close and stop); one snapshot per position at each whole minute; and the pruning of
 * snapshots older than `keepDays`. Never per tick.
 */
export class PnlRecorder {
  private readonly written = new Map<number, string>();
  private timers: NodeJS.Timeout[] = [];
  private minuteTimer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly deps: {
      db: () => Kysely<UserDb>;
      logger: Logger;
      book: PnlBook;
      /** The figures as of now (folded). */
      current(): PnlTick;
      now(): number;
      persistIntervalMs: number;
      keepDays: number;
    },
  ) {}

  async start(): Promise<void> {
    const every = (ms: number, task: () => void) => {
      const timer = setInterval(task, ms);
      timer.unref();
      this.timers.push(timer);
    };
    every(this.deps.persistIntervalMs, () => void this.persist());
    every(pruneEveryMs, () => void this.prune());
    this.armMinute();
    await this.prune();
  }

  stop(): void {
    this.stopped = true;
    for (const timer of this.timers) clearInterval(timer);
    if (this.minuteTimer) clearTimeout(this.minuteTimer);
  }

  /** unrealized_pnl of every position whose figure changed since the last write, in one statement. */
  async persist(): Promise<void> {
    const { book } = this.deps;
    book.fold();
    const changed = new Map<number, string>();
    for (const id of book.positionIds()) {
      const value = book.unrealized(id)!.toDecimalPlaces(8).toFixed();
      if (this.written.get(id) !== value) changed.set(id, value);
    }
    if (changed.size === 0) return;
    try {
      await writeUnrealized(this.deps.db(), changed);
      for (const [id, value] of changed) this.written.set(id, value);
    } catch (error) {
      this.deps.logger.warn('could not store unrealized PnL', { error: String(error) });
    }
  }

  /** The last figure of a position leaving the book (CLOSING keeps its live figure, a final one is 0). */
  async writeFinal(id: number, value: string): Promise<void> {
    await writeUnrealized(this.deps.db(), new Map([[id, value]]));
    this.written.delete(id);
  }

  /**
   * A position leaving the live figures (closing, closed, failed) gets its last figure as this minute's
   * snapshot: its line in the history ends where it left, even one opened and closed inside a minute.
   */
  async snapshotLeaving(position: { id: number; unrealizedPnl: string; realizedPnl: string }): Promise<void> {
    const minute = new Date(Math.floor(this.deps.now() / 60_000) * 60_000);
    try {
      await writeSnapshots(this.deps.db(), minute, [
        { positionId: position.id, unrealizedPnl: position.unrealizedPnl, realizedPnl: position.realizedPnl },
      ]);
    } catch (error) {
      this.deps.logger.warn('could not store a PnL snapshot', { error: String(error) });
    }
  }

  /** Another profile's positions: nothing written for the old ones is remembered. */
  forgetAll(): void {
    this.written.clear();
  }

  private armMinute(): void {
    if (this.stopped) return;
    const now = this.deps.now();
    const next = Math.floor(now / 60_000) * 60_000 + 60_000;
    this.minuteTimer = setTimeout(() => {
      void this.snapshotMinute(new Date(next)).finally(() => this.armMinute());
    }, next - now);
    this.minuteTimer.unref();
  }

  private async snapshotMinute(minute: Date): Promise<void> {
    const tick = this.deps.current();
    try {
      await writeSnapshots(
        this.deps.db(),
        minute,
        tick.positions.map((p) => ({
          positionId: p.id,
          unrealizedPnl: p.unrealizedPnl,
          realizedPnl: p.realizedPnl,
        })),
      );
    } catch (error) {
      this.deps.logger.warn('could not store a PnL snapshot', { error: String(error) });
    }
  }

  private async prune(): Promise<void> {
    try {
      const removed = await pruneSnapshots(this.deps.db(), new Date(this.deps.now()), this.deps.keepDays);
      if (removed > 0) this.deps.logger.info('pruned PnL history', { removed });
    } catch (error) {
      this.deps.logger.warn('could not prune PnL history', { error: String(error) });
    }
  }
}
