/**
 * Bybit's `seq` orders the states of a position. Stream messages can arrive late or out of order, and a
 * REST catch-up can read a state older than one the stream already delivered, so each position's
 * highest delivered seq is kept and anything older is dropped: a receiver never sees a position go back
 * in time. Rows without a seq cannot be ordered and pass.
 */
import type { Position } from './types';

export class PositionSeqGate {
  private readonly latest = new Map<string, number>();

  /** The rows that are not older than what was already delivered for their position (symbol and side). */
  admit(rows: readonly Position[]): Position[] {
    return rows.filter((row) => {
      if (row.seq === undefined) return true;
      const key = `${row.symbol}:${row.positionIdx}`;
      const latest = this.latest.get(key);
      if (latest !== undefined && row.seq < latest) return false;
      this.latest.set(key, row.seq);
      return true;
    });
  }
}
