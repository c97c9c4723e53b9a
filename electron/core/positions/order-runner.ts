import type { Kysely } from 'kysely';
import { Dec } from '../../../shared/decimal';
import type { OrderKind } from '../../../shared/domain/positions';
import type { AccountSession } from '../bybit-account/exchange-sessions';
import type { UserDb } from '../db';
import { ExchangeError, type Order, type OrderRequest, type PlaceOrderResult } from '../exchange';
import type { Logger } from '../util/logger';
import type { BusySymbols } from '../ledger/busy-symbols';
import type { GuardedOrders } from './guard/account-desk';
import { isFinalStatus, type FillTracker } from './fill-tracker';
import { isPermanentRejection } from './rejections';
import {
  filledByOrder,
  insertOrderIntents,
  updateOrder,
  type OrderIntent,
  type OrderRow,
} from '../ledger/position-repository';

/**
 * An order the position wants placed; the runner gives it its row and sends it. `goal` is what the position
 * works toward on the symbol with it (signed: 0 to close), which the pre-trade guard judges it by.
 */
export type PlannedOrder = Omit<OrderIntent, 'positionId'> & { goal: string };

/** How an order ended, once it is final on Bybit and every fill of it is stored. */
export interface SettledOrder {
  row: OrderRow;
  state: 'filled' | 'cancelled' | 'rejected';
  filled: Dec;
  error: { code: string; message: string; permanent: boolean } | null;
}

/**
 * What a round that trades legs (a close's, or one toward the targets) may end with besides its own ends:
 * legs to attribute from the account's executions, a fresh look at the account, or orders sent and settled.
 */
export type TradingRoundOutcome =
  { kind: 'explain'; symbols: string[] } | { kind: 'again' } | { kind: 'sent'; settled: SettledOrder[] };

/** The position cannot move on until Bybit answers; it stays where it is and is driven again later. */
export class StuckError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StuckError';
  }
}

export interface OrderRunnerOptions {
  /** How long to wait for the stream to report an order final before asking over REST (ms). */
  streamFinalMs?: number;
  /** How long to wait for the stream to deliver an order's fills before fetching them over REST (ms). */
  streamFillsMs?: number;
  /** How long an order may take to become final, and its fills to show over REST (ms). */
  settleDeadlineMs?: number;
  /** How long an order whose outcome Bybit left open may stay unresolved (ms). */
  resolveDeadlineMs?: number;
  pollMs?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function toRequest(row: OrderRow): OrderRequest {
  return {
    symbol: row.symbol,
    side: row.side as 'Buy' | 'Sell',
    orderType: row.limit_price ? 'Limit' : 'Market',
    qty: row.quantity,
    ...(row.limit_price ? { price: row.limit_price, timeInForce: 'IOC' as const } : {}),
    positionIdx: row.position_idx as 0 | 1 | 2,
    reduceOnly: row.reduce_only,
    orderLinkId: row.order_link_id,
  };
}

/**
 * Sends a position's orders and brings each to an end that is known and stored: written as an intent
 * first, sent through the shared gateway, then final on Bybit with every fill in `trades`. An order whose
 * outcome Bybit left open is looked up until it is found or provably absent; it is never sent again here
 * (a retry is a new attempt with its own orderLinkId, decided by the caller).
 */
export class OrderRunner {
  private readonly streamFinalMs: number;
  private readonly streamFillsMs: number;
  private readonly settleDeadlineMs: number;
  private readonly resolveDeadlineMs: number;
  private readonly pollMs: number;

  constructor(
    private readonly deps: {
      db: () => Kysely<UserDb>;
      session: AccountSession;
      tracker: FillTracker;
      logger: Logger;
      /** Counts the symbols with orders on their way (for reconciliation). */
      busy?: BusySymbols;
      /** Marks the stages of a placement (the bench's trace). */
      trace?: (stage: string) => void;
    },
    options: OrderRunnerOptions = {},
  ) {
    this.streamFinalMs = options.streamFinalMs ?? 1500;
    this.streamFillsMs = options.streamFillsMs ?? 400;
    this.settleDeadlineMs = options.settleDeadlineMs ?? 30_000;
    this.resolveDeadlineMs = options.resolveDeadlineMs ?? 120_000;
    this.pollMs = options.pollMs ?? 250;
  }

  /**
   * Writes, sends and settles the orders for the position; every order ends filled, cancelled or rejected.
   * Only what the pre-trade guard let through, inside the round of the account's queue it was checked in.
   */
  async place(positionId: number, guarded: GuardedOrders): Promise<SettledOrder[]> {
    if (!guarded.round.open)
      throw new Error('orders must be sent inside the account round in which the guard checked them');
    const planned = guarded.orders;
    if (planned.length === 0) return [];
    const symbols = planned.map((order) => order.symbol);
    this.deps.busy?.add(symbols);
    try {
      const rows = await insertOrderIntents(
        this.deps.db(),
        planned.map((order) => ({ ...order, positionId })),
      );
      this.deps.tracker.expect(rows);
      this.deps.trace?.('intents written');
      const results = await this.deps.session.gateway.placeOrders(rows.map(toRequest));
      this.deps.trace?.('orders acknowledged');
      const settled = await Promise.all(rows.map((row, i) => this.afterSend(row, results[i]!)));
      this.deps.trace?.('orders settled, fills stored');
      return settled;
    } finally {
      this.deps.busy?.done(symbols);
    }
  }

  /**
   * An order an earlier run left unsettled (after a crash, or a run that got stuck): looked up by its
   * orderLinkId, its fills fetched, and never sent again. `sentAt` is a local time no earlier than any send
   * of it could have been signed: after a restart, the time this process started.
   */
  async settleExisting(row: OrderRow, sentAt: number): Promise<SettledOrder> {
    this.deps.busy?.add([row.symbol]);
    try {
      return await this.settleLeftover(row, sentAt);
    } finally {
      this.deps.busy?.done([row.symbol]);
    }
  }

  private async settleLeftover(row: OrderRow, sentAt: number): Promise<SettledOrder> {
    this.deps.tracker.expect([row]);
    if (row.state === 'rejected')
      return { row, state: 'rejected', filled: new Dec(0), error: this.storedError(row) };
    if (row.state === 'filled' || row.state === 'cancelled') {
      await this.ensureFills(row, row.bybit_order_id ?? '', new Dec(row.filled_quantity));
      return this.settled(row, row.state, new Dec(row.filled_quantity), null);
    }
    if (row.state === 'accepted' && row.bybit_order_id) return this.finish(row, null);
    return this.resolve(row, sentAt);
  }

  private async afterSend(row: OrderRow, result: PlaceOrderResult): Promise<SettledOrder> {
    const db = this.deps.db();
    if (result.status === 'accepted') {
      await updateOrder(db, row.order_link_id, { state: 'accepted', bybitOrderId: result.orderId });
      return this.finish({ ...row, state: 'accepted', bybit_order_id: result.orderId }, null);
    }
    if (result.status === 'rejected') {
      const error = this.describe(result.error);
      await updateOrder(db, row.order_link_id, {
        state: 'rejected',
        errorCode: error.code,
        errorMessage: error.message,
      });
      return { row: { ...row, state: 'rejected' }, state: 'rejected', filled: new Dec(0), error };
    }
    await updateOrder(db, row.order_link_id, {
      state: 'unknown',
      errorCode: result.error.code,
      errorMessage: result.error.message,
    });
    return this.resolve({ ...row, state: 'unknown' }, result.lastAttemptAt);
  }

  /** Found → settle it; provably absent → it never reached Bybit (rejected, so a new attempt may follow). */
  private async resolve(row: OrderRow, sentAt: number): Promise<SettledOrder> {
    const deadline = Date.now() + this.resolveDeadlineMs;
    for (;;) {
      const resolution = await this.deps.session.gateway.resolveOrder(row.symbol, row.order_link_id, {
        sentAt,
        wait: true,
      });
      if (resolution.status === 'found') {
        await updateOrder(this.deps.db(), row.order_link_id, {
          state: 'accepted',
          bybitOrderId: resolution.order.orderId,
        });
        return this.finish(
          { ...row, state: 'accepted', bybit_order_id: resolution.order.orderId },
          resolution.order,
        );
      }
      if (resolution.status === 'absent') {
        const error = {
          code: 'NOT_PLACED',
          message: 'Bybit never received this order (confirmed by looking it up); nothing was booked.',
          permanent: false,
        };
        await updateOrder(this.deps.db(), row.order_link_id, {
          state: 'rejected',
          errorCode: error.code,
          errorMessage: error.message,
        });
        return { row: { ...row, state: 'rejected' }, state: 'rejected', filled: new Dec(0), error };
      }
      if (Date.now() >= deadline)
        throw new StuckError(
          `Bybit could not say whether order ${row.order_link_id} (${row.symbol}) was placed: ${resolution.error.message}`,
        );
      await sleep(Math.max(this.pollMs, Math.min(5000, resolution.retryAt - Date.now())));
    }
  }

  /** Waits for the order's final state (stream first, then REST) and stores all of its fills. */
  private async finish(row: OrderRow, known: Order | null): Promise<SettledOrder> {
    let order = known && isFinalStatus(known.orderStatus) ? known : null;
    order ??= await this.deps.tracker.waitFinal(row.order_link_id, this.streamFinalMs);
    order ??= await this.pollFinal(row);
    const filled = new Dec(order.cumExecQty);
    const state =
      order.orderStatus === 'Filled' ? 'filled' : order.orderStatus === 'Rejected' ? 'rejected' : 'cancelled';
    const error =
      state === 'rejected'
        ? {
            code: 'REJECTED_AFTER_ACK',
            message: `Bybit rejected the order after accepting it (${order.rejectReason}).`,
            permanent: false,
          }
        : null;
    await updateOrder(this.deps.db(), row.order_link_id, {
      state,
      bybitOrderId: order.orderId,
      bybitStatus: order.orderStatus,
      filledQuantity: filled.toFixed(),
      ...(error && { errorCode: error.code, errorMessage: error.message }),
    });
    const stored = await this.ensureFills(row, order.orderId, filled);
    return this.settled({ ...row, bybit_order_id: order.orderId }, state, Dec.max(filled, stored), error);
  }

  private async pollFinal(row: OrderRow): Promise<Order> {
    const deadline = Date.now() + this.settleDeadlineMs;
    for (;;) {
      const order = await this.deps.session.gateway
        .findOrderByLinkId(row.symbol, row.order_link_id)
        .catch((error: unknown) => {
          if (error instanceof ExchangeError) return null;
          throw error;
        });
      if (order && isFinalStatus(order.orderStatus)) return order;
      if (Date.now() >= deadline)
        throw new StuckError(`Order ${row.order_link_id} (${row.symbol}) has not ended on Bybit yet.`);
      await sleep(this.pollMs);
    }
  }

  /**
   * Until the fills stored for the order add up to what Bybit says it filled: the stream usually has them
   * already; otherwise (a dropped push, a restart) they are fetched over REST, which may lag a little.
   */
  private async ensureFills(row: OrderRow, orderId: string, filled: Dec): Promise<Dec> {
    const db = this.deps.db();
    const deadline = Date.now() + this.settleDeadlineMs;
    const known = { positionId: row.position_id, kind: row.kind as OrderKind };
    let stored = new Dec(await filledByOrder(db, row.order_link_id));
    // The stream usually delivers the fills with the final state: give it a moment before asking REST.
    const streamDeadline = Date.now() + this.streamFillsMs;
    while (stored.lt(filled) && Date.now() < streamDeadline && this.deps.tracker.streaming) {
      await this.deps.tracker.nextFill(row.order_link_id, streamDeadline - Date.now());
      stored = new Dec(await filledByOrder(db, row.order_link_id));
    }
    while (stored.lt(filled)) {
      const executions = await this.deps.session.gateway
        .getExecutions({
          symbol: row.symbol,
          ...(orderId ? { orderId } : { orderLinkId: row.order_link_id }),
        })
        .catch((error: unknown) => {
          if (error instanceof ExchangeError) return [];
          throw error;
        });
      await this.deps.tracker.record(executions, known);
      stored = new Dec(await filledByOrder(db, row.order_link_id));
      if (stored.gte(filled)) break;
      if (Date.now() >= deadline)
        throw new StuckError(
          `Bybit reports ${filled.toFixed()} filled for order ${row.order_link_id} (${row.symbol}) but lists fills for only ${stored.toFixed()} so far.`,
        );
      await sleep(this.pollMs);
    }
    return stored;
  }

  private settled(
    row: OrderRow,
    state: SettledOrder['state'],
    filled: Dec,
    error: SettledOrder['error'],
  ): SettledOrder {
    return { row: { ...row, state, filled_quantity: filled.toFixed() }, state, filled, error };
  }

  /** Bybit's own words are kept beside ours: they tell a mode mismatch from other parameter errors. */
  private describe(error: ExchangeError): { code: string; message: string; permanent: boolean } {
    const message = error.detail ? `${error.message} (Bybit: ${error.detail})` : error.message;
    return { code: error.code, message, permanent: isPermanentRejection(error) };
  }

  private storedError(row: OrderRow): SettledOrder['error'] {
    const code = row.error_code ?? 'REJECTED';
    return {
      code,
      message: row.error_message ?? 'Bybit refused the order.',
      permanent: isPermanentRejection({ code, message: row.error_message ?? '' }),
    };
  }
}
