/**
 * The Bybit REST gateway: every call Synthex makes to Bybit, through the bybit-api SDK, with the
 * clock kept in sync, client-side rate limits, typed results and typed errors.
 */
import type { Logger } from '../util/logger';
import type { ExchangeEndpoints } from './environments';
import {
  ExchangeError,
  errorFromRetCode,
  errorFromThrown,
  ipBannedError,
  malformedResponseError,
  noApiKeyError,
} from './errors';
import {
  toAccountInfo,
  toApiKeyInfo,
  toExecution,
  toInstrument,
  toOrder,
  toPosition,
  toTicker,
  toWalletBalance,
} from './mappers';
import { placeOrdersWith, type Envelope, type PlacementOptions, type Sent } from './order-placement';
import { resolveOrderWith, type OrderLookup, type OrderResolution } from './order-resolution';
import { orderLinkIdProblem } from './order-validation';
import { RateLimits, systemClock, type EndpointGroup, type LimiterClock } from './rate-limiter';
import { createRestClient, type Credentials, type SyncedRestClient } from './sdk-clients';
import type {
  AccountInfo,
  ApiKeyInfo,
  Execution,
  Instrument,
  Order,
  OrderRequest,
  PlaceOrderResult,
  Position,
  PositionIdx,
  Ticker,
  WalletBalance,
} from './types';

export interface BybitGatewayOptions {
  endpoints: ExchangeEndpoints;
  /** Null for market data only. */
  credentials?: Credentials | null;
  logger: Logger;
  clock?: LimiterClock;
  /** Per-request timeout (default 10 s). A write that times out has an unknown outcome. */
  requestTimeoutMs?: number;
  /** The recv_window requests are signed with (default 5000); the resend rule waits it out. */
  recvWindowMs?: number;
  rateLimits?: RateLimits;
  /** Placement and resend-rule settings (`settleMs`, lookups); `recvWindowMs` always follows the client. */
  placement?: Omit<PlacementOptions, 'recvWindowMs'>;
  /** How long instruments stay cached (default 10 min). */
  instrumentsTtlMs?: number;
  /** Instruments per page (Bybit allows 1–1000; default 1000). */
  instrumentsPageSize?: number;
  /** Retries of a read after a 5xx, timeout or lost connection (default 2). */
  readRetries?: number;
  /** Use this SDK client instead of building one (tests). */
  restClient?: SyncedRestClient;
}

interface RequestOptions {
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

/** Bybit's open order states; every other state is final. */
const openOrderStatuses = new Set(['New', 'PartiallyFilled', 'Untriggered', 'Created']);

function resultList(result: unknown): { list: unknown[]; cursor: string } {
  const r = (result && typeof result === 'object' ? result : {}) as Record<string, unknown>;
  return {
    list: Array.isArray(r.list) ? r.list : [],
    cursor: typeof r.nextPageCursor === 'string' ? r.nextPageCursor : '',
  };
}

export class BybitGateway {
  /** HTTP requests sent so far (retries included), for benchmarks and run records. */
  roundTrips = 0;
  readonly rest: SyncedRestClient;
  readonly limits: RateLimits;
  private readonly logger: Logger;
  private readonly clock: LimiterClock;
  private readonly options: BybitGatewayOptions;
  private offsetMs = 0;
  private bannedUntil = 0;
  private instruments: { at: number; list: Instrument[] } | null = null;
  private instrumentsLoading: Promise<Instrument[]> | null = null;
  private readonly clockListeners = new Set<(offsetMs: number) => void>();

  constructor(options: BybitGatewayOptions) {
    this.options = options;
    this.logger = options.logger;
    this.clock = options.clock ?? systemClock;
    this.limits = options.rateLimits ?? new RateLimits({ clock: this.clock });
    this.rest =
      options.restClient ??
      createRestClient({
        endpoints: options.endpoints,
        credentials: options.credentials ?? null,
        timeoutMs: options.requestTimeoutMs ?? 10_000,
        recvWindowMs: options.recvWindowMs,
      });
  }

  get environment(): ExchangeEndpoints['environment'] {
    return this.options.endpoints.environment;
  }

  /** Measured offset: Bybit's clock minus ours, in ms. */
  get clockOffsetMs(): number {
    return this.offsetMs;
  }

  /** Called with each newly measured clock offset (the streams use it for their auth signatures). */
  onClockSync(listener: (offsetMs: number) => void): () => void {
    this.clockListeners.add(listener);
    return () => this.clockListeners.delete(listener);
  }

  /** Measure the clock offset. Call once before trading; the gateway calls it again on 10002. */
  async start(): Promise<void> {
    await this.syncClock();
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

  // ---- transport ----------------------------------------------------------------------------------

  /**
   * Send once: ban check, IP limit, SDK call, header bookkeeping. Never throws. The group's quota must
   * already be taken by the caller.
   */
  private async sendOnce(group: EndpointGroup, call: Call): Promise<Sent> {
    if (group !== 'market' && !this.options.credentials && !this.options.restClient)
      return { ok: false, error: noApiKeyError() };
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

  private resetLocal(response: Envelope): number | null {
    const reset = response.rateLimitApi?.resetAtTimestamp;
    return typeof reset === 'number' && Number.isFinite(reset) ? reset - this.offsetMs : null;
  }

  /**
   * A request with the gateway's retry rules: 10002 resyncs the clock and retries once; 10006 backs off
   * and retries; a lost answer is retried only for idempotent requests. Returns the successful envelope
   * or throws ExchangeError.
   */
  private async request(group: EndpointGroup, call: Call, options: RequestOptions): Promise<Envelope> {
    const units = options.units ?? 1;
    let resynced = false;
    let rateLimited = 0;
    let transportRetries = 0;
    const maxTransportRetries = options.idempotent ? (this.options.readRetries ?? 2) : 0;
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
        this.limits.backOff(group, this.resetLocal(response));
        this.logger.warn('bybit rate limit hit; backing off', { group });
        continue;
      }
      throw errorFromRetCode(response.retCode, response.retMsg);
    }
  }

  private async pages(
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

  // ---- market data --------------------------------------------------------------------------------

  /** Every linear instrument (all pages), cached for `instrumentsTtlMs`. */
  async getInstruments(options: { refresh?: boolean } = {}): Promise<Instrument[]> {
    const ttl = this.options.instrumentsTtlMs ?? 10 * 60_000;
    if (!options.refresh && this.instruments && this.clock.now() - this.instruments.at < ttl)
      return this.instruments.list;
    this.instrumentsLoading ??= this.pages('market', (cursor) =>
      this.rest.getInstrumentsInfo({
        category: 'linear',
        limit: this.options.instrumentsPageSize ?? 1000,
        cursor,
      }),
    )
      .then((rows) => {
        const list = rows.map(toInstrument);
        this.instruments = { at: this.clock.now(), list };
        return list;
      })
      .finally(() => {
        this.instrumentsLoading = null;
      });
    return this.instrumentsLoading;
  }

  async getInstrument(symbol: string): Promise<Instrument | null> {
    return (await this.getInstruments()).find((i) => i.symbol === symbol) ?? null;
  }

  /**
   * A public market-data read for readers outside this file (market history): the IP limit, retries
   * and back-off of every read; resolves with the envelope's `result`, or throws ExchangeError.
   */
  async marketRead(call: (rest: SyncedRestClient) => Promise<unknown>): Promise<unknown> {
    return (await this.request('market', () => call(this.rest), { idempotent: true })).result;
  }

  async getTickers(symbol?: string): Promise<Ticker[]> {
    const response = await this.request(
      'market',
      () => this.rest.getTickers({ category: 'linear', symbol }),
      {
        idempotent: true,
      },
    );
    return resultList(response.result).list.map(toTicker);
  }

  // ---- account ------------------------------------------------------------------------------------

  async getWalletBalance(coins: string[] = ['USDT']): Promise<WalletBalance> {
    const response = await this.request(
      'account/wallet-balance',
      () => this.rest.getWalletBalance({ accountType: 'UNIFIED', coin: coins.join(',') || undefined }),
      { idempotent: true },
    );
    const first = resultList(response.result).list[0];
    return toWalletBalance(first);
  }

  /** Positions for a symbol (rows even when flat; two rows in hedge mode) or all open ones for a settle coin. */
  async getPositions(
    filter: { symbol?: string; settleCoin?: string } = { settleCoin: 'USDT' },
  ): Promise<Position[]> {
    const rows = await this.pages('position/list', (cursor) =>
      this.rest.getPositionInfo({
        category: 'linear',
        symbol: filter.symbol,
        settleCoin: filter.symbol ? undefined : (filter.settleCoin ?? 'USDT'),
        limit: 200,
        cursor,
      }),
    );
    return rows.map(toPosition);
  }

  /** The account's kind (classic or unified) and margin mode. */
  async getAccountInfo(): Promise<AccountInfo> {
    const response = await this.request('account/info', () => this.rest.getAccountInfo(), {
      idempotent: true,
    });
    return toAccountInfo(response.result);
  }

  async getApiKeyInfo(): Promise<ApiKeyInfo> {
    const response = await this.request('user/query-api', () => this.rest.getQueryApiKey(), {
      idempotent: true,
    });
    return toApiKeyInfo(response.result);
  }

  // ---- orders -------------------------------------------------------------------------------------

  /** Open orders (New, PartiallyFilled, Untriggered) for a symbol or settle coin. */
  async getOpenOrders(
    filter: { symbol?: string; settleCoin?: string } = { settleCoin: 'USDT' },
  ): Promise<Order[]> {
    const rows = await this.pages('order/realtime', (cursor) =>
      this.rest.getActiveOrders({
        category: 'linear',
        symbol: filter.symbol,
        settleCoin: filter.symbol ? undefined : (filter.settleCoin ?? 'USDT'),
        openOnly: 0,
        limit: 50,
        cursor,
      }),
    );
    return rows.map(toOrder);
  }

  /**
   * Orders that reached a final state (Filled, Cancelled, Rejected, …) at or after `sinceServerMs`
   * (Bybit's clock), one row per orderId: the recent closed orders (`openOnly=1`, Bybit keeps the last
   * 500) updated since then, and the order history from then on (which Bybit fills with some delay).
   */
  async getOrdersClosedSince(
    sinceServerMs: number,
    filter: { symbol?: string; settleCoin?: string } = { settleCoin: 'USDT' },
  ): Promise<Order[]> {
    const scope = {
      category: 'linear' as const,
      symbol: filter.symbol,
      settleCoin: filter.symbol ? undefined : (filter.settleCoin ?? 'USDT'),
      limit: 50,
    };
    const [recent, history] = await Promise.all([
      this.pages(
        'order/realtime',
        (cursor) => this.rest.getActiveOrders({ ...scope, openOnly: 1, cursor }),
        10,
      ),
      this.pages('order/history', (cursor) =>
        this.rest.getHistoricOrders({ ...scope, startTime: Math.floor(sinceServerMs), cursor }),
      ),
    ]);
    const byId = new Map<string, Order>();
    for (const order of [...history, ...recent].map(toOrder)) {
      if (openOrderStatuses.has(order.orderStatus) || Number(order.updatedTime) < sinceServerMs) continue;
      const seen = byId.get(order.orderId);
      if (!seen || Number(order.updatedTime) >= Number(seen.updatedTime)) byId.set(order.orderId, order);
    }
    return [...byId.values()];
  }

  /**
   * The order with this orderLinkId, open or recently closed, or null when Bybit has none. Looks at open
   * orders, then recent closed ones (`openOnly=1`), then order history.
   */
  async findOrderByLinkId(symbol: string, orderLinkId: string): Promise<Order | null> {
    for (const openOnly of [0, 1] as const) {
      const response = await this.request(
        'order/realtime',
        () => this.rest.getActiveOrders({ category: 'linear', symbol, orderLinkId, openOnly, limit: 50 }),
        { idempotent: true },
      );
      const match = resultList(response.result)
        .list.map(toOrder)
        .find((o) => o.orderLinkId === orderLinkId);
      if (match) return match;
    }
    const history = await this.request(
      'order/history',
      () => this.rest.getHistoricOrders({ category: 'linear', symbol, orderLinkId, limit: 50 }),
      { idempotent: true },
    );
    return (
      resultList(history.result)
        .list.map(toOrder)
        .find((o) => o.orderLinkId === orderLinkId) ?? null
    );
  }

  /** Fills of one order (by orderId or orderLinkId), or of a symbol / settle coin since `startTime`. */
  async getExecutions(filter: {
    symbol?: string;
    orderId?: string;
    orderLinkId?: string;
    settleCoin?: string;
    startTime?: number;
  }): Promise<Execution[]> {
    const rows = await this.pages('execution/list', (cursor) =>
      this.rest.getExecutionList({
        category: 'linear',
        symbol: filter.symbol,
        orderId: filter.orderId,
        orderLinkId: filter.orderId ? undefined : filter.orderLinkId,
        settleCoin: filter.symbol ? undefined : filter.settleCoin,
        startTime: filter.startTime,
        limit: 100,
        cursor,
      }),
    );
    return rows.map(toExecution);
  }

  /** The recv_window the REST client signs with. */
  get recvWindowMs(): number {
    return this.rest.getRecvWindowMs();
  }

  private orderLookup(): OrderLookup {
    return {
      findOrder: (symbol, orderLinkId) => this.findOrderByLinkId(symbol, orderLinkId),
      banned: () => this.banned(),
      now: () => this.clock.now(),
      sleep: (ms) => this.clock.sleep(ms),
    };
  }

  /**
   * Settle an order placeOrders reported `unknown` (or one a restart cannot account for): `found`, or
   * `absent` (confirmed: nothing sent before `sentAt` can be booked any more, so sending is safe), or
   * still `unknown` with the time to ask again. `sentAt` is a local time no earlier than the last
   * attempt's signature: the unknown result's `lastAttemptAt`, or after a restart the time the process
   * started. `wait: true` sleeps until absence is provable (at most recv window + settle time) and looks
   * again instead of answering `unknown` early.
   */
  async resolveOrder(
    symbol: string,
    orderLinkId: string,
    options: { sentAt: number; wait?: boolean },
  ): Promise<OrderResolution> {
    const problem = orderLinkIdProblem(orderLinkId);
    if (!symbol || problem || !Number.isFinite(options.sentAt))
      throw new ExchangeError({
        code: 'INVALID_ORDER',
        retryable: false,
        message: !symbol
          ? 'An order to look up needs its symbol.'
          : problem
            ? `The client order id to look up ${problem}.`
            : 'An order to look up needs the time its last attempt was sent.',
      });
    const placement = this.options.placement ?? {};
    return resolveOrderWith(this.orderLookup(), symbol, orderLinkId, {
      ...placement,
      recvWindowMs: this.recvWindowMs,
      sentAt: options.sentAt,
      wait: options.wait,
    });
  }

  /** Place orders; one result per order, in the same order. Never throws for an order's own failure. */
  async placeOrders(orders: readonly OrderRequest[]): Promise<PlaceOrderResult[]> {
    const startedAt = this.clock.now();
    const results = await placeOrdersWith(
      {
        ...this.orderLookup(),
        batchLimiter: this.limits.group('order/create-batch'),
        singleLimiter: this.limits.group('order/create'),
        sendSingle: (order) =>
          this.sendOnce('order/create', () => this.rest.submitOrder(this.orderParams(order))),
        sendBatch: (list) =>
          this.sendOnce('order/create-batch', () =>
            this.rest.batchSubmitOrders(
              'linear',
              list.map((order) => {
                const { category: _category, ...rest } = this.orderParams(order);
                return rest;
              }),
            ),
          ),
        resyncClock: async () => {
          this.logger.warn('bybit reported clock skew while placing orders; resynchronising');
          await this.syncClock();
        },
        backOff: (group, response) => {
          this.limits.backOff(group, response ? this.resetLocal(response) : null);
        },
      },
      orders,
      { ...this.options.placement, recvWindowMs: this.recvWindowMs },
    );
    const count = (status: PlaceOrderResult['status']) => results.filter((r) => r.status === status).length;
    this.logger.info('orders placed', {
      orders: orders.length,
      accepted: count('accepted'),
      rejected: count('rejected'),
      unknown: count('unknown'),
      recovered: results.filter((r) => r.status === 'accepted' && r.recovered).length,
      ms: this.clock.now() - startedAt,
    });
    for (const result of results) {
      if (result.status === 'unknown')
        this.logger.warn('order outcome unknown', {
          orderLinkId: result.orderLinkId,
          code: result.error.code,
        });
    }
    return results;
  }

  private orderParams(order: OrderRequest) {
    return {
      category: 'linear' as const,
      symbol: order.symbol,
      side: order.side,
      orderType: order.orderType,
      qty: order.qty,
      price: order.orderType === 'Limit' ? order.price : undefined,
      timeInForce: order.timeInForce,
      positionIdx: order.positionIdx,
      reduceOnly: order.reduceOnly,
      orderLinkId: order.orderLinkId,
    };
  }

  /** Cancel an open order by orderId or orderLinkId. */
  async cancelOrder(target: {
    symbol: string;
    orderId?: string;
    orderLinkId?: string;
  }): Promise<{ orderId: string; orderLinkId: string }> {
    if (!target.orderId && !target.orderLinkId)
      throw new ExchangeError({
        code: 'INVALID_ORDER',
        retryable: false,
        message: 'An order to cancel needs its order id or client order id.',
      });
    const response = await this.request(
      'order/cancel',
      () =>
        this.rest.cancelOrder({
          category: 'linear',
          symbol: target.symbol,
          orderId: target.orderId,
          orderLinkId: target.orderId ? undefined : target.orderLinkId,
        }),
      { idempotent: false },
    );
    const r = (response.result ?? {}) as Record<string, unknown>;
    return { orderId: String(r.orderId ?? ''), orderLinkId: String(r.orderLinkId ?? '') };
  }

  // ---- position settings --------------------------------------------------------------------------

  /** Set leverage (decimal strings). "Not modified" (110043) is success with `changed: false`. */
  async setLeverage(
    symbol: string,
    buyLeverage: string,
    sellLeverage = buyLeverage,
  ): Promise<{ changed: boolean }> {
    try {
      await this.request(
        'position/set-leverage',
        () => this.rest.setLeverage({ category: 'linear', symbol, buyLeverage, sellLeverage }),
        { idempotent: true },
      );
      return { changed: true };
    } catch (error) {
      if (error instanceof ExchangeError && error.retCode === 110043) return { changed: false };
      throw error;
    }
  }

  /**
   * Bybit's own stop-loss on a position row (Full mode: the whole row, however its size changes), triggered
   * by the mark price and filled as a reduce-only market order. `stopLoss` "0" removes it. Setting what is
   * already set (34040 "not modified") is success with `changed: false`. Not an order: nothing to resend.
   */
  async setTradingStop(stop: {
    symbol: string;
    positionIdx: PositionIdx;
    stopLoss: string;
  }): Promise<{ changed: boolean }> {
    try {
      await this.request(
        'position/trading-stop',
        () =>
          this.rest.setTradingStop({
            category: 'linear',
            symbol: stop.symbol,
            tpslMode: 'Full',
            positionIdx: stop.positionIdx,
            stopLoss: stop.stopLoss,
            slTriggerBy: 'MarkPrice',
          }),
        { idempotent: true },
      );
      return { changed: true };
    } catch (error) {
      if (error instanceof ExchangeError && error.retCode === 34040) return { changed: false };
      throw error;
    }
  }

  /**
   * One-way or hedge mode for a symbol or for every symbol settled in a coin. Already in that mode
   * (110025) is success with `changed: false`.
   */
  async setPositionMode(
    target: { symbol: string } | { coin: string },
    mode: 'one-way' | 'hedge',
  ): Promise<{ changed: boolean }> {
    try {
      await this.request(
        'position/switch-mode',
        () =>
          this.rest.switchPositionMode({
            category: 'linear',
            ...('symbol' in target ? { symbol: target.symbol } : { coin: target.coin }),
            mode: mode === 'hedge' ? 3 : 0,
          }),
        { idempotent: true },
      );
      return { changed: true };
    } catch (error) {
      if (error instanceof ExchangeError && error.retCode === 110025) return { changed: false };
      throw error;
    }
  }
}
