import type { BybitGateway } from './gateway';
import type { BybitStreams } from './streams';
import type { StreamTick, Ticker } from './types';

/**
 * Live prices for the symbols Synthex is looking at. The first ask for a symbol reads all tickers over REST
 * (one round trip) and subscribes to its ticker stream; from then on its price comes from the stream's
 * merged ticks without a request, so a preview typed into or opened a moment later costs no round trip.
 * A stream that drops forgets every price until fresh snapshots arrive (REST answers meanwhile).
 */
export class PriceFeed {
  private readonly latest = new Map<string, { tick: StreamTick; at: number }>();
  private readonly followed = new Set<string>();
  private readonly maxAgeMs: number;
  private readonly now: () => number;

  constructor(
    private readonly streams: BybitStreams,
    private readonly gateway: BybitGateway,
    options: {
      /**
       * A tick older than this (ms, default 5 s) is not a price to cap slippage at: a stalled stream would
       * anchor an IOC limit to an old price, so the price is read over REST instead.
       */
      maxAgeMs?: number;
      now?: () => number;
    } = {},
  ) {
    this.maxAgeMs = options.maxAgeMs ?? 5000;
    this.now = options.now ?? (() => Date.now());
    streams.onState((stream, state) => {
      if (stream === 'public' && (state === 'disconnected' || state === 'closed' || state === 'failed'))
        this.latest.clear();
    });
  }

  /**
   * Tickers of these symbols (a symbol Bybit does not list is absent from the map): from the stream when its
   * tick is fresh, otherwise from one REST read of all tickers.
   */
  async tickers(symbols: readonly string[]): Promise<Map<string, Ticker>> {
    const fresh = (symbol: string) => {
      const seen = this.latest.get(symbol);
      return seen !== undefined && this.now() - seen.at <= this.maxAgeMs;
    };
    const missing = symbols.filter((symbol) => !fresh(symbol));
    this.follow(missing);
    const prices = new Map<string, Ticker>();
    if (missing.length > 0)
      for (const ticker of await this.gateway.getTickers()) prices.set(ticker.symbol, ticker);
    for (const symbol of symbols) if (fresh(symbol)) prices.set(symbol, this.latest.get(symbol)!.tick);
    return prices;
  }

  private follow(symbols: readonly string[]): void {
    const fresh = symbols.filter((symbol) => !this.followed.has(symbol));
    if (fresh.length === 0) return;
    for (const symbol of fresh) this.followed.add(symbol);
    this.streams
      .subscribeTickers(fresh, (tick) => this.latest.set(tick.symbol, { tick, at: this.now() }))
      .catch(() => {
        // Refused or not acknowledged: REST keeps answering, and the next ask tries the stream again.
        for (const symbol of fresh) this.followed.delete(symbol);
      });
  }
}
