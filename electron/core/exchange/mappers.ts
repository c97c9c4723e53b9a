/** Raw Bybit rows (REST or stream) into the gateway's typed results. Decimal fields stay strings. */
import { parseApiKeyPermissions } from '../bybit-account/api-key-permissions';
import type {
  ApiKeyInfo,
  Execution,
  Instrument,
  Order,
  OrderSide,
  Position,
  PositionIdx,
  Ticker,
  WalletBalance,
  WalletCoin,
} from './types';

type Raw = Record<string, unknown>;

function asRecord(value: unknown): Raw {
  return value && typeof value === 'object' ? (value as Raw) : {};
}

/** A field as a string ('' when absent); numbers Bybit sends as JSON numbers are stringified as-is. */
export function str(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  return '';
}

function bool(value: unknown): boolean {
  return value === true || value === 'true' || value === 1 || value === '1';
}

/** Bybit's `seq` (an integer, JSON number or numeric string), or undefined when absent. */
function seq(value: unknown): { seq?: number } {
  const n =
    typeof value === 'number' ? value : typeof value === 'string' && value !== '' ? Number(value) : NaN;
  return Number.isSafeInteger(n) ? { seq: n } : {};
}

function side(value: unknown): OrderSide {
  return value === 'Sell' ? 'Sell' : 'Buy';
}

function positionIdx(value: unknown): PositionIdx {
  const n = Number(value);
  return n === 1 || n === 2 ? n : 0;
}

export function toInstrument(raw: unknown): Instrument {
  const r = asRecord(raw);
  const lot = asRecord(r.lotSizeFilter);
  const price = asRecord(r.priceFilter);
  const lev = asRecord(r.leverageFilter);
  return {
    symbol: str(r.symbol),
    status: str(r.status),
    contractType: str(r.contractType),
    baseCoin: str(r.baseCoin),
    quoteCoin: str(r.quoteCoin),
    settleCoin: str(r.settleCoin),
    symbolType: str(r.symbolType),
    launchTime: str(r.launchTime),
    tickSize: str(price.tickSize),
    minPrice: str(price.minPrice),
    maxPrice: str(price.maxPrice),
    qtyStep: str(lot.qtyStep),
    minOrderQty: str(lot.minOrderQty),
    maxOrderQty: str(lot.maxOrderQty),
    maxMktOrderQty: str(lot.maxMktOrderQty),
    minNotionalValue: str(lot.minNotionalValue),
    minLeverage: str(lev.minLeverage),
    maxLeverage: str(lev.maxLeverage),
    leverageStep: str(lev.leverageStep),
    fundingInterval: Number(r.fundingInterval ?? 0) || 0,
    deliveryTime: str(r.deliveryTime) || '0',
  };
}

export const tickerFields = [
  'lastPrice',
  'markPrice',
  'indexPrice',
  'bid1Price',
  'bid1Size',
  'ask1Price',
  'ask1Size',
  'prevPrice24h',
  'price24hPcnt',
  'highPrice24h',
  'lowPrice24h',
  'volume24h',
  'turnover24h',
  'openInterest',
  'openInterestValue',
  'fundingRate',
  'nextFundingTime',
] as const satisfies readonly (keyof Ticker)[];

export function toTicker(raw: unknown): Ticker {
  const r = asRecord(raw);
  const ticker = { symbol: str(r.symbol) } as Ticker;
  for (const field of tickerFields) ticker[field] = str(r[field]);
  return ticker;
}

function toWalletCoin(raw: unknown): WalletCoin {
  const r = asRecord(raw);
  return {
    coin: str(r.coin),
    equity: str(r.equity),
    walletBalance: str(r.walletBalance),
    usdValue: str(r.usdValue),
    locked: str(r.locked),
    unrealisedPnl: str(r.unrealisedPnl),
    cumRealisedPnl: str(r.cumRealisedPnl),
    totalOrderIM: str(r.totalOrderIM),
    totalPositionIM: str(r.totalPositionIM),
    totalPositionMM: str(r.totalPositionMM),
  };
}

export function toWalletBalance(raw: unknown): WalletBalance {
  const r = asRecord(raw);
  return {
    accountType: str(r.accountType),
    totalEquity: str(r.totalEquity),
    totalWalletBalance: str(r.totalWalletBalance),
    totalMarginBalance: str(r.totalMarginBalance),
    totalAvailableBalance: str(r.totalAvailableBalance),
    totalPerpUPL: str(r.totalPerpUPL),
    totalInitialMargin: str(r.totalInitialMargin),
    totalMaintenanceMargin: str(r.totalMaintenanceMargin),
    coins: Array.isArray(r.coin) ? r.coin.map(toWalletCoin) : [],
  };
}

/** REST rows carry `avgPrice`; stream rows carry `entryPrice` instead. */
export function toPosition(raw: unknown): Position {
  const r = asRecord(raw);
  const rawSide = r.side;
  return {
    symbol: str(r.symbol),
    positionIdx: positionIdx(r.positionIdx),
    side: rawSide === 'Buy' || rawSide === 'Sell' ? rawSide : '',
    size: str(r.size),
    avgPrice: str(r.avgPrice ?? r.entryPrice),
    markPrice: str(r.markPrice),
    positionValue: str(r.positionValue),
    leverage: str(r.leverage),
    liqPrice: str(r.liqPrice),
    unrealisedPnl: str(r.unrealisedPnl),
    curRealisedPnl: str(r.curRealisedPnl),
    cumRealisedPnl: str(r.cumRealisedPnl),
    positionStatus: str(r.positionStatus),
    updatedTime: str(r.updatedTime),
    ...seq(r.seq),
  };
}

export function toOrder(raw: unknown): Order {
  const r = asRecord(raw);
  return {
    orderId: str(r.orderId),
    orderLinkId: str(r.orderLinkId),
    symbol: str(r.symbol),
    side: side(r.side),
    orderType: str(r.orderType),
    orderStatus: str(r.orderStatus),
    price: str(r.price),
    qty: str(r.qty),
    avgPrice: str(r.avgPrice),
    leavesQty: str(r.leavesQty),
    cumExecQty: str(r.cumExecQty),
    cumExecValue: str(r.cumExecValue),
    cumExecFee: str(r.cumExecFee),
    timeInForce: str(r.timeInForce),
    positionIdx: positionIdx(r.positionIdx),
    reduceOnly: bool(r.reduceOnly),
    rejectReason: str(r.rejectReason),
    cancelType: str(r.cancelType),
    createdTime: str(r.createdTime),
    updatedTime: str(r.updatedTime),
  };
}

export function toExecution(raw: unknown): Execution {
  const r = asRecord(raw);
  return {
    execId: str(r.execId),
    orderId: str(r.orderId),
    orderLinkId: str(r.orderLinkId),
    symbol: str(r.symbol),
    side: side(r.side),
    orderType: str(r.orderType),
    execType: str(r.execType),
    execPrice: str(r.execPrice),
    execQty: str(r.execQty),
    execValue: str(r.execValue),
    execFee: str(r.execFee),
    feeRate: str(r.feeRate),
    feeCurrency: str(r.feeCurrency),
    isMaker: bool(r.isMaker),
    closedSize: str(r.closedSize),
    execTime: str(r.execTime),
    ...seq(r.seq),
  };
}

export function toApiKeyInfo(raw: unknown): ApiKeyInfo {
  const r = asRecord(raw);
  const permissions: Record<string, string[]> = {};
  for (const [group, list] of Object.entries(asRecord(r.permissions))) {
    permissions[group] = Array.isArray(list) ? list.map(str) : [];
  }
  // One reading of Bybit's permission groups for the whole app: the vault's (the stricter one).
  const parsed = parseApiKeyPermissions(r);
  return {
    apiKey: str(r.apiKey),
    note: str(r.note),
    readOnly: parsed.readOnly,
    permissions,
    canTrade: parsed.canTrade,
    canWithdraw: parsed.withdrawal,
    ips: Array.isArray(r.ips) ? r.ips.map(str) : [],
    expiredAt: str(r.expiredAt),
    createdAt: str(r.createdAt),
    userId: str(r.userID ?? r.userId),
  };
}
