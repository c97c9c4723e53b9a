import { describe, expect, it } from 'vitest';
import {
  orderLinkIdProblem,
  validateOrder,
  validateOrders,
} from '../../electron/core/exchange/order-validation';
import type { OrderRequest } from '../../electron/core/exchange/types';

const order = (over: Partial<OrderRequest> = {}): OrderRequest => ({
  symbol: 'BTCUSDT',
  side: 'Buy',
  orderType: 'Market',
  qty: '0.001',
  orderLinkId: 'pos1-c1-a1',
  ...over,
});

describe('orderLinkId', () => {
  it.each(['a', 'pos-12_comp-3_att-1', 'A'.repeat(36), '0123456789abcdefABCDEF_-'])('accepts %s', (id) => {
    expect(orderLinkIdProblem(id)).toBeNull();
  });

  it.each([
    ['', /empty/],
    ['A'.repeat(37), /37 characters.*36/],
    ['has space', /letters, digits/],
    ['dot.ted', /letters, digits/],
    ['ümlaut', /letters, digits/],
    ['slash/id', /letters, digits/],
  ])('rejects %j', (id, problem) => {
    expect(orderLinkIdProblem(id)).toMatch(problem);
  });
});

describe('order validation', () => {
  it('accepts a market order and a limit order with a price', () => {
    expect(validateOrder(order())).toBeNull();
    expect(validateOrder(order({ orderType: 'Limit', price: '65000.5' }))).toBeNull();
  });

  it.each([
    [{ qty: '0' }, /quantity/],
    [{ qty: '-1' }, /quantity/],
    [{ qty: '1e-3' }, /quantity/],
    [{ qty: '0.1.2' }, /quantity/],
    [{ orderType: 'Limit' as const }, /price/],
    [{ side: 'Long' as unknown as 'Buy' }, /side/],
    [{ symbol: 'btc usdt' }, /symbol/],
    [{ positionIdx: 3 as unknown as 0 }, /positionIdx/],
    [{ orderLinkId: 'x'.repeat(40) }, /client order id/],
  ])('rejects %j', (over, problem) => {
    const error = validateOrder(order(over));
    expect(error?.code).toBe('INVALID_ORDER');
    expect(error?.message).toMatch(problem);
    expect(error?.retryable).toBe(false);
  });

  it('rejects an orderLinkId used twice in one request, keeping the first', () => {
    const problems = validateOrders([order(), order({ symbol: 'ETHUSDT' }), order({ orderLinkId: 'other' })]);
    expect([...problems.keys()]).toEqual([1]);
    expect(problems.get(1)?.message).toMatch(/twice/);
  });
});
