import type { Logger } from '../util/logger';

export type TickListener = (tick: { symbol: string; markPrice: string }) => void;

export interface TickerSource {
  subscribeTickers(symbols: string[], onTick: TickListener): Promise<() => Promise<void>>;
}

const resubscribeAfterMs = 10_000;

/**
 * The ticker subscriptions of the symbols held, following the positions: `sync` subscribes what is new
 * and drops what nobody holds any more. A refused subscription is retried by `retryMissing` (called by the
 * stale check) at most every 10 s; meanwhile its figures read stale.
 */
export class TickerSubscriptions {
  private readonly subscriptions = new Map<string, Promise<(() => Promise<void>) | null>>();
  private source: TickerSource | null = null;
  private lastAttempt = 0;

  constructor(
    private readonly onTick: TickListener,
    private readonly logger: Logger,
    private readonly now: () => number,
  ) {}

  /** A new source (another profile, a new key): everything is dropped and subscribed again by `sync`. */
  async setSource(source: TickerSource | null): Promise<void> {
    await this.dropAll();
    this.source = source;
  }

  sync(held: readonly string[]): void {
    const source = this.source;
    if (!source) return;
    const wanted = new Set(held);
    for (const [symbol, subscription] of this.subscriptions) {
      if (wanted.has(symbol)) continue;
      this.subscriptions.delete(symbol);
      void subscription.then((unsubscribe) => unsubscribe?.()).catch(() => undefined);
    }
    const fresh = [...wanted].filter((symbol) => !this.subscriptions.has(symbol));
    if (fresh.length > 0) this.subscribe(source, fresh);
  }

  private subscribe(source: TickerSource, symbols: string[]): void {
    this.lastAttempt = this.now();
    const pending = source.subscribeTickers(symbols, this.onTick).catch((error: unknown) => {
      const ours = symbols.filter((symbol) => this.subscriptions.get(symbol) === pending);
      for (const symbol of ours) this.subscriptions.delete(symbol);
      // Bybit refuses a whole request for one topic it no longer serves (a delisted coin a position still
      // lists): each symbol is asked for on its own, so one refusal leaves the others live.
      if (ours.length > 1 && this.source === source) {
        for (const symbol of ours) this.subscribe(source, [symbol]);
        return null;
      }
      this.logger.warn('could not subscribe to tickers for PnL', { symbols, error: String(error) });
      return null;
    });
    for (const symbol of symbols) this.subscriptions.set(symbol, pending);
  }

  retryMissing(held: readonly string[]): void {
    const missing = held.some((symbol) => !this.subscriptions.has(symbol));
    if (missing && this.now() - this.lastAttempt >= resubscribeAfterMs) this.sync(held);
  }

  async dropAll(): Promise<void> {
    const handles = new Set(this.subscriptions.values());
    this.subscriptions.clear();
    await Promise.all(
      [...handles].map((h) => h.then((unsubscribe) => unsubscribe?.()).catch(() => undefined)),
    );
  }
}
