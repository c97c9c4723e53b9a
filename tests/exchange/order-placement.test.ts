import { describe, expect, it } from 'vitest';
import { timeoutError } from '../../electron/core/exchange/errors';
import { placeOrdersWith } from '../../electron/core/exchange/order-placement';
import { fakeExchange, market } from './fake-exchange';

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
    // A miss proves nothing until the recv window and the settle time have passed: two lookups each.
    expect(ex.stats().lookups).toBe(4);
  });

  it('a 5xx on a single create is treated as unknown and resolved by lookup', async () => {
    const ex = fakeExchange();
    ex.inject('single', 'http500');
    // 11 orders: 10 go in the batch, the 11th as a single create that meets the 5xx.
    const results = await placeOrdersWith(ex.transport, market(11));
    expect(results.every((r) => r.status === 'accepted')).toBe(true);
    expect(ex.orders.size).toBe(11);
    expect(ex.stats().lookups).toBe(2);
  });

  it('a duplicate answer on a resend after a lost acknowledgement resolves to the existing order', async () => {
    const ex = fakeExchange();
    ex.inject('batch', 'timeoutAfterAccept');
    // Both lookups miss (a lag longer than the settle time), so the order is resent and Bybit answers
    // 110072; the lookup after that answer finds it.
    let misses = 2;
    const find = ex.transport.findOrder;
    ex.transport.findOrder = async (symbol, id) => (misses-- > 0 ? null : find(symbol, id));
    const results = await placeOrdersWith(ex.transport, market(1));
    expect(results[0]).toMatchObject({ status: 'accepted', recovered: true, orderId: 'oid-1' });
    expect(ex.orders.size).toBe(1);
    expect(ex.sends('o-0')).toBe(2);
  });

  it('a 110072 on a first attempt means the order exists: it is looked up and settled, never sent again', async () => {
    const ex = fakeExchange();
    ex.orders.set('o-0', { orderId: 'old', symbol: 'SYM0USDT', bookedAt: 0 });
    const [result] = await placeOrdersWith(ex.transport, market(1));
    expect(result).toMatchObject({ status: 'accepted', orderId: 'old', recovered: true });
    expect(ex.sends('o-0')).toBe(1);
  });

  it('an unknown retCode leaves the outcome open: looked up like a timeout, sent again only once absent', async () => {
    const ex = fakeExchange();
    ex.inject('batch', { reject: 170999 });
    const [result] = await placeOrdersWith(ex.transport, market(1));
    expect(result).toMatchObject({ status: 'accepted' });
    expect(ex.stats().lookups).toBeGreaterThan(0);
    expect(ex.orders.size).toBe(1);
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
