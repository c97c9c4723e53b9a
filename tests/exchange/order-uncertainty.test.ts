/**
 * Placement when Bybit's answer does not say what happened: every such order is looked up, a miss is
 * believed only once the recv window and the settle time have passed since the attempt (the resend
 * rule), later rejections are checked against the first copy, and what stays unclear is `unknown`.
 */
import { describe, expect, it } from 'vitest';
import { errorFromHttpStatus, timeoutError } from '../../electron/core/exchange/errors';
import { placeOrdersWith } from '../../electron/core/exchange/order-placement';
import { resolveOrderWith } from '../../electron/core/exchange/order-resolution';
import { type Fault, fakeExchange, market } from './fake-exchange';

/** recvWindowMs 5000 + settleMs 3000 (the defaults). */
const windowMs = 8000;

/** Lookups return nothing for the first `count` calls (a lag longer than any settle time). */
function missLookups(ex: ReturnType<typeof fakeExchange>, count: number): void {
  let misses = count;
  const find = ex.transport.findOrder;
  ex.transport.findOrder = async (symbol, id) => {
    const found = await find(symbol, id);
    return misses-- > 0 ? null : found;
  };
}

describe('an unclear answer is looked up by orderLinkId, never reported rejected', () => {
  const bookedFirst: Fault[] = [
    'retCode10000AfterAccept',
    'retCode10016AfterAccept',
    'http500AfterAccept',
    'timeoutAfterAccept',
    'malformedAfterAccept',
  ];

  it.each(bookedFirst)('batch, %s: found, accepted as recovered, sent once', async (fault) => {
    const ex = fakeExchange();
    ex.inject('batch', fault);
    const results = await placeOrdersWith(ex.transport, market(3));
    expect(results).toMatchObject(Array(3).fill({ status: 'accepted', recovered: true }));
    expect(['o-0', 'o-1', 'o-2'].map(ex.sends)).toEqual([1, 1, 1]);
  });

  it.each(bookedFirst)('single create, %s: found, accepted as recovered, sent once', async (fault) => {
    const ex = fakeExchange();
    ex.inject('single', fault);
    // 11 orders: ten fill the batch quota, the eleventh goes alone and meets the fault.
    const results = await placeOrdersWith(ex.transport, market(11));
    expect(results.map((r) => r.status)).toEqual(Array(11).fill('accepted'));
    expect(results[10]).toMatchObject({ recovered: true });
    expect(ex.sends('o-10')).toBe(1);
  });

  const notBooked: Fault[] = [
    'retCode10000',
    'retCode10016',
    'http500',
    'timeoutBeforeAccept',
    'networkBeforeAccept',
  ];

  it.each(notBooked)(
    '%s before booking: sent again only after the recv window and the settle time',
    async (fault) => {
      const ex = fakeExchange();
      ex.inject('batch', fault);
      const results = await placeOrdersWith(ex.transport, market(2));
      expect(results).toMatchObject([
        { status: 'accepted', recovered: false },
        { status: 'accepted', recovered: false },
      ]);
      const [first, again] = ex.wire.filter((w) => w.orderLinkId === 'o-0');
      expect(again!.at - first!.at).toBeGreaterThanOrEqual(windowMs);
      // The miss that allowed the resend was seen by a lookup made after the window.
      const lastLookup = ex.lookupLog.filter((l) => l.orderLinkId === 'o-0' && l.at <= again!.at).at(-1);
      expect(lastLookup!.at - first!.at).toBeGreaterThanOrEqual(windowMs);
      expect(ex.sends('o-0')).toBe(2);
    },
  );
});

describe('the resend rule: no duplicate send of an orderLinkId, even with a lagging lookup', () => {
  it.each([
    {
      does: 'a lookup that lags (shorter than the settle time) finds the order before any resend',
      exchange: { lookupLagMs: 2500 },
      fault: 'timeoutAfterAccept' as Fault,
      orders: 10,
    },
    {
      does: 'an order booked after its request timed out is found, not sent again',
      exchange: { lateBookingMs: 2000 },
      fault: 'bookLateAfterTimeout' as Fault,
      orders: 2,
    },
  ])('$does', async ({ exchange, fault, orders }) => {
    const ex = fakeExchange(exchange);
    ex.inject('batch', fault);
    const results = await placeOrdersWith(ex.transport, market(orders));
    expect(results).toMatchObject(Array(orders).fill({ status: 'accepted', recovered: true }));
    // Each order once at the wire.
    expect(ex.wire).toHaveLength(orders);
    expect(new Set(ex.wire.map((w) => w.orderLinkId)).size).toBe(orders);
  });

  it('uses the configured recv window and settle time', async () => {
    const ex = fakeExchange();
    ex.inject('batch', 'timeoutBeforeAccept');
    await placeOrdersWith(ex.transport, market(1), { recvWindowMs: 1000, settleMs: 500 });
    const [first, again] = ex.wire;
    expect(again!.at - first!.at).toBeGreaterThanOrEqual(1500);
    expect(again!.at - first!.at).toBeLessThan(windowMs);
  });

  it('the window runs from the end of the attempt, which is after it was signed', async () => {
    const ex = fakeExchange();
    // The attempt takes 4 s to time out: the resend waits the full window after that.
    const send = ex.transport.sendBatch;
    ex.transport.sendBatch = async (list) => {
      const sent = await send(list);
      if (!sent.ok) ex.clock.advance(4000);
      return sent;
    };
    ex.inject('batch', 'timeoutBeforeAccept');
    await placeOrdersWith(ex.transport, market(1));
    const [first, again] = ex.wire;
    expect(again!.at - first!.at).toBeGreaterThanOrEqual(4000 + windowMs);
  });
});

describe('after an uncertain attempt, a later rejection is looked up before it is believed', () => {
  it.each([110007, 110017, 110094, 110072])(
    '%i on the resend while the first copy exists: accepted as recovered',
    async (retCode) => {
      const ex = fakeExchange();
      ex.inject('batch', 'timeoutAfterAccept');
      ex.inject('batch', { reject: retCode });
      missLookups(ex, 2);
      const [result] = await placeOrdersWith(ex.transport, market(1));
      expect(result).toMatchObject({ status: 'accepted', recovered: true, orderId: 'oid-1' });
      expect(ex.sends('o-0')).toBe(2);
    },
  );

  it('110007 on the resend when the first copy really is absent: rejected, after a lookup', async () => {
    const ex = fakeExchange();
    ex.inject('batch', 'timeoutBeforeAccept');
    ex.inject('batch', { reject: 110007 });
    const [result] = await placeOrdersWith(ex.transport, market(1));
    expect(result).toMatchObject({ status: 'rejected', error: { code: 'INSUFFICIENT_BALANCE' } });
    const resentAt = ex.wire[1]!.at;
    expect(ex.lookupLog.filter((l) => l.at > resentAt)).toHaveLength(1);
  });

  it('110072 on the resend while no lookup finds the first copy: unknown, not rejected', async () => {
    const ex = fakeExchange();
    ex.inject('batch', 'timeoutAfterAccept');
    missLookups(ex, 1000);
    const [result] = await placeOrdersWith(ex.transport, market(1));
    expect(result).toMatchObject({ status: 'unknown', error: { outcomeUnknown: true } });
  });

  it.each([110007, 110074])(
    'a rejection of a first attempt (%i) is believed without a lookup',
    async (retCode) => {
      const ex = fakeExchange();
      ex.inject('batch', { reject: retCode });
      const [result] = await placeOrdersWith(ex.transport, market(1));
      expect(result).toMatchObject({ status: 'rejected', error: { retCode } });
      expect(ex.stats().lookups).toBe(0);
    },
  );
});

describe('a final attempt without an answer is unknown', () => {
  it('one attempt allowed, no answer, not found yet: unknown, with when it can be resolved', async () => {
    const ex = fakeExchange();
    ex.inject('batch', 'timeoutBeforeAccept');
    const [result] = await placeOrdersWith(ex.transport, market(1), { maxAttempts: 1 });
    expect(result).toMatchObject({ status: 'unknown', error: { code: 'OUTCOME_UNKNOWN' } });
    if (result?.status !== 'unknown') throw new Error('not unknown');
    expect(result.retryAt).toBe(result.lastAttemptAt + windowMs);
    expect(ex.wire).toHaveLength(1);
  });

  it('the last of several attempts without an answer: unknown', async () => {
    const ex = fakeExchange();
    ex.inject('batch', 'timeoutBeforeAccept');
    ex.inject('batch', 'http500');
    const [result] = await placeOrdersWith(ex.transport, market(1), { maxAttempts: 2 });
    expect(result?.status).toBe('unknown');
    expect(ex.wire).toHaveLength(2);
  });

  it('banned while the outcome is open: unknown, never rejected', async () => {
    const ex = fakeExchange();
    ex.inject('batch', 'timeoutAfterAccept');
    // The ban starts with the answer to the first send, so the lookup cannot be made.
    let sent = false;
    const send = ex.transport.sendBatch;
    ex.transport.sendBatch = async (list) => {
      sent = true;
      return send(list);
    };
    ex.transport.banned = () => (sent ? errorFromHttpStatus(403, 'Forbidden', ex.clock.now()) : null);
    const [result] = await placeOrdersWith(ex.transport, market(1));
    expect(result).toMatchObject({
      status: 'unknown',
      error: { detail: expect.stringMatching(/IP_BANNED/) },
    });
    expect(ex.stats().lookups).toBe(0);
  });
});

describe('resolveOrderWith: found, confirmed absent, or still unknown', () => {
  const rule = { recvWindowMs: 5000, settleMs: 3000 };

  it('found', async () => {
    const ex = fakeExchange();
    await placeOrdersWith(ex.transport, market(1));
    const sentAt = ex.clock.now();
    expect(await resolveOrderWith(ex.transport, 'SYM0USDT', 'o-0', { ...rule, sentAt })).toMatchObject({
      status: 'found',
      order: { orderId: 'oid-1' },
    });
  });

  it('absent once the window since the attempt has passed', async () => {
    const ex = fakeExchange();
    const sentAt = ex.clock.now() - windowMs;
    expect(await resolveOrderWith(ex.transport, 'SYM0USDT', 'nope', { ...rule, sentAt })).toEqual({
      status: 'absent',
    });
  });

  it('before the window: unknown with the time to ask again, or (wait) absent after waiting', async () => {
    const ex = fakeExchange();
    const sentAt = ex.clock.now();
    const early = await resolveOrderWith(ex.transport, 'SYM0USDT', 'nope', { ...rule, sentAt });
    expect(early).toMatchObject({ status: 'unknown', retryAt: sentAt + windowMs });
    const waited = await resolveOrderWith(ex.transport, 'SYM0USDT', 'nope', { ...rule, sentAt, wait: true });
    expect(waited).toEqual({ status: 'absent' });
    expect(ex.clock.now()).toBeGreaterThanOrEqual(sentAt + windowMs);
  });

  it('a timer that wakes early costs no extra lookup: one before the window, one after', async () => {
    const ex = fakeExchange();
    const sleep = ex.transport.sleep;
    // Node's timers can fire a millisecond before Date.now() reaches the deadline.
    ex.transport.sleep = (ms) => sleep(ms > 1 ? ms - 1 : ms);
    let lookups = 0;
    const find = ex.transport.findOrder;
    ex.transport.findOrder = async (symbol, id) => {
      lookups += 1;
      return find(symbol, id);
    };
    const sentAt = ex.clock.now();
    const waited = await resolveOrderWith(ex.transport, 'SYM0USDT', 'nope', { ...rule, sentAt, wait: true });
    expect(waited).toEqual({ status: 'absent' });
    expect(lookups).toBe(2);
  });

  it('a lagging lookup within the settle time: found after waiting, not absent', async () => {
    const ex = fakeExchange({ lookupLagMs: 2500 });
    await placeOrdersWith(ex.transport, market(1));
    const sentAt = ex.clock.now();
    const result = await resolveOrderWith(ex.transport, 'SYM0USDT', 'o-0', { ...rule, sentAt, wait: true });
    expect(result.status).toBe('found');
  });

  it('lookups that keep failing: unknown, with the cause', async () => {
    const ex = fakeExchange();
    ex.transport.findOrder = async () => {
      throw timeoutError('lookup lost');
    };
    const sentAt = ex.clock.now() - windowMs;
    const result = await resolveOrderWith(ex.transport, 'SYM0USDT', 'o-0', { ...rule, sentAt });
    expect(result).toMatchObject({ status: 'unknown', error: { code: 'OUTCOME_UNKNOWN' } });
    expect(result.status === 'unknown' && result.error.detail).toMatch(/TIMEOUT/);
  });
});
