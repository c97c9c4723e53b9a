import { Dec } from '../../../../shared/decimal';
import type { Execution, Position as ExchangePosition } from '../../exchange';
import type { Row } from './pre-trade-guard';
import { signedSize } from '../../exchange/position-size';

/**
 * What Bybit holds on one symbol: each row's signed quantity (a row not listed is flat), and the position mode
 * when the rows tell it (null for a symbol never seen: a REST list of open positions leaves flat ones out).
 */
export interface SymbolHolding {
  mode: 'one-way' | 'hedge' | null;
  rows: Map<Row, Dec>;
}

interface RowState {
  quantity: Dec;
  seq: number;
  /** Local ms of the update that set it (a REST answer never overwrites a newer push). */
  at: number;
}

export interface AccountBookDeps {
  /** All of the account's USDT positions over REST (the fallback when the stream view cannot be trusted). */
  readPositions(): Promise<ExchangePosition[]>;
  /** True while the private stream is subscribed and in sequence (no gap being caught up). */
  streaming(): boolean;
  now?: () => number;
  /** How long to wait for a position push that catches up with a fill already seen (default 500 ms). */
  pushWaitMs?: number;
}

/**
 * What one Bybit account holds, per symbol and row, as the pre-trade guard reads it without a round trip:
 * a REST read seeds it, the private stream's position pushes keep it current. Bybit numbers a symbol's fills
 * and position states with one cross sequence (`seq`), so the view of a symbol is trusted only when its
 * latest position state is at least as new as the latest fill seen on it: a fill whose position push has not
 * arrived yet makes the view wait a moment for it, then read REST. A dropped stream makes the next ask a
 * REST read.
 */
export class AccountBook {
  private readonly symbols = new Map<string, Map<Row, RowState>>();
  private readonly fillSeq = new Map<string, number>();
  /** Per symbol, the seq of the newest pushed state that changed a row's size (a fill made it). */
  private readonly sizeSeq = new Map<string, number>();
  /** Per symbol, the latest fill a REST read is known to include. */
  private readonly covered = new Map<string, number>();
  private readonly waiters = new Set<() => void>();
  private seeded = false;
  private reading: Promise<void> | null = null;

  constructor(private readonly deps: AccountBookDeps) {}

  private now(): number {
    return this.deps.now?.() ?? Date.now();
  }

  /** The stream dropped: nothing it said since can be trusted until a REST read seeds the book again. */
  invalidate(): void {
    this.seeded = false;
  }

  /** Position rows pushed by the stream (already ordered by seq). */
  observe(rows: readonly ExchangePosition[]): void {
    const at = this.now();
    for (const row of rows) {
      const before = this.symbols.get(row.symbol)?.get(row.positionIdx)?.quantity;
      const seq = row.seq ?? -1;
      if (seq >= 0 && before !== undefined && !before.eq(signedSize(row)))
        this.sizeSeq.set(row.symbol, Math.max(this.sizeSeq.get(row.symbol) ?? -1, seq));
      this.set(row, at);
    }
    this.wake();
  }

  /** Executions seen on the account (any path): a position state at least this new must follow. */
  sawExecutions(executions: readonly Execution[]): void {
    for (const execution of executions) {
      if (execution.seq === undefined) continue;
      if (execution.seq > (this.fillSeq.get(execution.symbol) ?? -1))
        this.fillSeq.set(execution.symbol, execution.seq);
    }
  }

  /**
   * True when the stream view of the symbol includes every fill seen on it, and every fill that changed it
   * has been seen (a position push can arrive before its execution: a liquidation must be known as one
   * before anything is planned from the size it left).
   */
  fresh(symbol: string): boolean {
    if (!this.seeded || !this.deps.streaming()) return false;
    const fill = this.fillSeq.get(symbol);
    if ((this.sizeSeq.get(symbol) ?? -1) > (fill ?? -1)) return false;
    if (fill === undefined || (this.covered.get(symbol) ?? -1) >= fill) return true;
    return [...(this.symbols.get(symbol)?.values() ?? [])].some((row) => row.seq >= fill);
  }

  /**
   * What the account holds on these symbols now: from the stream view when it is fresh for all of them
   * (waiting up to `pushWaitMs` for pushes that are on their way), otherwise from a REST read.
   */
  async holdings(symbols: readonly string[]): Promise<Map<string, SymbolHolding>> {
    if (!symbols.every((s) => this.fresh(s))) {
      const caughtUp = this.seeded && this.deps.streaming() && (await this.waitFresh(symbols));
      if (!caughtUp) await this.readRest();
    }
    return new Map(symbols.map((symbol) => [symbol, this.holdingOf(symbol)]));
  }

  /** The stream's view of a symbol as it stands (no wait, no read), with its newest seq; null when untrusted. */
  peek(symbol: string): (SymbolHolding & { seq: number }) | null {
    if (!this.seeded || !this.deps.streaming()) return null;
    const seq = Math.max(-1, ...[...(this.symbols.get(symbol)?.values() ?? [])].map((r) => r.seq));
    return { ...this.holdingOf(symbol), seq };
  }

  /** One REST read at a time; its rows never overwrite a push that arrived after it was asked for. */
  readRest(): Promise<void> {
    this.reading ??= this.readThrough(() => this.deps.readPositions())
      .then(() => undefined)
      .finally(() => (this.reading = null));
    return this.reading;
  }

  /**
   * A REST read of the account's positions made for another purpose (the reconciler's), taken into the book
   * as the book's own read would be: the stream can lose a change without disconnecting, and a read that
   * saw it must not leave the guard on the older view. Answers the rows as read.
   */
  async readThrough(read: () => Promise<ExchangePosition[]>): Promise<ExchangePosition[]> {
    const askedAt = this.now();
    // Fills seen before the read was asked for are in its answer.
    const seen = new Map(this.fillSeq);
    const rows = await read();
    this.absorb(rows, askedAt, seen);
    return rows;
  }

  private absorb(
    rows: readonly ExchangePosition[],
    askedAt: number,
    seen: ReadonlyMap<string, number>,
  ): void {
    const listed = new Set(rows.map((row) => `${row.symbol}:${row.positionIdx}`));
    for (const [symbol, byRow] of this.symbols)
      for (const [row, state] of byRow)
        if (!listed.has(`${symbol}:${row}`) && state.at < askedAt)
          byRow.set(row, { quantity: new Dec(0), seq: state.seq, at: askedAt });
    for (const row of rows) this.set(row, askedAt);
    // A read answers for the account as it stands: an execution still missing for a size is caught up by
    // the stream's gap handling, not waited for on every later round.
    this.sizeSeq.clear();
    for (const [symbol, seq] of seen) this.covered.set(symbol, Math.max(this.covered.get(symbol) ?? -1, seq));
    this.seeded = true;
    this.wake();
  }

  private holdingOf(symbol: string): SymbolHolding {
    const byRow = this.symbols.get(symbol) ?? new Map<Row, RowState>();
    // The newest row says the mode (a mode switch leaves the old rows behind at an older seq).
    const newest = [...byRow].sort(([, a], [, b]) => b.seq - a.seq || b.at - a.at)[0];
    const mode = newest === undefined ? null : newest[0] === 0 ? 'one-way' : 'hedge';
    const rows = new Map<Row, Dec>();
    for (const [row, state] of byRow) if ((mode === 'hedge') === (row !== 0)) rows.set(row, state.quantity);
    return { mode, rows };
  }

  /** A row replaces what is known unless that is newer: a higher seq, or (without seqs) a later update. */
  private set(row: ExchangePosition, at: number): void {
    const byRow = this.symbols.get(row.symbol) ?? new Map<Row, RowState>();
    this.symbols.set(row.symbol, byRow);
    const current = byRow.get(row.positionIdx);
    const seq = row.seq ?? -1;
    if (current && (seq < current.seq || (seq === -1 && current.at > at))) return;
    byRow.set(row.positionIdx, { quantity: signedSize(row), seq, at });
  }

  private waitFresh(symbols: readonly string[]): Promise<boolean> {
    if (symbols.every((s) => this.fresh(s))) return Promise.resolve(true);
    return new Promise((resolve) => {
      const check = () => {
        if (symbols.every((s) => this.fresh(s))) done(true);
      };
      const done = (ok: boolean) => {
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve(ok);
      };
      const timer = setTimeout(() => done(false), this.deps.pushWaitMs ?? 500);
      timer.unref?.();
      this.waiters.add(check);
    });
  }

  private wake(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}
