/**
 * The gateway with the real SDK against the simulator when an answer leaves an order's outcome open:
 * orders booked behind a 5xx, a 10000 / 10016, a non-JSON body or a timeout; lookups that lag; and
 * orders that stay unknown until resolveOrder settles them. Sends are counted at the wire, where a
 * resend hidden by 110072 still shows.
 */
import { recordingLogger } from '../support/recording-logger';
import { describe, expect, it } from 'vitest';
import type { BybitGateway } from '../../electron/core/exchange/gateway';
import type { PlaceOrderResult } from '../../electron/core/exchange/types';
import {
  ledgerCount,
  marketOrders,
  newGateway,
  shortResendRule,
  wireCount,
  useFileSimulator,
} from './sim-harness';

const logger = recordingLogger();

/** A gateway with a 1000 ms recv window and 500 ms settle time, so waiting out the rule stays short. */
async function fresh(options: Parameters<typeof newGateway>[3] = {}): Promise<BybitGateway> {
  const gateway = newGateway(sim, logger, sim.control.createKey({ balanceUsdt: '1000000' }), {
    requestTimeoutMs: 800,
    ...shortResendRule,
    ...options,
  });
  await gateway.start();
  return gateway;
}

const booked = (ids: string[]) => [...ledgerCount(sim, ids).values()];
const unknownOf = (result: PlaceOrderResult | undefined) => {
  if (result?.status !== 'unknown') throw new Error(`expected unknown, got ${result?.status}`);
  return result;
};

/**
 * Lookups lag as on Bybit, scaled like the resend rule: each order shows 0-400 ms after booking, under the
 * 500 ms settle time these gateways use (Bybit: up to about 2 s, under the 3 s default).
 */
const fileLag = { maxMs: 400 };
const sim = useFileSimulator({ seed: 11, tickIntervalMs: 100, lookupLag: fileLag });

describe('an answer that leaves the outcome open is looked up, never reported rejected', () => {
  it.each([
    'http5xxAfterAccept',
    'retCode10000AfterAccept',
    'retCode10016AfterAccept',
    'nonJsonAfterAccept',
    'bookAfterTimeout',
  ] as const)('create-batch, booked then %s: every order accepted as recovered, sent once', async (kind) => {
    const gateway = await fresh();
    const orders = await marketOrders(gateway, 4, `open-${kind}`);
    const ids = orders.map((o) => o.orderLinkId);
    // bookAfterTimeout books 1200 ms after arrival: after the client gave up (800 ms), within the settle time.
    sim.control.failNext({ path: '/v5/order/create-batch', kind, delayMs: 1200 });
    const results = await gateway.placeOrders(orders);
    expect(results).toMatchObject(Array(4).fill({ status: 'accepted', recovered: true }));
    expect(wireCount(sim, ids)).toEqual([1, 1, 1, 1]);
    expect(booked(ids)).toEqual([1, 1, 1, 1]);
  });

  it('single create, booked then 10016: accepted as recovered, sent once', async () => {
    const gateway = await fresh();
    // Eleven orders: ten fill the batch quota, the eleventh goes as a single create.
    const orders = await marketOrders(gateway, 11, 'open-single');
    sim.control.failNext({ path: '/v5/order/create', kind: 'retCode10016AfterAccept' });
    const results = await gateway.placeOrders(orders);
    expect(results.map((r) => r.status)).toEqual(Array(11).fill('accepted'));
    expect(results.filter((r) => r.status === 'accepted' && r.recovered)).toHaveLength(1);
    expect(
      wireCount(
        sim,
        orders.map((o) => o.orderLinkId),
      ),
    ).toEqual(Array(11).fill(1));
  });

  it('a read answered without an envelope is retried like a 5xx', async () => {
    const gateway = await fresh();
    sim.control.failNext({ path: '/v5/account/wallet-balance', kind: 'nonJsonAfterAccept' });
    expect((await gateway.getWalletBalance()).accountType).toBe('UNIFIED');
  });
});

describe('a lookup that lags behind the booking', () => {
  it.each(['timeoutAfterAccept', 'http5xxAfterAccept'] as const)(
    '%s with a 1000 ms lag (under the 2500 ms settle time): found before any resend',
    async (kind) => {
      // The lag outlasts the 800 ms request timeout: the first lookup misses, the next comes when absence
      // could be proven (recv window + settle time after signing) and finds the order. A settle time well
      // past the lag leaves room for a loaded machine to be slow in reaching the simulator.
      const gateway = await fresh({ placement: { lookupDelayMs: 50, settleMs: 2500 } });
      const orders = await marketOrders(gateway, 3, `lag-${kind}`);
      const ids = orders.map((o) => o.orderLinkId);
      sim.control.setLookupLag(1000);
      try {
        sim.control.failNext({ path: '/v5/order/create-batch', kind });
        const results = await gateway.placeOrders(orders);
        expect(results).toMatchObject(Array(3).fill({ status: 'accepted', recovered: true }));
        expect(wireCount(sim, ids)).toEqual([1, 1, 1]);
      } finally {
        sim.control.setLookupLag(fileLag);
      }
    },
  );

  it('a lag longer than the settle time: the resend meets 110072 and is unknown, not rejected, until resolved', async () => {
    const gateway = await fresh();
    const [order] = await marketOrders(gateway, 1, 'long-lag');
    const id = order!.orderLinkId;
    // The longest lag there is: no lookup sees the order until the test lowers it, however slowly a loaded
    // machine runs the gateway's timeout, lookups and resend (a 3 s lag once ran out before they ended).
    sim.control.setLookupLag(60_000);
    try {
      sim.control.failNext({ path: '/v5/order/create-batch', kind: 'timeoutAfterAccept' });
      const result = unknownOf((await gateway.placeOrders([order!]))[0]);
      // The lag outlasted the settle time, so one resend reached the wire; 110072 refused it.
      expect(wireCount(sim, [id])).toEqual([2]);
      expect(booked([id])).toEqual([1]);
      // The window counts from that 110072, when the order was known to exist.
      const sentAt = result.lastAttemptAt;
      expect(await gateway.resolveOrder(order!.symbol, id, { sentAt })).toMatchObject({ status: 'unknown' });
      sim.control.setLookupLag(fileLag);
      expect(await gateway.resolveOrder(order!.symbol, id, { sentAt, wait: true })).toMatchObject({
        status: 'found',
        order: { orderLinkId: id },
      });
    } finally {
      sim.control.setLookupLag(fileLag);
    }
  });
});

describe('a final attempt without an answer is unknown; resolveOrder settles it', () => {
  it('dropped and never booked: unknown at first, then confirmed absent once the window passed', async () => {
    const gateway = await fresh({ placement: { ...shortResendRule.placement, maxAttempts: 1 } });
    const [order] = await marketOrders(gateway, 1, 'final-drop');
    sim.control.failNext({ path: '/v5/order/create-batch', kind: 'dropConnection' });
    const result = unknownOf((await gateway.placeOrders([order!]))[0]);
    expect(result.error).toMatchObject({ code: 'OUTCOME_UNKNOWN', outcomeUnknown: true });
    expect(result.retryAt).toBe(result.lastAttemptAt + 1500);
    const sentAt = result.lastAttemptAt;
    const early = await gateway.resolveOrder(order!.symbol, order!.orderLinkId, { sentAt });
    expect(early).toMatchObject({ status: 'unknown', retryAt: result.retryAt });
    expect(await gateway.resolveOrder(order!.symbol, order!.orderLinkId, { sentAt, wait: true })).toEqual({
      status: 'absent',
    });
    expect(wireCount(sim, [order!.orderLinkId])).toEqual([1]);
  });

  it('booked after the timeout and hidden by the lag: unknown, then found by resolveOrder', async () => {
    const gateway = await fresh({ placement: { ...shortResendRule.placement, maxAttempts: 1 } });
    const [order] = await marketOrders(gateway, 1, 'final-late');
    sim.control.setLookupLag(400);
    try {
      sim.control.failNext({ path: '/v5/order/create-batch', kind: 'bookAfterTimeout', delayMs: 900 });
      const result = unknownOf((await gateway.placeOrders([order!]))[0]);
      const resolved = await gateway.resolveOrder(order!.symbol, order!.orderLinkId, {
        sentAt: result.lastAttemptAt,
        wait: true,
      });
      expect(resolved).toMatchObject({ status: 'found', order: { orderLinkId: order!.orderLinkId } });
    } finally {
      sim.control.setLookupLag(fileLag);
    }
  });

  it('refuses a lookup without a symbol, with a bad orderLinkId or without a send time', async () => {
    const gateway = await fresh();
    const sentAt = Date.now();
    await expect(gateway.resolveOrder('', 'a', { sentAt })).rejects.toMatchObject({ code: 'INVALID_ORDER' });
    await expect(gateway.resolveOrder('BTCUSDT', 'bad id!', { sentAt })).rejects.toMatchObject({
      code: 'INVALID_ORDER',
      message: expect.stringMatching(/client order id/),
    });
    await expect(gateway.resolveOrder('BTCUSDT', 'ok', { sentAt: Number.NaN })).rejects.toMatchObject({
      code: 'INVALID_ORDER',
    });
  });
});
