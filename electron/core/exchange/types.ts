/**
 * What the gateway returns. Prices, quantities and money stay decimal strings as Bybit sent them (its
 * text varies: "0.010" or "0.01"); read them with decimal.js, never with Number() and never compare the
 * text (lint forbids `x === '0'`). What Bybit's "" means per field is decided once, in decimal-fields.ts.
 */
import type { ExchangeError } from './errors';

/** Always a decimal decimal.js reads; Bybit's "" (a flat position's positionValue, …) reads as "0". */
export type DecimalString = string;
/** A decimal, or "" when Bybit has none (a flat position's liqPrice, a filter or price it did not send). */
export type OptionalDecimalString = string;
export type OrderSide = 'Buy' | 'Sell';
/** 0 = one-way mode; 1 = hedge-mode long side; 2 = hedge-mode short side. */
export type PositionIdx = 0 | 1 | 2;

export interface Instrument {
  symbol: string;
  status: string;
  contractType: string;
  baseCoin: string;
  quoteCoin: string;
  settleCoin: string;
  symbolType: string;
  launchTime: string;
  tickSize: OptionalDecimalString;
  minPrice: OptionalDecimalString;
  maxPrice: OptionalDecimalString;
  qtyStep: OptionalDecimalString;
  minOrderQty: OptionalDecimalString;
  maxOrderQty: OptionalDecimalString;
  maxMktOrderQty: OptionalDecimalString;
  minNotionalValue: OptionalDecimalString;
  minLeverage: OptionalDecimalString;
  maxLeverage: OptionalDecimalString;
  leverageStep: OptionalDecimalString;
  /** Minutes between funding payments; Bybit changes it at run time (480 → 60 when a rate hits its cap). */
  fundingInterval: number;
  /** When a perpetual is to be delisted (ms, as text, like launchTime: a time, not a decimal); "0" while none is scheduled. */
  deliveryTime: string;
}

export interface Ticker {
  symbol: string;
  lastPrice: OptionalDecimalString;
  markPrice: OptionalDecimalString;
  indexPrice: OptionalDecimalString;
  bid1Price: OptionalDecimalString;
  bid1Size: OptionalDecimalString;
  ask1Price: OptionalDecimalString;
  ask1Size: OptionalDecimalString;
  prevPrice24h: OptionalDecimalString;
  /** A fraction: "0.0142" is +1.42 %. */
  price24hPcnt: OptionalDecimalString;
  highPrice24h: OptionalDecimalString;
  lowPrice24h: OptionalDecimalString;
  volume24h: OptionalDecimalString;
  turnover24h: OptionalDecimalString;
  openInterest: OptionalDecimalString;
  openInterestValue: OptionalDecimalString;
  fundingRate: OptionalDecimalString;
  nextFundingTime: string;
  /** Hours between funding payments, as text ("8"; "1" once Bybit moved the contract to hourly funding). */
  fundingIntervalHour: string;
}

/** A ticker from the stream: complete (snapshot merged with every delta since) with Bybit's timestamp. */
export interface StreamTick extends Ticker {
  ts: number;
}

export interface WalletCoin {
  coin: string;
  equity: DecimalString;
  walletBalance: DecimalString;
  usdValue: DecimalString;
  locked: DecimalString;
  unrealisedPnl: DecimalString;
  cumRealisedPnl: DecimalString;
  totalOrderIM: DecimalString;
  totalPositionIM: DecimalString;
  totalPositionMM: DecimalString;
}

export interface WalletBalance {
  accountType: string;
  totalEquity: DecimalString;
  totalWalletBalance: DecimalString;
  totalMarginBalance: DecimalString;
  totalAvailableBalance: DecimalString;
  totalPerpUPL: DecimalString;
  totalInitialMargin: DecimalString;
  totalMaintenanceMargin: DecimalString;
  coins: WalletCoin[];
}

export interface Position {
  symbol: string;
  positionIdx: PositionIdx;
  /** '' when flat. */
  side: OrderSide | '';
  /** Always positive; the side says the direction. */
  size: DecimalString;
  avgPrice: DecimalString;
  markPrice: OptionalDecimalString;
  positionValue: DecimalString;
  leverage: OptionalDecimalString;
  liqPrice: OptionalDecimalString;
  unrealisedPnl: DecimalString;
  curRealisedPnl: DecimalString;
  cumRealisedPnl: DecimalString;
  positionStatus: string;
  updatedTime: string;
  /** Bybit's cross sequence: a higher seq is a newer state of this position (absent when Bybit sent none). */
  seq?: number;
}

export interface Order {
  orderId: string;
  orderLinkId: string;
  symbol: string;
  side: OrderSide;
  orderType: string;
  orderStatus: string;
  price: DecimalString;
  qty: DecimalString;
  avgPrice: DecimalString;
  leavesQty: DecimalString;
  cumExecQty: DecimalString;
  cumExecValue: DecimalString;
  cumExecFee: DecimalString;
  timeInForce: string;
  positionIdx: PositionIdx;
  reduceOnly: boolean;
  rejectReason: string;
  cancelType: string;
  createdTime: string;
  updatedTime: string;
}

export interface Execution {
  execId: string;
  orderId: string;
  orderLinkId: string;
  symbol: string;
  side: OrderSide;
  orderType: string;
  execType: string;
  execPrice: DecimalString;
  execQty: DecimalString;
  execValue: DecimalString;
  execFee: DecimalString;
  feeRate: DecimalString;
  feeCurrency: string;
  isMaker: boolean;
  closedSize: DecimalString;
  execTime: string;
  /** Bybit's cross sequence of the fill (absent when Bybit sent none). */
  seq?: number;
}

export interface ApiKeyInfo {
  apiKey: string;
  note: string;
  readOnly: boolean;
  permissions: Record<string, string[]>;
  /** Can place and cancel contract orders. */
  canTrade: boolean;
  /** Has any withdrawal permission: the app warns loudly. */
  canWithdraw: boolean;
  ips: string[];
  expiredAt: string;
  createdAt: string;
  userId: string;
  /** query-api's `uta`: true on a unified trading account, false on a classic one, null when not sent. */
  unified: boolean | null;
}

/** `/v5/account/info`: what kind of account the key belongs to (docs/bybit-v5.md §9). */
export interface AccountInfo {
  /** 1 classic; 3 / 4 unified trading account 1.0 (pro); 5 / 6 unified trading account 2.0 (pro). */
  unifiedMarginStatus: number;
  /** REGULAR_MARGIN (cross), ISOLATED_MARGIN or PORTFOLIO_MARGIN: account-wide on a unified account. */
  marginMode: string;
}

/** An order the caller wants placed. `orderLinkId` is the caller's deterministic id (≤ 36, [A-Za-z0-9_-]). */
export interface OrderRequest {
  symbol: string;
  side: OrderSide;
  orderType: 'Market' | 'Limit';
  qty: DecimalString;
  price?: DecimalString;
  timeInForce?: 'GTC' | 'IOC' | 'FOK' | 'PostOnly';
  positionIdx?: PositionIdx;
  reduceOnly?: boolean;
  orderLinkId: string;
}

export type PlaceOrderResult =
  | {
      status: 'accepted';
      orderLinkId: string;
      orderId: string;
      /** True when the acknowledgement was lost and the order was found by its orderLinkId instead. */
      recovered: boolean;
    }
  | { status: 'rejected'; orderLinkId: string; error: ExchangeError }
  /**
   * Neither an acknowledgement nor a lookup could say whether the order exists. Never resend blindly:
   * resolve it with `gateway.resolveOrder(symbol, orderLinkId, { sentAt: lastAttemptAt })`, which can
   * confirm it absent from `retryAt` on.
   */
  | {
      status: 'unknown';
      orderLinkId: string;
      error: ExchangeError;
      /** Local ms, no earlier than the signature of the last attempt (pass it as `sentAt`). */
      lastAttemptAt: number;
      /** Local ms from which a lookup that finds nothing proves the order absent. */
      retryAt: number;
    };

/** When Bybit delists the perpetual (local ms of its deliveryTime), or null while none is scheduled. */
export function delistingAt(instrument: Pick<Instrument, 'deliveryTime'>): number | null {
  const at = Number(instrument.deliveryTime);
  return Number.isFinite(at) && at > 0 ? at : null;
}

/** A time as the trader reads it in messages: "2026-12-24 08:00 UTC". */
export function utcMinute(ms: number): string {
  return `${new Date(ms).toISOString().replace('T', ' ').slice(0, 16)} UTC`;
}
