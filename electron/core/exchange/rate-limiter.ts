/**
 * Client-side rate limiting: one rolling-window limiter per Bybit endpoint group (per-UID limits,
 * docs/bybit-v5.md §4) plus one for the IP-wide limit. Limits are kept slightly under Bybit's, adopt the
 * `X-Bapi-Limit*` headers when they arrive, and can be blocked until a reset time after 10006.
 */

export interface LimiterClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: LimiterClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** Rolling window of `capacity` units per `windowMs`. Waiters are served in arrival order. */
export class WindowLimiter {
  private readonly spent: { at: number; units: number }[] = [];
  private blockedUntil = 0;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private capacityUnits: number,
    private readonly windowMs: number,
    private readonly clock: LimiterClock,
  ) {}

  get capacity(): number {
    return this.capacityUnits;
  }

  setCapacity(units: number): void {
    if (Number.isFinite(units) && units > 0) this.capacityUnits = units;
  }

  /** Nothing may be sent before `until` (local ms), e.g. after 10006 or a remaining count of zero. */
  blockUntil(until: number): void {
    this.blockedUntil = Math.max(this.blockedUntil, until);
  }

  /** Units that could be taken right now without waiting. */
  available(): number {
    const now = this.clock.now();
    if (now < this.blockedUntil) return 0;
    this.prune(now);
    return Math.max(0, this.capacityUnits - this.used());
  }

  /** Milliseconds until `units` would be available (0 if now). */
  waitFor(units: number): number {
    const now = this.clock.now();
    if (now < this.blockedUntil) return this.blockedUntil - now;
    this.prune(now);
    let free = this.capacityUnits - this.used();
    if (free >= units) return 0;
    for (const entry of this.spent) {
      free += entry.units;
      if (free >= units) return Math.max(1, entry.at + this.windowMs - now);
    }
    return this.windowMs;
  }

  /** Take units now if they are free; never waits. */
  tryTake(units: number): boolean {
    if (this.available() < units) return false;
    this.spent.push({ at: this.clock.now(), units });
    return true;
  }

  /** Wait (in arrival order) until `units` are free, then take them. */
  acquire(units = 1): Promise<void> {
    const need = Math.min(units, this.capacityUnits);
    const turn = this.queue.then(async () => {
      for (;;) {
        const wait = this.waitFor(need);
        if (wait === 0) break;
        await this.clock.sleep(wait);
      }
      this.spent.push({ at: this.clock.now(), units: need });
    });
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  private used(): number {
    let sum = 0;
    for (const entry of this.spent) sum += entry.units;
    return sum;
  }

  private prune(now: number): void {
    while (this.spent.length > 0 && this.spent[0]!.at + this.windowMs <= now) this.spent.shift();
  }
}

/** Per-UID endpoint groups and their default limits per second (docs/bybit-v5.md §4). */
export const endpointGroups = {
  'order/create': 10,
  'order/create-batch': 10,
  'order/cancel': 10,
  'order/realtime': 50,
  'order/history': 50,
  'execution/list': 50,
  'position/list': 50,
  'account/wallet-balance': 50,
  'account/info': 50,
  'position/set-leverage': 10,
  'position/switch-mode': 10,
  'position/trading-stop': 10,
  'user/query-api': 10,
  /** Public market data has no per-UID limit; only the IP limit applies. */
  market: Number.POSITIVE_INFINITY,
} as const;

export type EndpointGroup = keyof typeof endpointGroups;

export interface RateLimitHeaders {
  remainingRequests: number;
  maxRequests: number;
  resetAtTimestamp: number;
}

export interface RateLimitsOptions {
  clock?: LimiterClock;
  /** Safety margin added to each 1 s window, so requests spread by latency stay inside Bybit's window. */
  windowMarginMs?: number;
  /** IP-wide requests per 5 s (Bybit allows 600; stay under it). */
  ipPerFiveSeconds?: number;
  /** Default pause after a 10006 when Bybit gives no reset time. */
  backoffMs?: number;
  /** The IP-wide limiter to share: every gateway of one process goes out through the same IP. */
  ip?: WindowLimiter;
}

export class RateLimits {
  readonly clock: LimiterClock;
  readonly ip: WindowLimiter;
  private readonly groups = new Map<EndpointGroup, WindowLimiter>();
  private readonly windowMs: number;
  private readonly backoffMs: number;

  constructor(options: RateLimitsOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.windowMs = 1000 + (options.windowMarginMs ?? 30);
    this.backoffMs = options.backoffMs ?? 1000;
    this.ip = options.ip ?? new WindowLimiter(options.ipPerFiveSeconds ?? 550, 5000, this.clock);
  }

  group(group: EndpointGroup): WindowLimiter {
    let limiter = this.groups.get(group);
    if (!limiter) {
      const limit = endpointGroups[group];
      limiter = new WindowLimiter(Number.isFinite(limit) ? limit : 1e9, this.windowMs, this.clock);
      this.groups.set(group, limiter);
    }
    return limiter;
  }

  /** Wait for the IP limit and the group's limit, then take `units`. */
  async acquire(group: EndpointGroup, units = 1): Promise<void> {
    await this.group(group).acquire(units);
    await this.ip.acquire(1);
  }

  /**
   * Adopt what Bybit said in the `X-Bapi-Limit*` headers. `serverOffsetMs` converts Bybit's reset
   * timestamp to the local clock.
   */
  observe(group: EndpointGroup, headers: RateLimitHeaders | undefined, serverOffsetMs: number): void {
    if (!headers || group === 'market') return;
    const limiter = this.group(group);
    limiter.setCapacity(headers.maxRequests);
    if (headers.remainingRequests <= 0) {
      const resetLocal = headers.resetAtTimestamp - serverOffsetMs;
      limiter.blockUntil(Math.max(resetLocal, this.clock.now() + 50));
    }
  }

  /** After a 10006: pause the group until Bybit's reset time, or the default backoff. */
  backOff(group: EndpointGroup, resetAtLocal?: number | null): number {
    const now = this.clock.now();
    const until = resetAtLocal && resetAtLocal > now ? resetAtLocal : now + this.backoffMs;
    this.group(group).blockUntil(until);
    return until;
  }
}
