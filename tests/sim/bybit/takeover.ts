import { randomUUID } from 'node:crypto';
import type { Account, PositionRecord } from './accounts';
import { D, type Dec } from './decimal';
import type { Engine } from './engine';
import { execute } from './fills';
import { type OrderRecord, type SimExecution, isOpen } from './orders';
import { publishOrderEvents, publishPositions } from './private-events';

/**
 * Ends open orders the way Bybit's engine does before a liquidation, an ADL or a delivery: Cancelled with
 * this cancelType (CancelAllBeforeLiq, CancelAllBeforeAdl, CancelBySettle), each pushed on `order`.
 */
export function cancelBySystem(
  engine: Engine,
  account: Account,
  orders: OrderRecord[],
  cancelType: string,
): void {
  for (const order of orders) {
    if (!isOpen(order)) continue;
    order.status = 'Cancelled';
    order.cancelType = cancelType;
    order.updatedTime = engine.now();
    publishOrderEvents(engine, account, order, []);
  }
}

/** A liquidation takeover (BustTrade) or an auto-deleveraging (AdlTrade) of part or all of one row. */
export interface Takeover {
  execType: 'BustTrade' | 'AdlTrade';
  price: Dec;
  qty: Dec;
  /** The open orders Bybit ends first. */
  cancel: OrderRecord[];
}

const KINDS = {
  BustTrade: {
    status: 'Liq',
    createType: 'CreateByTakeOver_PassThrough',
    cancelType: 'CancelAllBeforeLiq',
    // The liquidated side pays the taker fee; the deleveraged side the maker fee (Bybit's ADL article).
    isMaker: false,
  },
  AdlTrade: {
    status: 'Adl',
    createType: 'CreateByAdl_PassThrough',
    cancelType: 'CancelAllBeforeAdl',
    isMaker: true,
  },
} as const;

/**
 * Closes `qty` of the row at `price` as Bybit's engine does, with the pushes in Bybit's order: the row
 * in status Liq/Adl, the cancelled orders, then the engine's order (Filled, orderLinkId ""), its
 * execution, the row (status Normal again, `seq` = the execution's) and the wallet. The order is in the
 * account's order history but not in the ledger of orders clients sent; the execution is in both
 * execution lists (the ledger's with the account's uid).
 */
export function takeOver(engine: Engine, account: Account, pos: PositionRecord, t: Takeover): SimExecution[] {
  if (pos.side === '' || !t.qty.gt(0) || t.qty.gt(pos.size)) throw new Error('nothing to take over');
  const kind = KINDS[t.execType];
  pos.positionStatus = kind.status;
  publishPositions(engine, account, pos.inst);
  cancelBySystem(engine, account, t.cancel, kind.cancelType);
  const order = bookEngineOrder(engine, account, pos, {
    orderType: 'Limit',
    qty: t.qty,
    price: t.price,
    closeOnTrigger: false,
    createType: kind.createType,
  });
  const execs = execute(
    engine,
    account,
    order,
    [{ price: t.price, qty: t.qty, isMaker: kind.isMaker }],
    t.execType,
  );
  pos.positionStatus = 'Normal';
  publishOrderEvents(engine, account, order, execs);
  return execs;
}

/**
 * An order of Bybit's own engine against `pos` (orderLinkId "", the other side, IOC, reduce-only), New and
 * unfilled, booked in the account's orders: a takeover's or a triggered TP/SL's, as `fields` say.
 */
export function bookEngineOrder(
  engine: Engine,
  account: Account,
  pos: PositionRecord,
  fields: Pick<
    OrderRecord,
    'orderType' | 'qty' | 'price' | 'closeOnTrigger' | 'createType' | 'stopOrderType'
  >,
): OrderRecord {
  const now = engine.now();
  const order: OrderRecord = {
    uid: account.uid,
    orderId: randomUUID(),
    orderLinkId: '',
    inst: pos.inst,
    side: pos.side === 'Buy' ? 'Sell' : 'Buy',
    timeInForce: 'IOC',
    positionIdx: pos.positionIdx,
    reduceOnly: true,
    status: 'New',
    cumExecQty: new D(0),
    cumExecValue: new D(0),
    cumExecFee: new D(0),
    closedPnl: new D(0),
    lastPriceOnCreated: engine.market.last(pos.inst.symbol),
    cancelType: 'UNKNOWN',
    rejectReason: 'EC_NoError',
    createdTime: now,
    updatedTime: now,
    ...fields,
  };
  account.orders.push(order);
  account.ordersById.set(order.orderId, order);
  return order;
}
