/**
 * Per-UID limits (rolling one second) and the per-IP limit (rolling five seconds, then a ban), with the
 * defaults of docs/bybit-v5.md §4. Each endpoint has its own quota; create-batch consumes one unit per order.
 */
const DEFAULT_PER_SECOND: Record<string, number> = {
  '/v5/order/create': 10,
  '/v5/order/amend': 10,
  '/v5/order/cancel': 10,
  '/v5/order/cancel-all': 10,
  '/v5/order/create-batch': 10,
  '/v5/order/realtime': 50,
  '/v5/order/history': 50,
  '/v5/execution/list': 50,
  '/v5/position/list': 50,
  '/v5/account/wallet-balance': 50,
  '/v5/position/set-leverage': 10,
  '/v5/position/switch-mode': 10,
  '/v5/user/query-api': 10,
};

const WINDOW_MS = 1000;

export interface LimitStatus {
  limit: number;
  remaining: number;
  /** X-Bapi-Limit-Reset-Timestamp: now, unless exhausted, then when the oldest unit leaves the window. */
  resetAt: number;
}

export class UidRateLimiter {
  private readonly overrides = new Map<string, number>();
  /** uid|path → timestamps of consumed units, oldest first. */
  private readonly windows = new Map<string, number[]>();

  setLimit(path: string, perSecond: number): void {
    this.overrides.set(path, perSecond);
    for (const key of this.windows.keys()) if (key.endsWith(`|${path}`)) this.windows.delete(key);
  }

  limitOf(path: string): number {
    return this.overrides.get(path) ?? DEFAULT_PER_SECOND[path] ?? 50;
  }

  private window(uid: string, path: string, now: number): number[] {
    const key = `${uid}|${path}`;
    let w = this.windows.get(key);
    if (!w) {
      w = [];
      this.windows.set(key, w);
    }
    while (w.length > 0 && (w[0] as number) <= now - WINDOW_MS) w.shift();
    return w;
  }

  /** Takes up to `units`; returns how many were granted and the status after taking them. */
  consume(uid: string, path: string, units: number, now: number): { granted: number; status: LimitStatus } {
    const limit = this.limitOf(path);
    const w = this.window(uid, path, now);
    const granted = Math.max(0, Math.min(units, limit - w.length));
    for (let i = 0; i < granted; i++) w.push(now);
    const remaining = Math.max(0, limit - w.length);
    const exhausted = granted < units || remaining === 0;
    const resetAt = exhausted && w.length > 0 ? (w[0] as number) + WINDOW_MS : now;
    return { granted, status: { limit, remaining, resetAt } };
  }
}

const IP_WINDOW_MS = 5000;

export class IpRateLimiter {
  private limit = 600;
  private banMs = 10 * 60 * 1000;
  private readonly hits = new Map<string, number[]>();
  private readonly bannedUntil = new Map<string, number>();

  /** Also lifts current bans, so a test can set a tiny limit and start from a clean slate. */
  configure(perFiveSeconds: number, banMs?: number): void {
    this.limit = perFiveSeconds;
    if (banMs !== undefined) this.banMs = banMs;
    this.hits.clear();
    this.bannedUntil.clear();
  }

  /** true = allowed; false = banned (HTTP 403). */
  allow(ip: string, now: number): boolean {
    const until = this.bannedUntil.get(ip);
    if (until !== undefined) {
      if (now < until) return false;
      this.bannedUntil.delete(ip);
    }
    let h = this.hits.get(ip);
    if (!h) {
      h = [];
      this.hits.set(ip, h);
    }
    while (h.length > 0 && (h[0] as number) <= now - IP_WINDOW_MS) h.shift();
    if (h.length >= this.limit) {
      this.bannedUntil.set(ip, now + this.banMs);
      h.length = 0;
      return false;
    }
    h.push(now);
    return true;
  }
}
