import { describe, expect, it } from 'vitest';
import { type ExchangeError, errorFromHttpStatus, timeoutError } from '../../electron/core/exchange/errors';
import {
  placeOrdersWith,
  type Envelope,
  type PlacementTransport,
  type Sent,
} from '../../electron/core/exchange/order-placement';
import { RateLimits } from '../../electron/core/exchange/rate-limiter';
import type { Order, OrderRequest } from '../../electron/core/exchange/types';
import { fakeClock } from './fake-clock';

type Fault = 'timeoutAfterAccept' | 'timeoutBeforeAccept' | 'http500' | 'http403' | 'rateLimited';

/** An in-memory exchange behind the placement transport: enforces unique orderLinkIds, records every request. */
function fakeExchange(options: { rejectSymbol?: Record<string, [number, string]> } = {}) {
  const clock = fakeClock();
  const limits = new RateLimits({ clock });
  const orders = new Map<string, { orderId: string; symbol: string }>();
  const requests: { kind: 'single' | 'batch'; size: number; at: number }[] = [];
  const faults: { kind: 'single' | 'batch' | 'any'; fault: Fault }[] = [];
  let banned: ExchangeError | null = null;
  let lookups = 0;
  let resyncs = 0;
  let nextId = 1;

  const take = (order: OrderRequest): { code: number; msg: string; orderId: string } => {
    const reject = options.rejectSymbol?.[order.symbol];
    if (reject) return { code: reject[0], msg: reject[1], orderId: '' };
    if (orders.has(order.orderLinkId))
      return { code: 110072, msg: 'OrderLinkedID is duplicate', orderId: '' };
    const orderId = `oid-${nextId++}`;
    orders.set(order.orderLinkId, { orderId, symbol: order.symbol });
    return { code: 0, msg: 'OK', orderId };
  };
  const nextFault = (kind: 'single' | 'batch'): Fault | undefined => {
    const at = faults.findIndex((f) => f.kind === kind || f.kind === 'any');
    return at >= 0 ? faults.splice(at, 1)[0]!.fault : undefined;
  };
  const faultResponse = (fault: Fault | undefined, accept: () => Envelope): Sent => {
    if (fault === 'timeoutBeforeAccept') return { ok: false, error: timeoutError('lost') };
    if (fault === 'http500') return { ok: false, error: errorFromHttpStatus(500, 'Internal', clock.now()) };
    if (fault === 'http403') {
      banned = errorFromHttpStatus(403, 'Forbidden', clock.now());
      return { ok: false, error: banned };
    }
    if (fault === 'rateLimited')
      return { ok: true, response: { retCode: 10006, retMsg: 'Too many visits!' } };
    const response = accept();
    if (fault === 'timeoutAfterAccept') return { ok: false, error: timeoutError('lost') };
    return { ok: true, response };
  };

  const transport: PlacementTransport = {
    batchLimiter: limits.group('order/create-batch'),
    singleLimiter: limits.group('order/create'),
    sendSingle: async (order) => {
      requests.push({ kind: 'single', size: 1, at: clock.now() });
      return faultResponse(nextFault('single'), () => {
        const r = take(order);
        return {
          retCode: r.code,
          retMsg: r.msg,
          result: r.code === 0 ? { orderId: r.orderId, orderLinkId: order.orderLinkId } : {},
        };
      });
    },
    sendBatch: async (list) => {
      requests.push({ kind: 'batch', size: list.length, at: clock.now() });
      if (list.length > 20) throw new Error('batch over 20');
      return faultResponse(nextFault('batch'), () => {
        const taken = list.map(take);
        return {
          retCode: 0,
          retMsg: 'OK',
          result: { list: taken.map((t, i) => ({ orderId: t.orderId, orderLinkId: list[i]!.orderLinkId })) },
          retExtInfo: { list: taken.map((t) => ({ code: t.code, msg: t.msg })) },
        };
      });
    },
    findOrder: async (_symbol, orderLinkId) => {
      lookups += 1;
      const found = orders.get(orderLinkId);
      return found ? ({ orderId: found.orderId, orderLinkId } as Order) : null;
    },
    resyncClock: async () => {
      resyncs += 1;
    },
    backOff: (group) => limits.backOff(group),
    banned: () => banned,
    sleep: (ms) => clock.sleep(ms),
  };
  return {
    transport,
    clock,
    orders,
    requests,
    inject: (kind: 'single' | 'batch' | 'any', fault: Fault) => faults.push({ kind, fault }),
    stats: () => ({ lookups, resyncs }),
  };
}

const market = (n: number, prefix = 'o'): OrderRequest[] =>
  Array.from({ length: n }, (_, i) => ({
    symbol: `SYM${i}USDT`,
    side: i % 2 ? 'Sell' : 'Buy',
    orderType: 'Market',
    qty: '1',
    orderLinkId: `${prefix}-${i}`,
  }));

describe('placeOrders splitting', () => {
  it('sends a small list as one batch', async () => {
    const ex = fakeExchange();
    const results = await placeOrdersWith(ex.transport, market(5));
    expect(ex.requests).toEqual([{ kind: 'batch', size: 5, at: expect.any(Number) }]);
    expect(results.every((r) => r.status === 'accepted')).toBe(true);
  });

  it('20 orders: one batch up to the batch quota and singles in parallel, all at once', async () => {
    const ex = fakeExchange();
    const start = ex.clock.now();
    const results = await placeOrdersWith(ex.transport, market(20));
    expect(results.map((r) => r.status)).toEqual(Array(20).fill('accepted'));
    expect(ex.requests.filter((r) => r.kind === 'batch').map((r) => r.size)).toEqual([10]);
    expect(ex.requests.filter((r) => r.kind === 'single')).toHaveLength(10);
    expect(ex.requests.every((r) => r.at === start)).toBe(true);
  });

  it('50 orders: never more than 20 per batch and never over either quota in any second', async () => {
    const ex = fakeExchange();
    const results = await placeOrdersWith(ex.transport, market(50));
    expect(results.filter((r) => r.status === 'accepted')).toHaveLength(50);
    expect(new Set(results.map((r) => (r.status === 'accepted' ? r.orderId : '')))).toHaveProperty(
      'size',
      50,
    );
    for (const kind of ['batch', 'single'] as const) {
      const sent = ex.requests.filter((r) => r.kind === kind);
      for (const r of sent) {
        expect(r.size).toBeLessThanOrEqual(20);
        const units = sent.filter((o) => o.at > r.at - 1000 && o.at <= r.at).reduce((s, o) => s + o.size, 0);
        expect(units).toBeLessThanOrEqual(10);
      }
    }
    expect(ex.orders.size).toBe(50);
  });

  it('keeps results in the caller’s order, with a typed error for each rejected item', async () => {
    const ex = fakeExchange({ rejectSymbol: { SYM2USDT: [110007, 'ab not enough for new order'] } });
    const orders = market(4);
    orders[3] = { ...orders[3]!, orderLinkId: 'bad id!' };
    const results = await placeOrdersWith(ex.transport, orders);
    expect(results.map((r) => r.orderLinkId)).toEqual(['o-0', 'o-1', 'o-2', 'bad id!']);
    expect(results.map((r) => r.status)).toEqual(['accepted', 'accepted', 'rejected', 'rejected']);
    const rejected = results[2]!;
    expect(rejected.status === 'rejected' && rejected.error.code).toBe('INSUFFICIENT_BALANCE');
    const invalid = results[3]!;
    expect(invalid.status === 'rejected' && invalid.error.code).toBe('INVALID_ORDER');
    expect(ex.requests.reduce((s, r) => s + r.size, 0)).toBe(3);
  });
});

describe('placeOrders faults', () => {
  it('a lost acknowledgement is found by orderLinkId and not sent again', async () => {
    const ex = fakeExchange();
    ex.inject('batch', 'timeoutAfterAccept');
    const results = await placeOrdersWith(ex.transport, market(3));
    expect(results.every((r) => r.status === 'accepted' && r.recovered)).toBe(true);
    expect(ex.requests).toHaveLength(1);
    expect(ex.stats().lookups).toBe(3);
    expect(ex.orders.size).toBe(3);
  });

  it('a request lost before Bybit took it is looked up, found absent, and sent once more', async () => {
    const ex = fakeExchange();
    ex.inject('batch', 'timeoutBeforeAccept');
    const results = await placeOrdersWith(ex.transport, market(2));
    expect(results.map((r) => r.status)).toEqual(['accepted', 'accepted']);
    expect(ex.requests).toHaveLength(2);
    expect(ex.stats().lookups).toBe(2);
  });

  it('a 5xx on a single create is treated as unknown and resolved by lookup', async () => {
    const ex = fakeExchange();
    ex.inject('single', 'http500');
    // 11 orders: 10 go in the batch, the 11th as a single create that meets the 5xx.
    const results = await placeOrdersWith(ex.transport, market(11));
    expect(results.every((r) => r.status === 'accepted')).toBe(true);
    expect(ex.orders.size).toBe(11);
    expect(ex.stats().lookups).toBe(1);
  });

  it('a duplicate answer on a resend after a lost acknowledgement resolves to the existing order', async () => {
    const ex = fakeExchange();
    ex.inject('batch', 'timeoutAfterAccept');
    // The lookup misses (exchange lag), so the order is resent and Bybit answers 110072.
    let misses = 1;
    const find = ex.transport.findOrder;
    ex.transport.findOrder = async (symbol, id) => (misses-- > 0 ? null : find(symbol, id));
    const results = await placeOrdersWith(ex.transport, market(1));
    expect(results[0]).toMatchObject({ status: 'accepted', recovered: true, orderId: 'oid-1' });
    expect(ex.orders.size).toBe(1);
  });

  it('a 110072 on a first attempt is a rejection (the id was used before)', async () => {
    const ex = fakeExchange();
    ex.orders.set('o-0', { orderId: 'old', symbol: 'SYM0USDT' });
    const [result] = await placeOrdersWith(ex.transport, market(1));
    expect(result?.status === 'rejected' && result.error.code).toBe('DUPLICATE_ORDER_LINK_ID');
  });

  it('10006 backs off and retries only what was refused', async () => {
    const ex = fakeExchange();
    ex.inject('batch', 'rateLimited');
    ex.inject('single', 'rateLimited');
    const results = await placeOrdersWith(ex.transport, market(4));
    expect(results.every((r) => r.status === 'accepted' && !r.recovered)).toBe(true);
    expect(ex.orders.size).toBe(4);
    // Refused orders move to the free single quota; once both quotas are refused, the rest waits.
    const [batch, ...rest] = ex.requests;
    expect(batch).toMatchObject({ kind: 'batch', size: 4 });
    expect(rest[0]).toMatchObject({ kind: 'single', at: batch!.at });
    expect(rest.at(-1)!.at).toBeGreaterThanOrEqual(batch!.at + 1000);
    expect(rest.reduce((s, r) => s + r.size, 0)).toBe(5);
  });

  it('a 403 stops everything that is not yet sent and says the IP is banned', async () => {
    const ex = fakeExchange();
    ex.inject('batch', 'http403');
    const results = await placeOrdersWith(ex.transport, market(30));
    // The first batch meets the ban; the ten singles were already on the wire; nothing else is sent.
    expect(ex.requests).toHaveLength(11);
    expect(results.filter((r) => r.status === 'accepted')).toHaveLength(10);
    const banned = results.filter((r) => r.status === 'rejected' && r.error.code === 'IP_BANNED');
    expect(banned).toHaveLength(20);
    expect(banned[0]?.status === 'rejected' && banned[0].error.message).toMatch(/banned/);
  });

  it('reports unknown (and never resends) when the lookup itself keeps failing', async () => {
    const ex = fakeExchange();
    ex.inject('batch', 'timeoutAfterAccept');
    ex.transport.findOrder = async () => {
      throw timeoutError('lookup lost');
    };
    const [result] = await placeOrdersWith(ex.transport, market(1), { lookupAttempts: 2 });
    expect(result?.status).toBe('unknown');
    expect(result?.status === 'unknown' && result.error.code).toBe('OUTCOME_UNKNOWN');
    expect(ex.requests).toHaveLength(1);
  });

  it('10002 on an item resyncs the clock and retries', async () => {
    const ex = fakeExchange({ rejectSymbol: {} });
    let skewed = true;
    const send = ex.transport.sendBatch;
    ex.transport.sendBatch = async (list) => {
      if (skewed) {
        skewed = false;
        return {
          ok: true,
          response: { retCode: 10002, retMsg: 'invalid request, please check your server timestamp' },
        };
      }
      return send(list);
    };
    const results = await placeOrdersWith(ex.transport, market(2));
    expect(results.every((r) => r.status === 'accepted')).toBe(true);
    expect(ex.stats().resyncs).toBe(1);
  });
});
