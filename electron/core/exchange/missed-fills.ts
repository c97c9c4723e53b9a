/**
 * Notices a private-stream push that never arrived while the connection stayed up. Bybit numbers a
 * symbol's fills and position states with one cross sequence (`seq`; an execution carries the seq of the
 * position state it made), so a position push whose size changed says which fills made it: on a one-way
 * row, the executions with a seq after the previous state's, up to its own, must add up to the change; on
 * a hedge row (executions do not say which row they traded), at least the newest must have been seen.
 * When they still do not, a moment later (a position push may arrive before its execution), the fills are
 * fetched over REST through the reconnect catch-up: an execution lost in transit would otherwise never be
 * stored, and a close would wait for fills that never come.
 */
import { Dec } from '../../../shared/decimal';
import type { PrivateHandlers } from './stream-catch-up';
import type { Execution, Position } from './types';
import { signedSize } from './position-size';

interface RowState {
  size: Dec;
  seq: number;
}

interface Suspect {
  symbol: string;
  fromSeq: number;
  toSeq: number;
  /** Signed change the fills must explain; null on a hedge row (only the newest fill is checked). */
  change: Dec | null;
}

export interface MissedFillsDeps {
  /** Fetch what the stream missed since `from` (local ms) and deliver it to the private handlers. */
  catchUp(from: number): Promise<void>;
  now?: () => number;
  /** How long a position push may precede its execution (default 1 s). */
  graceMs?: number;
}

/** Executions per symbol kept for the check: far more than a position changes by within the grace. */
const keptPerSymbol = 500;

export class MissedFillsWatch implements PrivateHandlers {
  private readonly rows = new Map<string, RowState>();
  /** Per symbol, the seq and signed quantity of the executions seen (size-moving ones). */
  private readonly fills = new Map<string, { execId: string; seq: number; change: Dec }[]>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;

  constructor(private readonly deps: MissedFillsDeps) {}

  private now(): number {
    return this.deps.now?.() ?? Date.now();
  }

  onExecutions(executions: readonly Execution[]): void {
    for (const execution of executions) {
      if (execution.seq === undefined || execution.execType === 'Funding') continue;
      const list = this.fills.get(execution.symbol) ?? [];
      // A push may come twice (and a REST catch-up repeats what the stream said).
      if (list.some((fill) => fill.execId === execution.execId)) continue;
      const quantity = new Dec(execution.execQty || '0');
      list.push({
        execId: execution.execId,
        seq: execution.seq,
        change: execution.side === 'Sell' ? quantity.neg() : quantity,
      });
      if (list.length > keptPerSymbol) list.shift();
      this.fills.set(execution.symbol, list);
    }
  }

  onPositions(rows: readonly Position[]): void {
    for (const row of rows) {
      if (row.seq === undefined || row.seq < 0) continue;
      const key = `${row.symbol}:${row.positionIdx}`;
      const before = this.rows.get(key);
      const size = signedSize(row);
      this.rows.set(key, { size, seq: row.seq });
      if (!before || row.seq <= before.seq || size.eq(before.size)) continue;
      const suspect: Suspect = {
        symbol: row.symbol,
        fromSeq: before.seq,
        toSeq: row.seq,
        change: row.positionIdx === 0 ? size.minus(before.size) : null,
      };
      if (this.explained(suspect)) continue;
      const since = this.now();
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        if (!this.stopped && !this.explained(suspect)) this.fetch(since);
      }, this.deps.graceMs ?? 1000);
      timer.unref?.();
      this.timers.add(timer);
    }
  }

  stop(): void {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  /** Whether the executions seen account for the position's change. */
  private explained(suspect: Suspect): boolean {
    const made = (this.fills.get(suspect.symbol) ?? []).filter(
      (fill) => fill.seq > suspect.fromSeq && fill.seq <= suspect.toSeq,
    );
    if (suspect.change === null) return made.some((fill) => fill.seq === suspect.toSeq);
    const sum = made.reduce((total, fill) => total.plus(fill.change), new Dec(0));
    return sum.eq(suspect.change);
  }

  /** One catch-up at a time; a suspicion meanwhile runs one more after it. */
  private fetch(since: number): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.deps
      .catchUp(since)
      .catch(() => undefined)
      .finally(() => {
        this.running = null;
        if (this.again && !this.stopped) {
          this.again = false;
          this.fetch(since);
        }
      });
  }
}
