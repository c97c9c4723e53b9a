/**
 * Which refusals end a leg and which are worth another attempt. Permanent: Bybit will say the same again
 * (balance, minimum value, parameters, permissions). Everything else (rate limits, timeouts, server
 * trouble, a lost answer proven absent, a cancel for lack of liquidity inside the slippage cap) may pass
 * on the next attempt. Two refusals look permanent but are not: a reduce-only order refused because the
 * account's net moved (the next attempt reads it again), and a positionIdx that no longer fits the
 * position mode (the trader switched it; the next attempt detects the mode again).
 */
const permanentCodes = new Set([
  'INVALID_PARAMETER',
  'INVALID_API_KEY',
  'INVALID_SIGNATURE',
  'PERMISSION_DENIED',
  'IP_NOT_ALLOWED',
  'SYMBOL_NOT_WHITELISTED',
  'DEMO_NOT_SUPPORTED',
  'PRICE_OUT_OF_RANGE',
  'INSUFFICIENT_BALANCE',
  'TOO_MANY_ORDERS',
  'BELOW_MIN_ORDER_VALUE',
  'INVALID_ORDER',
  'NO_API_KEY',
  'EXCHANGE_ERROR',
]);

const modeMismatch = /position idx not match position mode/i;

export function isModeMismatch(error: { detail?: string; message?: string }): boolean {
  return modeMismatch.test(`${error.detail ?? ''} ${error.message ?? ''}`);
}

export function isPermanentRejection(error: { code: string; detail?: string; message?: string }): boolean {
  return permanentCodes.has(error.code) && !isModeMismatch(error);
}
