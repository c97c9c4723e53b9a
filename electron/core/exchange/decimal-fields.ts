/**
 * How the gateway reads Bybit's decimal fields. Bybit prints them as strings whose text varies (padded on
 * tickers, "0.010" vs "0.01", plain on order, position and execution rows) and leaves some empty: a flat
 * position's `positionValue` and `unrealisedPnl` are "", its `liqPrice` too (docs/bybit-v5.md "Differences
 * we know of"). So every decimal field is read with decimal.js, never compared as text, and "" gets the one
 * meaning the field's type gives it:
 * - `DecimalString`: always a decimal; Bybit's "" (or nothing) means zero and reads as "0";
 * - `OptionalDecimalString`: a decimal or "" for "none" (no liquidation price, no price on a future's
 *   funding fields, a filter Bybit did not send), which the reader must check before arithmetic.
 * A value that is not a plain decimal is treated as absent (Bybit never sends one). `tests/exchange/decimal-fields.test.ts`
 * holds every mapped type to this table, and lint forbids comparing decimal text (`x === '0'`).
 */
import { Dec } from '../../../shared/decimal';
import type { DecimalString, OptionalDecimalString } from './types';

/** What Bybit's "" reads as: zero (`DecimalString`) or none (`OptionalDecimalString`). */
export type WhenEmpty = 'zero' | 'none';

/** Plain decimal text as Bybit writes it: an optional minus, digits, an optional fraction. */
const plainDecimal = /^-?\d+(\.\d+)?$/;

/**
 * Bybit's text as sent when it is a plain decimal (a JSON number as decimal.js writes it, never in
 * exponent form); `whenEmpty` for "", nothing, or anything else.
 */
export function decimalText(value: unknown, whenEmpty: 'zero'): DecimalString;
export function decimalText(value: unknown, whenEmpty: 'none'): OptionalDecimalString;
export function decimalText(value: unknown, whenEmpty: WhenEmpty): string {
  const empty = whenEmpty === 'zero' ? '0' : '';
  if (typeof value === 'number') return Number.isFinite(value) ? new Dec(value).toFixed() : empty;
  if (typeof value !== 'string') return empty;
  const text = value.trim();
  return plainDecimal.test(text) ? text : empty;
}

/** The decimal fields of each mapped row and what "" reads as; the mappers read through this table. */
export const decimalFields = {
  instrument: {
    tickSize: 'none',
    minPrice: 'none',
    maxPrice: 'none',
    qtyStep: 'none',
    minOrderQty: 'none',
    maxOrderQty: 'none',
    maxMktOrderQty: 'none',
    minNotionalValue: 'none',
    minLeverage: 'none',
    maxLeverage: 'none',
    leverageStep: 'none',
  },
  ticker: {
    lastPrice: 'none',
    markPrice: 'none',
    indexPrice: 'none',
    bid1Price: 'none',
    bid1Size: 'none',
    ask1Price: 'none',
    ask1Size: 'none',
    prevPrice24h: 'none',
    price24hPcnt: 'none',
    highPrice24h: 'none',
    lowPrice24h: 'none',
    volume24h: 'none',
    turnover24h: 'none',
    openInterest: 'none',
    openInterestValue: 'none',
    fundingRate: 'none',
  },
  walletCoin: {
    equity: 'zero',
    walletBalance: 'zero',
    usdValue: 'zero',
    locked: 'zero',
    unrealisedPnl: 'zero',
    cumRealisedPnl: 'zero',
    totalOrderIM: 'zero',
    totalPositionIM: 'zero',
    totalPositionMM: 'zero',
  },
  wallet: {
    totalEquity: 'zero',
    totalWalletBalance: 'zero',
    totalMarginBalance: 'zero',
    totalAvailableBalance: 'zero',
    totalPerpUPL: 'zero',
    totalInitialMargin: 'zero',
    totalMaintenanceMargin: 'zero',
  },
  position: {
    size: 'zero',
    avgPrice: 'zero',
    markPrice: 'none',
    positionValue: 'zero',
    leverage: 'none',
    liqPrice: 'none',
    unrealisedPnl: 'zero',
    curRealisedPnl: 'zero',
    cumRealisedPnl: 'zero',
  },
  order: {
    price: 'zero',
    qty: 'zero',
    avgPrice: 'zero',
    leavesQty: 'zero',
    cumExecQty: 'zero',
    cumExecValue: 'zero',
    cumExecFee: 'zero',
  },
  execution: {
    execPrice: 'zero',
    execQty: 'zero',
    execValue: 'zero',
    execFee: 'zero',
    feeRate: 'zero',
    closedSize: 'zero',
  },
} as const satisfies Record<string, Record<string, WhenEmpty>>;

type Table = Record<string, WhenEmpty>;

/** Every field of `table` read from the raw row; the mappers spread this into their result. */
export function readDecimals<T extends Table>(
  raw: Record<string, unknown>,
  table: T,
): { [K in keyof T]: T[K] extends 'zero' ? DecimalString : OptionalDecimalString } {
  const out: Record<string, string> = {};
  for (const [field, whenEmpty] of Object.entries(table))
    out[field] = whenEmpty === 'zero' ? decimalText(raw[field], 'zero') : decimalText(raw[field], 'none');
  return out as { [K in keyof T]: T[K] extends 'zero' ? DecimalString : OptionalDecimalString };
}
