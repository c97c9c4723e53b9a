/** Checks an order before anything is sent, so a malformed request never reaches Bybit. */
import Decimal from 'decimal.js';
import { ExchangeError } from './errors';
import type { OrderRequest } from './types';

export const maxOrderLinkIdLength = 36;
const orderLinkIdPattern = /^[A-Za-z0-9_-]+$/;
const decimalPattern = /^\d+(\.\d+)?$/;

/** The reason an orderLinkId is not acceptable, or null when it is. */
export function orderLinkIdProblem(id: string): string | null {
  if (typeof id !== 'string' || id.length === 0) return 'is empty';
  if (id.length > maxOrderLinkIdLength)
    return `is ${id.length} characters long; Bybit allows at most ${maxOrderLinkIdLength}`;
  if (!orderLinkIdPattern.test(id)) return 'may only contain letters, digits, "_" and "-"';
  return null;
}

function positiveDecimal(value: unknown): boolean {
  if (typeof value !== 'string' || !decimalPattern.test(value)) return false;
  return new Decimal(value).greaterThan(0);
}

function invalid(orderLinkId: string, problem: string): ExchangeError {
  return new ExchangeError({
    code: 'INVALID_ORDER',
    retryable: false,
    detail: problem,
    message: `Order ${orderLinkId || '(without id)'} was not sent: ${problem}.`,
  });
}

/** The validation error for one order, or null. */
export function validateOrder(order: OrderRequest): ExchangeError | null {
  const linkProblem = orderLinkIdProblem(order.orderLinkId);
  if (linkProblem) return invalid(String(order.orderLinkId ?? ''), `its client order id ${linkProblem}`);
  if (typeof order.symbol !== 'string' || !/^[A-Z0-9][A-Z0-9-]*$/.test(order.symbol))
    return invalid(order.orderLinkId, 'the symbol is not a Bybit symbol');
  if (order.side !== 'Buy' && order.side !== 'Sell')
    return invalid(order.orderLinkId, 'the side must be Buy or Sell');
  if (order.orderType !== 'Market' && order.orderType !== 'Limit')
    return invalid(order.orderLinkId, 'the order type must be Market or Limit');
  if (!positiveDecimal(order.qty))
    return invalid(order.orderLinkId, 'the quantity must be a positive decimal string');
  if (order.orderType === 'Limit' && !positiveDecimal(order.price))
    return invalid(order.orderLinkId, 'a limit order needs a positive decimal price');
  if (order.positionIdx !== undefined && ![0, 1, 2].includes(order.positionIdx))
    return invalid(order.orderLinkId, 'positionIdx must be 0, 1 or 2');
  return null;
}

/** Validates a whole request: each order on its own, and every orderLinkId unique within the call. */
export function validateOrders(orders: readonly OrderRequest[]): Map<number, ExchangeError> {
  const problems = new Map<number, ExchangeError>();
  const seen = new Set<string>();
  orders.forEach((order, index) => {
    const problem = validateOrder(order);
    if (problem) problems.set(index, problem);
    else if (seen.has(order.orderLinkId))
      problems.set(
        index,
        invalid(order.orderLinkId, 'its client order id appears twice in the same request'),
      );
    seen.add(order.orderLinkId);
  });
  return problems;
}
