/**
 * The Bybit REST gateway: every call Synthex makes to Bybit, through the bybit-api SDK, with the
 * clock kept in sync, client-side rate limits, typed results and typed errors.
 *
 * This class is the one entry callers use; the work is done by three collaborators it builds:
 * the transport (rest-transport.ts: requests, retries, rate limits, IP ban, clock offset), the reads
 * (rest-reads.ts) and the writes (rest-writes.ts).
 */
import type { Logger } from '../util/logger';
import type { ExchangeEndpoints } from './environments';
import type { ExchangeError } from './errors';
import type { PlacementOptions } from './order-placement';
import type { OrderResolution } from './order-resolution';
import { RateLimits, systemClock, type LimiterClock } from './rate-limiter';
import {
  RestReads,
  type ExecutionFilter,
  type RestReadsOptions,
  type SymbolOrSettleCoin,
} from './rest-reads';
import { RestTransport } from './rest-transport';
import { RestWrites } from './rest-writes';
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

/** The instruments cache's options (`instrumentsTtlMs`, `instrumentsPageSize`) are RestReadsOptions. */
export interface BybitGatewayOptions extends RestReadsOptions {
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
  /** Retries of a read after a 5xx, timeout or lost connection (default 2). */
  readRetries?: number;
  /** Use this SDK client instead of building one (tests). */
  restClient?: SyncedRestClient;
}

export class BybitGateway {
  readonly rest: SyncedRestClient;
  readonly limits: RateLimits;
  private readonly endpoints: ExchangeEndpoints;
  private readonly transport: RestTransport;
  private readonly reads: RestReads;
  private readonly writes: RestWrites;

  constructor(options: BybitGatewayOptions) {
    const clock = options.clock ?? systemClock;
    this.endpoints = options.endpoints;
    this.limits = options.rateLimits ?? new RateLimits({ clock });
    this.rest =
      options.restClient ??
      createRestClient({
        endpoints: options.endpoints,
        credentials: options.credentials ?? null,
        timeoutMs: options.requestTimeoutMs ?? 10_000,
        recvWindowMs: options.recvWindowMs,
      });
    this.transport = new RestTransport({
      rest: this.rest,
      limits: this.limits,
      logger: options.logger,
      clock,
      canSign: Boolean(options.credentials || options.restClient),
      readRetries: options.readRetries,
    });
    this.reads = new RestReads(this.transport, options);
    this.writes = new RestWrites({
      transport: this.transport,
      logger: options.logger,
      placement: options.placement,
      // Through the public method, so that every lookup placement makes is one a caller can observe.
      findOrder: (symbol, orderLinkId) => this.findOrderByLinkId(symbol, orderLinkId),
    });
  }

  get environment(): ExchangeEndpoints['environment'] {
    return this.endpoints.environment;
  }

  /** HTTP requests sent so far (retries included), for benchmarks and run records. */
  get roundTrips(): number {
    return this.transport.roundTrips;
  }

  /** Measured offset: Bybit's clock minus ours, in ms. */
  get clockOffsetMs(): number {
    return this.transport.clockOffsetMs;
  }

  /** The recv_window the REST client signs with. */
  get recvWindowMs(): number {
    return this.transport.recvWindowMs;
  }

  /** Called with each newly measured clock offset (the streams use it for their auth signatures). */
  onClockSync(listener: (offsetMs: number) => void): () => void {
    return this.transport.onClockSync(listener);
  }

  /** Measure the clock offset. Call once before trading; the gateway calls it again on 10002. */
  async start(): Promise<void> {
    await this.syncClock();
  }

  async syncClock(): Promise<number> {
    return this.transport.syncClock();
  }

  /** The IP-ban error while Bybit's 403 ban lasts, else null. */
  banned(): ExchangeError | null {
    return this.transport.banned();
  }

  // ---- market data --------------------------------------------------------------------------------

  /** Every linear instrument (all pages), cached for `instrumentsTtlMs`. */
  getInstruments(options: { refresh?: boolean } = {}): Promise<Instrument[]> {
    return this.reads.getInstruments(options);
  }

  async getInstrument(symbol: string): Promise<Instrument | null> {
    return (await this.getInstruments()).find((i) => i.symbol === symbol) ?? null;
  }

  /**
   * A public market-data read for readers outside this file (market history): the IP limit, retries
   * and back-off of every read; resolves with the envelope's `result`, or throws ExchangeError.
   */
  marketRead(call: (rest: SyncedRestClient) => Promise<unknown>): Promise<unknown> {
    return this.reads.marketRead(call);
  }

  getTickers(symbol?: string): Promise<Ticker[]> {
    return this.reads.getTickers(symbol);
  }

  // ---- account ------------------------------------------------------------------------------------

  getWalletBalance(coins?: string[]): Promise<WalletBalance> {
    return this.reads.getWalletBalance(coins);
  }

  /**
   * Positions for a symbol (rows even when flat; two rows in hedge mode) or all open ones for a settle
   * coin (default USDT).
   */
  getPositions(filter?: SymbolOrSettleCoin): Promise<Position[]> {
    return this.reads.getPositions(filter);
  }

  /** The account's kind (classic or unified) and margin mode. */
  getAccountInfo(): Promise<AccountInfo> {
    return this.reads.getAccountInfo();
  }

  getApiKeyInfo(): Promise<ApiKeyInfo> {
    return this.reads.getApiKeyInfo();
  }

  // ---- orders -------------------------------------------------------------------------------------

  /** Open orders (New, PartiallyFilled, Untriggered) for a symbol or settle coin (default USDT). */
  getOpenOrders(filter?: SymbolOrSettleCoin): Promise<Order[]> {
    return this.reads.getOpenOrders(filter);
  }

  /**
   * Orders that reached a final state (Filled, Cancelled, Rejected, …) at or after `sinceServerMs`
   * (Bybit's clock), one row per orderId.
   */
  getOrdersClosedSince(sinceServerMs: number, filter?: SymbolOrSettleCoin): Promise<Order[]> {
    return this.reads.getOrdersClosedSince(sinceServerMs, filter);
  }

  /** The order with this orderLinkId, open or recently closed, or null when Bybit has none. */
  findOrderByLinkId(symbol: string, orderLinkId: string): Promise<Order | null> {
    return this.reads.findOrderByLinkId(symbol, orderLinkId);
  }

  /** Fills of one order (by orderId or orderLinkId), or of a symbol / settle coin since `startTime`. */
  getExecutions(filter: ExecutionFilter): Promise<Execution[]> {
    return this.reads.getExecutions(filter);
  }

  /**
   * Settle an order placeOrders reported `unknown` (or one a restart cannot account for): `found`, or
   * `absent` (confirmed: nothing sent before `sentAt` can be booked any more, so sending is safe), or
   * still `unknown` with the time to ask again. `sentAt` is a local time no earlier than the last
   * attempt's signature: the unknown result's `lastAttemptAt`, or after a restart the time the process
   * started. `wait: true` sleeps until absence is provable (at most recv window + settle time) and looks
   * again instead of answering `unknown` early.
   */
  resolveOrder(
    symbol: string,
    orderLinkId: string,
    options: { sentAt: number; wait?: boolean },
  ): Promise<OrderResolution> {
    return this.writes.resolveOrder(symbol, orderLinkId, options);
  }

  /** Place orders; one result per order, in the same order. Never throws for an order's own failure. */
  placeOrders(orders: readonly OrderRequest[]): Promise<PlaceOrderResult[]> {
    return this.writes.placeOrders(orders);
  }

  /** Cancel an open order by orderId or orderLinkId. */
  cancelOrder(target: {
    symbol: string;
    orderId?: string;
    orderLinkId?: string;
  }): Promise<{ orderId: string; orderLinkId: string }> {
    return this.writes.cancelOrder(target);
  }

  // ---- position settings --------------------------------------------------------------------------

  /** Set leverage (decimal strings). "Not modified" (110043) is success with `changed: false`. */
  setLeverage(
    symbol: string,
    buyLeverage: string,
    sellLeverage = buyLeverage,
  ): Promise<{ changed: boolean }> {
    return this.writes.setLeverage(symbol, buyLeverage, sellLeverage);
  }

  /**
   * Bybit's own stop-loss on a position row (Full mode: the whole row, however its size changes), triggered
   * by the mark price and filled as a reduce-only market order. `stopLoss` "0" removes it. Setting what is
   * already set (34040 "not modified") is success with `changed: false`. Not an order: nothing to resend.
   */
  setTradingStop(stop: {
    symbol: string;
    positionIdx: PositionIdx;
    stopLoss: string;
  }): Promise<{ changed: boolean }> {
    return this.writes.setTradingStop(stop);
  }

  /**
   * One-way or hedge mode for a symbol or for every symbol settled in a coin. Already in that mode
   * (110025) is success with `changed: false`.
   */
  setPositionMode(
    target: { symbol: string } | { coin: string },
    mode: 'one-way' | 'hedge',
  ): Promise<{ changed: boolean }> {
    return this.writes.setPositionMode(target, mode);
  }
}
