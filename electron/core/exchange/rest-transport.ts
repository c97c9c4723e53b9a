/**
 * How the gateway talks to Bybit's REST API: one request with its retry rules, the client-side rate
 * limits, the IP-ban window, the measured clock offset and the count of round trips. The reads
 * (rest-reads.ts) and writes (rest-writes.ts) are built on `request` and `pages`; order placement sends
 * through `sendOnce` and applies its own rules.
 */
import type { Logger } from '../util/logger';
import {
  type ExchangeError,
  errorFromRetCode,
  errorFromThrown,
  ipBannedError,
  malformedResponseError,
  noApiKeyError,
} from './errors';
import type { Envelope, Sent } from './order-placement';
import type { EndpointGroup, LimiterClock, RateLimits } from './rate-limiter';
import type { SyncedRestClient } from './sdk-clients';

export interface RestTransportOptions {
  rest: SyncedRestClient;
  limits: RateLimits;
  logger: Logger;
  clock: LimiterClock;
  /** False without credentials or an injected client: private requests then fail without being sent. */
  canSign: boolean;
  /** The gateway's `readRetries` option (default 2). */
  readRetries?: number;
}

export interface RequestOptions {
  /** Safe to send again after a lost answer (reads). */
  idempotent: boolean;
  units?: number;
}

type Call = () => Promise<unknown>;

/** Bybit's envelope, or null when the answer has none (a non-JSON body, a proxy's page, no retCode). */
function envelope(response: unknown): Envelope | null {
  const r = (response && typeof response === 'object' ? response : {}) as Record<string, unknown>;
  const retCode = typeof r.retCode === 'number' ? r.retCode : Number.NaN;
  if (!Number.isFinite(retCode)) return null;
  return {
    retCode,
    retMsg: typeof r.retMsg === 'string' ? r.retMsg : '',
    result: r.result,
    retExtInfo: r.retExtInfo,
    rateLimitApi: r.rateLimitApi as Envelope['rateLimitApi'],
  };
}

/** A result's `list` and `nextPageCursor`, empty when missing. */
export function resultList(result: unknown): { list: unknown[]; cursor: string } {
  const r = (result && typeof result === 'object' ? result : {}) as Record<string, unknown>;
  return {
    list: Array.isArray(r.list) ? r.list : [],
    cursor: typeof r.nextPageCursor === 'string' ? r.nextPageCursor : '',
  };
}

export class RestTransport {
  /** HTTP requests sent so far (retries included). */
  roundTrips = 0;
  readonly rest: SyncedRestClient;
  readonly limits: RateLimits;
  readonly clock: LimiterClock;
  private readonly logger: Logger;
  private readonly canSign: boolean;
  private readonly readRetries: number;
  private offsetMs = 0;
  private bannedUntil = 0;
  private readonly clockListeners = new Set<(offsetMs: number) => void>();

  constructor(options: RestTransportOptions) {
    this.rest = options.rest;
    this.limits = options.limits;
    this.clock = options.clock;
    this.logger = options.logger;
    this.canSign = options.canSign;
    this.readRetries = options.readRetries ?? 2;
  }

  /** Measured offset: Bybit's clock minus ours, in ms. */
  get clockOffsetMs(): number {
    return this.offsetMs;
  }

  /** The recv_window the REST client signs with. */
  get recvWindowMs(): number {
    return this.rest.getRecvWindowMs();
  }

  onClockSync(listener: (offsetMs: number) => void): () => void {
    this.clockListeners.add(listener);
    return () => this.clockListeners.delete(listener);
  }

  async syncClock(): Promise<number> {
    const before = this.clock.now();
    const response = await this.request('market', () => this.rest.getServerTime(), { idempotent: true });
    const after = this.clock.now();
    const result = (response.result ?? {}) as { timeNano?: unknown; timeSecond?: unknown };
    let serverMs = Number.NaN;
    if (typeof result.timeNano === 'string' && /^\d{13,}$/.test(result.timeNano))
      serverMs = Number(BigInt(result.timeNano) / 1_000_000n);
    else if (typeof result.timeSecond === 'string') serverMs = Number(result.timeSecond) * 1000;
    if (!Number.isFinite(serverMs)) throw errorFromRetCode(-1, 'server time missing from /v5/market/time');
    const offset = Math.round(serverMs - (before + after) / 2);
    this.offsetMs = offset;
    this.rest.setTimeOffsetMs(offset);
    for (const listener of this.clockListeners) listener(offset);
    if (Math.abs(offset) > 1000) this.logger.warn('clock differs from Bybit', { offsetMs: offset });
    return offset;
  }

  /** The IP-ban error while Bybit's 403 ban lasts, else null. */
  banned(): ExchangeError | null {
    return this.clock.now() < this.bannedUntil ? ipBannedError(this.bannedUntil) : null;
  }

  /**
   * Send once: ban check, IP limit, SDK call, header bookkeeping. Never throws. The group's quota must
   * already be taken by the caller.
   */
  async sendOnce(group: EndpointGroup, call: Call): Promise<Sent> {
    if (group !== 'market' && !this.canSign) return { ok: false, error: noApiKeyError() };
    const ban = this.banned();
    if (ban) return { ok: false, error: ban };
    await this.limits.ip.acquire(1);
    this.roundTrips += 1;
    try {
      const response = envelope(await call());
      if (!response) {
        this.logger.warn('bybit answered without an API envelope', { group });
        return { ok: false, error: malformedResponseError('no retCode in the answer') };
      }
      this.limits.observe(group, response.rateLimitApi, this.offsetMs);
      return { ok: true, response };
    } catch (thrown) {
      const error = errorFromThrown(thrown, this.clock.now());
      if (error.code === 'IP_BANNED') {
        this.bannedUntil = error.retryAfter ?? this.clock.now() + 600_000;
        this.logger.error(error.message, { group });
      } else {
        this.logger.warn('bybit request failed', { group, code: error.code, httpStatus: error.httpStatus });
      }
      return { ok: false, error };
    }
  }

  /** After 10006: block the group until the reset the answer names (on our clock), or back off. */
  backOff(group: EndpointGroup, response?: Envelope): void {
    this.limits.backOff(group, response ? this.resetLocal(response) : null);
  }

  private resetLocal(response: Envelope): number | null {
    const reset = response.rateLimitApi?.resetAtTimestamp;
    return typeof reset === 'number' && Number.isFinite(reset) ? reset - this.offsetMs : null;
  }

  /**
   * A request with the gateway's retry rules: 10002 resyncs the clock and retries once; 10006 backs off
   * and retries; a lost answer is retried only for idempotent requests. Returns the successful envelope
   * or throws ExchangeError.
   */
  async request(group: EndpointGroup, call: Call, options: RequestOptions): Promise<Envelope> {
    const units = options.units ?? 1;
    let resynced = false;
    let rateLimited = 0;
    let transportRetries = 0;
    const maxTransportRetries = options.idempotent ? this.readRetries : 0;
    for (;;) {
      await this.limits.group(group).acquire(units);
      const sent = await this.sendOnce(group, call);
      if (!sent.ok) {
        const error = sent.error;
        if (error.retryable && transportRetries < maxTransportRetries) {
          transportRetries += 1;
          await this.clock.sleep(200 * transportRetries);
          continue;
        }
        throw error;
      }
      const response = sent.response;
      if (response.retCode === 0) return response;
      if (response.retCode === 10002 && !resynced) {
        resynced = true;
        this.logger.warn('bybit reported clock skew; resynchronising', { group });
        await this.syncClock();
        continue;
      }
      if (response.retCode === 10006 && rateLimited < 8) {
        rateLimited += 1;
        this.backOff(group, response);
        this.logger.warn('bybit rate limit hit; backing off', { group });
        continue;
      }
      throw errorFromRetCode(response.retCode, response.retMsg);
    }
  }

  /** Every page of a cursor-paged read (at most `maxPages`), the rows of all pages in order. */
  async pages(
    group: EndpointGroup,
    fetch: (cursor: string | undefined) => Promise<unknown>,
    maxPages = 100,
  ): Promise<unknown[]> {
    const all: unknown[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < maxPages; page += 1) {
      const response = await this.request(group, () => fetch(cursor), { idempotent: true });
      const { list, cursor: next } = resultList(response.result);
      all.push(...list);
      if (!next || next === cursor || list.length === 0) break;
      cursor = next;
    }
    return all;
  }
}
