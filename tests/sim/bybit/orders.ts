import type { Dec } from './decimal';
import { D, str } from './decimal';
import type { Instrument } from './instruments';

export type Side = 'Buy' | 'Sell';
export type OrderStatus = 'New' | 'PartiallyFilled' | 'Filled' | 'Cancelled' | 'Rejected';
export type TimeInForce = 'GTC' | 'IOC' | 'FOK' | 'PostOnly';

/** What a create request asks for once it is checked (order-params.ts), and what the order keeps of it. */
export interface OrderTerms {
  inst: Instrument;
  side: Side;
  orderType: 'Market' | 'Limit';
  qty: Dec;
  price: Dec | null;
  timeInForce: TimeInForce;
  orderLinkId: string;
  reduceOnly: boolean;
  closeOnTrigger: boolean;
}

/** Mutable internal order; `orderToWire` renders the Bybit object. */
export interface OrderRecord extends OrderTerms {
  uid: string;
  orderId: string;
  positionIdx: 0 | 1 | 2;
  status: OrderStatus;
  cumExecQty: Dec;
  cumExecValue: Dec;
  cumExecFee: Dec;
  closedPnl: Dec;
  lastPriceOnCreated: Dec;
  cancelType: string;
  rejectReason: string;
  createdTime: number;
  updatedTime: number;
  /** Acknowledged but bound to end Rejected/Cancelled (rejectAfterAck): it never fills. */
  lateFinal?: boolean;
  /** Who created it (docs/bybit-v5.md enum createType): CreateByUser unless Bybit's engine did. */
  createType?: string;
  /** StopLoss / TakeProfit for the order a triggered TP/SL became (trading-stop.ts); UNKNOWN otherwise. */
  stopOrderType?: string;
}

/** Wire form of an order as `/v5/order/realtime|history` return it (docs/bybit-v5.md §2 "Order object"). */
export interface OrderWire {
  orderId: string;
  orderLinkId: string;
  symbol: string;
  side: string;
  qty: string;
  orderStatus: string;
  [field: string]: string | number | boolean | Record<string, string>;
}

/** A ledger entry: the wire order plus the UID that placed it. */
export interface SimOrder extends OrderWire {
  uid: string;
}

export function isOpen(o: OrderRecord): boolean {
  return o.status === 'New' || o.status === 'PartiallyFilled';
}

/**
 * The Bybit order object. Decimals are plain, without trailing zeros ("0", "0.01", "120518"), as Bybit prints
 * order rows; the placeholders of a plain (not conditional, no TP/SL) order are Bybit's: `stopOrderType` and
 * `triggerBy` "", `tpLimitPrice` and `slLimitPrice` "0" (docs/bybit-v5.md "Differences we know of").
 */
export function orderToWire(o: OrderRecord): OrderWire {
  const leaves = isOpen(o) ? o.qty.minus(o.cumExecQty) : new D(0);
  const avg = o.cumExecQty.isZero()
    ? ''
    : str(o.cumExecValue.div(o.cumExecQty).toDecimalPlaces(o.inst.priceScale + 4));
  return {
    orderId: o.orderId,
    orderLinkId: o.orderLinkId,
    blockTradeId: '',
    symbol: o.inst.symbol,
    price: o.price ? str(o.price) : '0',
    qty: str(o.qty),
    side: o.side,
    isLeverage: '',
    positionIdx: o.positionIdx,
    orderStatus: o.status,
    createType: o.createType ?? 'CreateByUser',
    cancelType: o.cancelType,
    rejectReason: o.rejectReason,
    avgPrice: avg,
    leavesQty: str(leaves),
    leavesValue: str(o.price ? leaves.mul(o.price) : new D(0)),
    cumExecQty: str(o.cumExecQty),
    cumExecValue: str(o.cumExecValue),
    cumExecFee: str(o.cumExecFee),
    cumFeeDetail: o.cumExecFee.isZero() ? {} : { USDT: str(o.cumExecFee) },
    timeInForce: o.orderType === 'Market' ? 'IOC' : o.timeInForce,
    orderType: o.orderType,
    // A trading-stop's close says which stop it was (StopLoss / TakeProfit).
    stopOrderType: o.stopOrderType ?? '',
    orderIv: '',
    marketUnit: '',
    slippageToleranceType: 'UNKNOWN',
    slippageTolerance: '0',
    triggerPrice: '',
    takeProfit: '',
    stopLoss: '',
    tpslMode: '',
    ocoTriggerBy: '',
    tpLimitPrice: '0',
    slLimitPrice: '0',
    tpTriggerBy: '',
    slTriggerBy: '',
    triggerDirection: 0,
    triggerBy: '',
    lastPriceOnCreated: str(o.lastPriceOnCreated),
    basePrice: '',
    reduceOnly: o.reduceOnly,
    closeOnTrigger: o.closeOnTrigger,
    placeType: '',
    smpType: 'None',
    smpGroup: 0,
    smpOrderId: '',
    parentOrderLinkId: '',
    extraFees: '',
    createdTime: String(o.createdTime),
    updatedTime: String(o.updatedTime),
  };
}

/** One fill, kept in wire form (docs/bybit-v5.md §2 execution/list). */
export interface SimExecution {
  uid: string;
  symbol: string;
  orderId: string;
  orderLinkId: string;
  side: Side;
  orderPrice: string;
  orderQty: string;
  leavesQty: string;
  createType: string;
  orderType: string;
  stopOrderType: string;
  execFee: string;
  execId: string;
  execPrice: string;
  execQty: string;
  execType: string;
  execValue: string;
  execTime: string;
  feeCurrency: string;
  isMaker: boolean;
  feeRate: string;
  tradeIv: string;
  markIv: string;
  markPrice: string;
  indexPrice: string;
  underlyingPrice: string;
  blockTradeId: string;
  closedSize: string;
  seq: number;
  execPnl: string;
  marketUnit: string;
  execFeeV2: string;
  extraFees: string;
}
