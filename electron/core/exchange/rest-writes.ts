/**
 * The gateway's writes: placing orders (with the resend rule, and settling an outcome left unknown),
 * cancelling them, and a position's settings (leverage, stop-loss, one-way or hedge mode).
 */
import type { Logger } from '../util/logger';
import { ExchangeError } from './errors';
import { placeOrdersWith, type PlacementOptions } from './order-placement';
import { resolveOrderWith, type OrderLookup, type OrderResolution } from './order-resolution';
import { orderLinkIdProblem } from './order-validation';
import type { EndpointGroup } from './rate-limiter';
import type { RestTransport } from './rest-transport';
import type { OrderRequest, PlaceOrderResult, PositionIdx } from './types';

export interface RestWritesDeps {
  transport: RestTransport;
  logger: Logger;
  /** How an order is looked up by orderLinkId when its outcome is unclear. */
  findOrder: OrderLookup['findOrder'];
  /** The gateway's `placement` option; `recvWindowMs` is always the transport's. */
  placement?: Omit<PlacementOptions, 'recvWindowMs'>;
}

function orderParams(order: OrderRequest) {
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

export class RestWrites {
  constructor(private readonly deps: RestWritesDeps) {}

  private get transport(): RestTransport {
    return this.deps.transport;
  }

  /**
   * A settings change on `group`, sent again when its answer is lost (setting it twice is harmless). Bybit
   * may answer "not modified" (`notModifiedRetCode`): that is success with `changed: false`; any other error
   * is thrown.
   */
  private async changeSetting(
    group: EndpointGroup,
    notModifiedRetCode: number,
    send: () => Promise<unknown>,
  ): Promise<{ changed: boolean }> {
    try {
      await this.transport.request(group, send, { idempotent: true });
      return { changed: true };
    } catch (error) {
      if (error instanceof ExchangeError && error.retCode === notModifiedRetCode) return { changed: false };
      throw error;
    }
  }

  private orderLookup(): OrderLookup {
    const { transport } = this;
    return {
      findOrder: this.deps.findOrder,
      banned: () => transport.banned(),
      now: () => transport.clock.now(),
      sleep: (ms) => transport.clock.sleep(ms),
    };
  }

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
    const placement = this.deps.placement ?? {};
    return resolveOrderWith(this.orderLookup(), symbol, orderLinkId, {
      ...placement,
      recvWindowMs: this.transport.recvWindowMs,
      sentAt: options.sentAt,
      wait: options.wait,
    });
  }

  async placeOrders(orders: readonly OrderRequest[]): Promise<PlaceOrderResult[]> {
    const { transport } = this;
    const { logger } = this.deps;
    const startedAt = transport.clock.now();
    const results = await placeOrdersWith(
      {
        ...this.orderLookup(),
        batchLimiter: transport.limits.group('order/create-batch'),
        singleLimiter: transport.limits.group('order/create'),
        sendSingle: (order) =>
          transport.sendOnce('order/create', () => transport.rest.submitOrder(orderParams(order))),
        sendBatch: (list) =>
          transport.sendOnce('order/create-batch', () =>
            transport.rest.batchSubmitOrders(
              'linear',
              list.map((order) => {
                const { category: _category, ...rest } = orderParams(order);
                return rest;
              }),
            ),
          ),
        resyncClock: async () => {
          logger.warn('bybit reported clock skew while placing orders; resynchronising');
          await transport.syncClock();
        },
        backOff: (group, response) => transport.backOff(group, response),
      },
      orders,
      { ...this.deps.placement, recvWindowMs: transport.recvWindowMs },
    );
    const count = (status: PlaceOrderResult['status']) => results.filter((r) => r.status === status).length;
    logger.info('orders placed', {
      orders: orders.length,
      accepted: count('accepted'),
      rejected: count('rejected'),
      unknown: count('unknown'),
      recovered: results.filter((r) => r.status === 'accepted' && r.recovered).length,
      ms: transport.clock.now() - startedAt,
    });
    for (const result of results) {
      if (result.status === 'unknown')
        logger.warn('order outcome unknown', {
          orderLinkId: result.orderLinkId,
          code: result.error.code,
        });
    }
    return results;
  }

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
    const response = await this.transport.request(
      'order/cancel',
      () =>
        this.transport.rest.cancelOrder({
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

  async setLeverage(
    symbol: string,
    buyLeverage: string,
    sellLeverage: string,
  ): Promise<{ changed: boolean }> {
    return this.changeSetting('position/set-leverage', 110043, () =>
      this.transport.rest.setLeverage({ category: 'linear', symbol, buyLeverage, sellLeverage }),
    );
  }

  async setTradingStop(stop: {
    symbol: string;
    positionIdx: PositionIdx;
    stopLoss: string;
  }): Promise<{ changed: boolean }> {
    return this.changeSetting('position/trading-stop', 34040, () =>
      this.transport.rest.setTradingStop({
        category: 'linear',
        symbol: stop.symbol,
        tpslMode: 'Full',
        positionIdx: stop.positionIdx,
        stopLoss: stop.stopLoss,
        slTriggerBy: 'MarkPrice',
      }),
    );
  }

  async setPositionMode(
    target: { symbol: string } | { coin: string },
    mode: 'one-way' | 'hedge',
  ): Promise<{ changed: boolean }> {
    return this.changeSetting('position/switch-mode', 110025, () =>
      this.transport.rest.switchPositionMode({
        category: 'linear',
        ...('symbol' in target ? { symbol: target.symbol } : { coin: target.coin }),
        mode: mode === 'hedge' ? 3 : 0,
      }),
    );
  }
}
