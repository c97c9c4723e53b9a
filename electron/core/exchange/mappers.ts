/**
 * Raw Bybit rows (REST or stream) into the gateway's typed results. Decimal fields stay strings, read
 * through decimal-fields.ts: Bybit's text when it is a decimal, and "" as that field's type defines it.
 */
import { parseApiKeyPermissions } from '../bybit-account/api-key-permissions';
import { decimalFields, decimalText, readDecimals } from './decimal-fields';
import type {
  AccountInfo,
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

/** The coin a linear contract settles (and charges fees) in: USDC for USDC contracts, else USDT. */
function settleCoinOf(symbol: string): string {
  return symbol.endsWith('PERP') || symbol.includes('USDC') ? 'USDC' : 'USDT';
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
    // The filters sit in three nested objects; their names do not overlap.
    ...readDecimals({ ...price, ...lot, ...lev }, decimalFields.instrument),
    fundingInterval: Number(r.fundingInterval ?? 0) || 0,
    deliveryTime: str(r.deliveryTime) || '0',
  };
}

/** The ticker fields a stream delta may carry, each read on its own (ticker-merge.ts). */
export const tickerFields = [
  ...(Object.keys(decimalFields.ticker) as (keyof typeof decimalFields.ticker)[]),
  'nextFundingTime',
  'fundingIntervalHour',
] as const satisfies readonly (keyof Ticker)[];

/** One ticker field from a snapshot or a delta. */
export function tickerField(field: (typeof tickerFields)[number], value: unknown): string {
  return field === 'nextFundingTime' || field === 'fundingIntervalHour'
    ? str(value)
    : decimalText(value, 'none');
}

export function toTicker(raw: unknown): Ticker {
  const r = asRecord(raw);
  return {
    symbol: str(r.symbol),
    ...readDecimals(r, decimalFields.ticker),
    nextFundingTime: str(r.nextFundingTime),
    fundingIntervalHour: str(r.fundingIntervalHour),
  };
}

function toWalletCoin(raw: unknown): WalletCoin {
  const r = asRecord(raw);
  return { coin: str(r.coin), ...readDecimals(r, decimalFields.walletCoin) };
}

export function toWalletBalance(raw: unknown): WalletBalance {
  const r = asRecord(raw);
  return {
    accountType: str(r.accountType),
    ...readDecimals(r, decimalFields.wallet),
    coins: Array.isArray(r.coin) ? r.coin.map(toWalletCoin) : [],
  };
}

/**
 * REST rows carry `avgPrice`; stream rows carry `entryPrice` instead. A flat row (Bybit: size "0",
 * side "", positionValue "", unrealisedPnl "") reads as zeros with side "".
 */
export function toPosition(raw: unknown): Position {
  const r = asRecord(raw);
  const rawSide = r.side;
  return {
    symbol: str(r.symbol),
    positionIdx: positionIdx(r.positionIdx),
    side: rawSide === 'Buy' || rawSide === 'Sell' ? rawSide : '',
    ...readDecimals({ ...r, avgPrice: r.avgPrice ?? r.entryPrice }, decimalFields.position),
    positionStatus: str(r.positionStatus),
    updatedTime: str(r.updatedTime),
    ...seq(r.seq),
  };
}

/** The order a row speaks of, as both order and execution rows name it. */
function orderOf(r: Raw): Pick<Order, 'orderId' | 'orderLinkId' | 'symbol' | 'side' | 'orderType'> {
  return {
    orderId: str(r.orderId),
    orderLinkId: str(r.orderLinkId),
    symbol: str(r.symbol),
    side: side(r.side),
    orderType: str(r.orderType),
  };
}

export function toOrder(raw: unknown): Order {
  const r = asRecord(raw);
  return {
    ...orderOf(r),
    orderStatus: str(r.orderStatus),
    ...readDecimals(r, decimalFields.order),
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
    ...orderOf(r),
    execType: str(r.execType),
    ...readDecimals(r, decimalFields.execution),
    // Bybit leaves it "" on linear fills (docs/bybit-v5.md "Differences we know of"): a USDT
    // perpetual's fees are in its settle coin.
    feeCurrency: str(r.feeCurrency) || settleCoinOf(str(r.symbol)),
    isMaker: bool(r.isMaker),
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
    unified: r.uta === 0 || r.uta === 1 ? r.uta === 1 : null,
  };
}

export function toAccountInfo(raw: unknown): AccountInfo {
  const r = asRecord(raw);
  return { unifiedMarginStatus: Number(r.unifiedMarginStatus) || 0, marginMode: str(r.marginMode) };
}
