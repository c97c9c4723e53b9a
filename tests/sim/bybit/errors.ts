import { D } from './decimal';

/**
 * Bybit retCodes and the exact retMsg texts from docs/bybit-v5.md §3.
 * Handlers throw SimError; the router turns it into the envelope, so a rejection is one line at the check.
 */
export class SimError extends Error {
  constructor(
    readonly retCode: number,
    readonly retMsg: string,
    /** The envelope's `result` (Bybit sends `{}` with most errors, details with a few). */
    readonly result: unknown = {},
  ) {
    super(`${retCode} ${retMsg}`);
  }
}

export const MSG = {
  apiKeyInvalid: 'API key is invalid.',
  permissionDenied: 'Permission denied, please check your API key permissions.',
  tooManyVisits: 'Too many visits!',
  demoNotSupported: 'Demo trading are not supported.',
  keyExpired: 'Your api key has expired.',
  orderNotExist: 'Order does not exist',
  abNotEnough: 'ab not enough for new order',
  reduceOnlyRule: 'Reduce-only rule not satisfied',
  reduceOnlyZero: 'current position is zero, cannot fix reduce-only order qty',
  duplicateLinkId: 'OrderLinkedID is duplicate',
  leverageNotModified: 'Set leverage not modified',
  modeNotModified: 'Position mode is not modified',
  modeBlockedByPosition: 'You have existing positions, so position mode cannot be switched',
  modeBlockedByOrders: 'You have open orders, so position mode cannot be switched',
  qtyInvalid: 'Qty invalid',
  qtyBelowMin: 'The number of contracts exceeds minimum limit allowed',
  positionIdxMismatch: 'position idx not match position mode',
  orderIdRequired: 'params error: OrderId or orderLinkId is required',
  tooManyActiveOrders: 'The number of active orders exceeds the upper limit.',
  notLive: 'This contract is not live',
  unifiedForbidden: 'unified account is forbidden',
  setMarginModeFailed: 'Set margin mode failed',
} as const;

export const CODE = {
  ok: 0,
  param: 10001,
  timestamp: 10002,
  apiKey: 10003,
  sign: 10004,
  permission: 10005,
  rateLimit: 10006,
  demoNotSupported: 10032,
  keyExpired: 33004,
  orderNotExist: 110001,
  abNotEnough: 110007,
  reduceOnly: 110017,
  tooManyActiveOrders: 110020,
  modeBlockedByPosition: 110024,
  modeNotModified: 110025,
  modeBlockedByOrders: 110028,
  leverageNotModified: 110043,
  duplicateLinkId: 110072,
  notLive: 110074,
  minNotional: 110094,
  unifiedForbidden: 100028,
  setMarginModeFailed: 3400045,
} as const;

export function paramError(what: string): SimError {
  return new SimError(CODE.param, `params error: ${what}`);
}

/** Bybit prints max-qty limits scaled by 1e8 (observed on the live server). */
export function qtyTooLarge(qty: string, max: string): SimError {
  const scale = (v: string) => new D(v).mul(1e8).toFixed(0);
  return new SimError(
    CODE.param,
    `The number of contracts exceeds maximum limit allowed: too large, order_qty:${scale(qty)} > max_qty:${scale(max)}`,
  );
}

export function minNotional(minValue: string): SimError {
  return new SimError(CODE.minNotional, `Order does not meet minimum order value ${minValue}USDT`);
}
