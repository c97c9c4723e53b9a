import { randomUUID } from 'node:crypto';
import type { Account, PositionIdx, PositionRecord } from './accounts';
import { D } from './decimal';
import type { AckRejection, Engine } from './engine';
import { CODE, MSG, SimError } from './errors';
import { bookLevel, execute, orderedQty, takerFills } from './fills';
import { TAKER_FEE_RATE } from './market';
import { checkMinNotional, type ValidOrderParams, validateOrderParams } from './order-params';
import { type OrderRecord, type SimExecution, isOpen } from './orders';
import { publishOrderEvents } from './private-events';

const MAX_ACTIVE_ORDERS_PER_SYMBOL = 500;

/** Which position row an order acts on, and whether it reduces it. */
function target(
  account: Account,
  p: ValidOrderParams,
): { idx: PositionIdx; reducing: boolean; pos: PositionRecord } {
  const mode = account.mode(p.inst.symbol);
  const idx = p.positionIdx ?? 0;
  if (mode === 0 && idx !== 0) throw new SimError(CODE.param, MSG.positionIdxMismatch);
  if (mode === 3 && idx === 0) throw new SimError(CODE.param, MSG.positionIdxMismatch);
  const pos = account.position(p.inst, idx);
  if (mode === 3) {
    // Hedge mode: Sell on the long row (1) or Buy on the short row (2) closes.
    const reducing = (idx === 1 && p.side === 'Sell') || (idx === 2 && p.side === 'Buy');
    return { idx, reducing, pos };
  }
  return { idx, reducing: pos.side !== '' && pos.side !== p.side, pos };
}

/**
 * Creates one order: stateless checks, account checks (position mode, reduce-only, duplicates, min
 * notional, balance), then books and fills it. Throws SimError for a rejection; nothing is booked then.
 * Events are returned, not published, so a batch can answer before its pushes.
 */
export function placeOrder(
  engine: Engine,
  account: Account,
  raw: Record<string, unknown>,
  category: unknown,
): { order: OrderRecord; execs: SimExecution[] } {
  const p = validateOrderParams(engine, raw, category);
  const { idx, reducing, pos } = target(account, p);
  const injected = engine.takeRejection(p.inst.symbol);
  if (injected) throw new SimError(injected.retCode, injected.retMsg);
  if (p.orderLinkId && account.ordersByLinkId.has(p.orderLinkId)) {
    throw new SimError(CODE.duplicateLinkId, MSG.duplicateLinkId);
  }
  let qty = p.qty;
  const hedge = account.mode(p.inst.symbol) === 3;
  if (p.reduceOnly || (hedge && reducing)) {
    if (pos.size.isZero()) throw new SimError(CODE.reduceOnly, MSG.reduceOnlyZero);
    if (!reducing) throw new SimError(CODE.reduceOnly, MSG.reduceOnlyRule);
    // Bybit truncates a reduce-only quantity to the position size.
    if (qty.gt(pos.size)) qty = pos.size;
  }
  if (account.openOrders(p.inst.symbol).length >= MAX_ACTIVE_ORDERS_PER_SYMBOL) {
    throw new SimError(CODE.tooManyActiveOrders, MSG.tooManyActiveOrders);
  }
  const refPrice = p.price ?? bookLevel(engine, p.inst.symbol, p.side, 0);
  const closingOnly = p.reduceOnly || (hedge && reducing);
  if (!closingOnly) checkMinNotional(p.inst, qty, refPrice);
  const opening = closingOnly ? new D(0) : reducing ? D.max(new D(0), qty.minus(pos.size)) : qty;
  if (opening.gt(0)) {
    const lev = account.leverageOf(p.inst);
    const required = opening
      .mul(refPrice)
      .div(p.side === 'Buy' ? lev.buy : lev.sell)
      .plus(qty.mul(refPrice).mul(TAKER_FEE_RATE));
    if (required.gt(account.totals(engine.market).available))
      throw new SimError(CODE.abNotEnough, MSG.abNotEnough);
  }

  const now = engine.now();
  const order: OrderRecord = {
    uid: account.uid,
    orderId: randomUUID(),
    orderLinkId: p.orderLinkId,
    inst: p.inst,
    side: p.side,
    orderType: p.orderType,
    qty,
    price: p.price,
    timeInForce: p.timeInForce,
    positionIdx: idx,
    reduceOnly: p.reduceOnly,
    closeOnTrigger: p.closeOnTrigger,
    status: 'New',
    cumExecQty: new D(0),
    cumExecValue: new D(0),
    cumExecFee: new D(0),
    closedPnl: new D(0),
    lastPriceOnCreated: engine.market.last(p.inst.symbol),
    cancelType: 'UNKNOWN',
    rejectReason: 'EC_NoError',
    createdTime: now,
    updatedTime: now,
  };
  account.orders.push(order);
  engine.ledgerOrders.push(order);
  // Drawn at booking, so the same seed gives the same lags in the same order of bookings.
  engine.lookupLag.lagOf(order.orderId);
  account.ordersById.set(order.orderId, order);
  if (order.orderLinkId) account.ordersByLinkId.set(order.orderLinkId, order);

  const late = engine.takeAckRejection(p.inst.symbol);
  if (late) {
    // Acknowledged and booked New; the final state comes after the answer, on the stream and in lookups.
    order.lateFinal = true;
    engine.timers.after(Math.max(1, late.delayMs), () => finishLate(engine, account, order, late));
    return { order, execs: [] };
  }

  let fills = takerFills(engine, p.inst.symbol, p.side, qty, p.price);
  if (p.timeInForce === 'PostOnly' && fills.length > 0) {
    order.status = 'Cancelled';
    order.rejectReason = 'EC_PostOnlyWillTakeLiquidity';
    return { order, execs: [] };
  }
  if (p.timeInForce === 'FOK' && !orderedQty(fills).eq(qty)) fills = [];
  const execs = execute(engine, account, order, fills);
  if (isOpen(order) && (p.orderType === 'Market' || p.timeInForce === 'IOC' || p.timeInForce === 'FOK')) {
    // Linear has no PartiallyFilledCanceled (spot only): the rest is Cancelled, cumExecQty keeps the fills.
    order.status = 'Cancelled';
    order.cancelType = 'UNKNOWN';
    order.rejectReason = p.timeInForce === 'FOK' ? 'EC_CancelForNoFullFill' : 'EC_NoImmediateQtyToFill';
  }
  return { order, execs };
}

function finishLate(engine: Engine, account: Account, order: OrderRecord, late: AckRejection): void {
  order.lateFinal = false;
  if (!isOpen(order)) return; // cancelled by the client in the meantime
  order.status = late.status;
  order.rejectReason = late.rejectReason;
  if (late.status === 'Cancelled') order.cancelType = late.cancelType;
  order.updatedTime = engine.now();
  publishOrderEvents(engine, account, order, []);
}

/** Resting limit orders that the moved price now crosses fill as maker at their limit price. */
export function matchRestingOrders(engine: Engine): void {
  for (const account of engine.accounts.values()) {
    for (const order of account.openOrders()) {
      if (!order.price || order.lateFinal) continue;
      const sym = order.inst.symbol;
      const crossed =
        order.side === 'Buy'
          ? engine.market.ask(sym).lte(order.price)
          : engine.market.bid(sym).gte(order.price);
      if (!crossed) continue;
      let qty = order.qty.minus(order.cumExecQty);
      if (order.reduceOnly) {
        const pos = account.position(order.inst, order.positionIdx);
        qty = pos.side !== '' && pos.side !== order.side ? D.min(qty, pos.size) : new D(0);
        if (qty.isZero()) {
          order.status = 'Cancelled';
          order.cancelType = 'CancelByReduceOnly';
          order.updatedTime = engine.now();
          publishOrderEvents(engine, account, order, []);
          continue;
        }
      }
      const execs = execute(engine, account, order, [{ price: order.price, qty, isMaker: true }]);
      if (order.reduceOnly && isOpen(order)) {
        order.status = 'Cancelled';
        order.cancelType = 'CancelByReduceOnly';
      }
      publishOrderEvents(engine, account, order, execs);
    }
  }
}

/** `/v5/order/cancel`: orderId wins over orderLinkId; only open orders can be cancelled. */
export function cancelOrder(engine: Engine, account: Account, raw: Record<string, unknown>): OrderRecord {
  const symbol = raw.symbol;
  const orderId = typeof raw.orderId === 'string' && raw.orderId !== '' ? raw.orderId : null;
  const linkId = typeof raw.orderLinkId === 'string' && raw.orderLinkId !== '' ? raw.orderLinkId : null;
  if (typeof symbol !== 'string' || symbol === '')
    throw new SimError(CODE.param, 'params error: symbol is required');
  if (!orderId && !linkId) throw new SimError(CODE.param, MSG.orderIdRequired);
  const order = orderId ? account.ordersById.get(orderId) : account.ordersByLinkId.get(linkId as string);
  if (!order || order.inst.symbol !== symbol || !isOpen(order)) {
    throw new SimError(CODE.orderNotExist, MSG.orderNotExist);
  }
  order.status = 'Cancelled';
  order.cancelType = 'CancelByUser';
  order.updatedTime = engine.now();
  return order;
}
