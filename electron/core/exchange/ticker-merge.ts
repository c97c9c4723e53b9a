/**
 * Bybit's `tickers.<symbol>` stream sends one snapshot and then deltas carrying only changed fields.
 * This keeps the merged state per symbol and yields complete ticks. Deltas before the first snapshot
 * (or after a reconnect, before the new snapshot) cannot form a complete tick and are dropped.
 */
import { str, tickerField, tickerFields } from './mappers';
import type { StreamTick } from './types';

export interface TickerMessage {
  topic?: string;
  type?: string;
  ts?: number;
  data?: unknown;
}

export class TickerMerger {
  private readonly state = new Map<string, StreamTick>();

  /** Apply one stream message; returns the complete tick, or null when none can be formed yet. */
  apply(message: TickerMessage): StreamTick | null {
    const data =
      message.data && typeof message.data === 'object' ? (message.data as Record<string, unknown>) : null;
    if (!data) return null;
    const symbol = str(data.symbol) || (message.topic ?? '').replace(/^tickers\./, '');
    if (!symbol) return null;
    const ts = typeof message.ts === 'number' ? message.ts : Date.now();

    if (message.type === 'snapshot') {
      const tick = { symbol, ts } as StreamTick;
      for (const field of tickerFields) tick[field] = tickerField(field, data[field]);
      this.state.set(symbol, tick);
      return { ...tick };
    }
    const current = this.state.get(symbol);
    if (!current) return null;
    for (const field of tickerFields) {
      if (field in data) current[field] = tickerField(field, data[field]);
    }
    current.ts = ts;
    return { ...current };
  }

  /** Forget a symbol (unsubscribed) or everything (connection lost: wait for fresh snapshots). */
  reset(symbol?: string): void {
    if (symbol) this.state.delete(symbol);
    else this.state.clear();
  }

  latest(symbol: string): StreamTick | null {
    const tick = this.state.get(symbol);
    return tick ? { ...tick } : null;
  }
}
