/**
 * The gateway's reads (market data, account, orders and fills): each a request or a run of pages on the
 * transport, safe to send again after a lost answer, mapped to typed rows. Instruments are cached.
 */
import { resultList, type RestTransport } from './rest-transport';
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
import type { SyncedRestClient } from './sdk-clients';
import type {
  AccountInfo,
  ApiKeyInfo,
  Execution,
  Instrument,
  Order,
  Position,
  Ticker,
  WalletBalance,
} from './types';

export interface RestReadsOptions {
  /** How long instruments stay cached (default 10 min). */
  instrumentsTtlMs?: number;
  /** Instruments per page (Bybit allows 1–1000; default 1000). */
  instrumentsPageSize?: number;
}

/** One symbol, or every symbol settled in a coin. */
export interface SymbolOrSettleCoin {
  symbol?: string;
  settleCoin?: string;
}

/**
 * Bybit's scope parameters for USDT perpetuals: the linear category, then a symbol alone when there is one,
 * otherwise the settle coin (USDT by default).
 */
function linearScope(filter: SymbolOrSettleCoin): {
  category: 'linear';
  symbol?: string;
  settleCoin?: string;
} {
  return {
    category: 'linear',
    symbol: filter.symbol,
    settleCoin: filter.symbol ? undefined : (filter.settleCoin ?? 'USDT'),
  };
}

export interface ExecutionFilter {
  symbol?: string;
  orderId?: string;
  orderLinkId?: string;
  settleCoin?: string;
  startTime?: number;
}

/** Bybit's open order states; every other state is final. */
const openOrderStatuses = new Set(['New', 'PartiallyFilled', 'Untriggered', 'Created']);

export class RestReads {
  private instruments: { at: number; list: Instrument[] } | null = null;
  private instrumentsLoading: Promise<Instrument[]> | null = null;

  constructor(
    private readonly transport: RestTransport,
    private readonly options: RestReadsOptions = {},
  ) {}

  private get rest(): SyncedRestClient {
    return this.transport.rest;
  }

  // ---- market data --------------------------------------------------------------------------------

  async getInstruments(options: { refresh?: boolean } = {}): Promise<Instrument[]> {
    const clock = this.transport.clock;
    const ttl = this.options.instrumentsTtlMs ?? 10 * 60_000;
    if (!options.refresh && this.instruments && clock.now() - this.instruments.at < ttl)
      return this.instruments.list;
    this.instrumentsLoading ??= this.transport
      .pages('market', (cursor) =>
        this.rest.getInstrumentsInfo({
          category: 'linear',
          limit: this.options.instrumentsPageSize ?? 1000,
          cursor,
        }),
      )
      .then((rows) => {
        const list = rows.map(toInstrument);
        this.instruments = { at: clock.now(), list };
        return list;
      })
      .finally(() => {
        this.instrumentsLoading = null;
      });
    return this.instrumentsLoading;
  }

  async marketRead(call: (rest: SyncedRestClient) => Promise<unknown>): Promise<unknown> {
    return (await this.transport.request('market', () => call(this.rest), { idempotent: true })).result;
  }

  async getTickers(symbol?: string): Promise<Ticker[]> {
    const response = await this.transport.request(
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
    const response = await this.transport.request(
      'account/wallet-balance',
      () => this.rest.getWalletBalance({ accountType: 'UNIFIED', coin: coins.join(',') || undefined }),
      { idempotent: true },
    );
    const first = resultList(response.result).list[0];
    return toWalletBalance(first);
  }

  async getPositions(filter: SymbolOrSettleCoin = { settleCoin: 'USDT' }): Promise<Position[]> {
    const rows = await this.transport.pages('position/list', (cursor) =>
      this.rest.getPositionInfo({ ...linearScope(filter), limit: 200, cursor }),
    );
    return rows.map(toPosition);
  }

  async getAccountInfo(): Promise<AccountInfo> {
    const response = await this.transport.request('account/info', () => this.rest.getAccountInfo(), {
      idempotent: true,
    });
    return toAccountInfo(response.result);
  }

  async getApiKeyInfo(): Promise<ApiKeyInfo> {
    const response = await this.transport.request('user/query-api', () => this.rest.getQueryApiKey(), {
      idempotent: true,
    });
    return toApiKeyInfo(response.result);
  }

  // ---- orders and fills ---------------------------------------------------------------------------

  async getOpenOrders(filter: SymbolOrSettleCoin = { settleCoin: 'USDT' }): Promise<Order[]> {
    const rows = await this.transport.pages('order/realtime', (cursor) =>
      this.rest.getActiveOrders({ ...linearScope(filter), openOnly: 0, limit: 50, cursor }),
    );
    return rows.map(toOrder);
  }

  /**
   * Two sources: the recent closed orders (`openOnly=1`, Bybit keeps the last 500) updated since then,
   * and the order history from then on (which Bybit fills with some delay).
   */
  async getOrdersClosedSince(
    sinceServerMs: number,
    filter: SymbolOrSettleCoin = { settleCoin: 'USDT' },
  ): Promise<Order[]> {
    const scope = { ...linearScope(filter), limit: 50 };
    const [recent, history] = await Promise.all([
      this.transport.pages(
        'order/realtime',
        (cursor) => this.rest.getActiveOrders({ ...scope, openOnly: 1, cursor }),
        10,
      ),
      this.transport.pages('order/history', (cursor) =>
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

  /** Looks at open orders, then recent closed ones (`openOnly=1`), then order history. */
  async findOrderByLinkId(symbol: string, orderLinkId: string): Promise<Order | null> {
    for (const openOnly of [0, 1] as const) {
      const response = await this.transport.request(
        'order/realtime',
        () => this.rest.getActiveOrders({ category: 'linear', symbol, orderLinkId, openOnly, limit: 50 }),
        { idempotent: true },
      );
      const match = resultList(response.result)
        .list.map(toOrder)
        .find((o) => o.orderLinkId === orderLinkId);
      if (match) return match;
    }
    const history = await this.transport.request(
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

  async getExecutions(filter: ExecutionFilter): Promise<Execution[]> {
    const rows = await this.transport.pages('execution/list', (cursor) =>
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
}
