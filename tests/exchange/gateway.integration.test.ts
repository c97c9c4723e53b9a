/**
 * The gateway with the real bybit-api SDK against the Bybit simulator: every REST endpoint it uses,
 * and its behaviour under each injected fault.
 */
import Decimal from 'decimal.js';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { ExchangeError } from '../../electron/core/exchange/errors';
import { BybitGateway } from '../../electron/core/exchange/gateway';
import {
  ledgerCount,
  marketOrders,
  newGateway,
  shortResendRule,
  simEndpoints,
  wireCount,
  useFileSimulator,
} from './sim-harness';
import { recordingLogger } from '../support/recording-logger';
import { waitFor } from '../support/wait-for';

const sim = useFileSimulator({ seed: 7, tickIntervalMs: 100 });
const logger = recordingLogger();
const secrets: string[] = [];

function keyed(balanceUsdt = '1000000') {
  const key = sim.control.createKey({ balanceUsdt });
  secrets.push(key.apiSecret);
  return key;
}

async function fresh(options: Parameters<typeof newGateway>[3] = {}): Promise<BybitGateway> {
  const gateway = newGateway(sim, logger, keyed(), options);
  await gateway.start();
  return gateway;
}

/** How many ledger orders the simulator booked for each of `orders` (1 each: nothing was sent twice). */
const ledgerTimes = (orders: { orderLinkId: string }[]) => [
  ...ledgerCount(
    sim,
    orders.map((o) => o.orderLinkId),
  ).values(),
];

describe('reads', () => {
  it('measures the clock offset at start', async () => {
    const gateway = await fresh();
    expect(Math.abs(gateway.clockOffsetMs)).toBeLessThan(1000);
  });

  it('loads every instrument page through the cursor, and caches them', async () => {
    const gateway = await fresh({ instrumentsPageSize: 100 });
    const spy = vi.spyOn(gateway.rest, 'getInstrumentsInfo');
    const instruments = await gateway.getInstruments();
    expect(spy.mock.calls.length).toBeGreaterThanOrEqual(3);
    expect(instruments.length).toBeGreaterThanOrEqual(300);
    expect(new Set(instruments.map((i) => i.symbol)).size).toBe(instruments.length);
    for (const symbol of ['BTCUSDT', '1000PEPEUSDT', 'SHIB1000USDT', '10000SATSUSDT'])
      expect(instruments.map((i) => i.symbol)).toContain(symbol);
    const btc = instruments.find((i) => i.symbol === 'BTCUSDT')!;
    expect(btc.qtyStep).toMatch(/^\d+(\.\d+)?$/);
    expect(btc.minNotionalValue).toMatch(/^\d+(\.\d+)?$/);
    expect(btc.maxMktOrderQty).toMatch(/^\d+(\.\d+)?$/);
    const calls = spy.mock.calls.length;
    await gateway.getInstruments();
    expect(spy.mock.calls.length).toBe(calls);
    await gateway.getInstruments({ refresh: true });
    expect(spy.mock.calls.length).toBeGreaterThan(calls);
  });

  it('reads tickers for one symbol and for all', async () => {
    const gateway = await fresh();
    const [btc] = await gateway.getTickers('BTCUSDT');
    expect(btc?.symbol).toBe('BTCUSDT');
    expect(btc?.lastPrice).toMatch(/^\d+(\.\d+)?$/);
    expect(btc?.bid1Price).toMatch(/^\d+(\.\d+)?$/);
    const all = await gateway.getTickers();
    expect(all.length).toBeGreaterThanOrEqual(300);
  });

  it('reads the wallet balance as decimal strings', async () => {
    const gateway = newGateway(sim, logger, sim.control.createKey({ balanceUsdt: '12345.67' }));
    await gateway.start();
    const wallet = await gateway.getWalletBalance();
    expect(wallet.accountType).toBe('UNIFIED');
    const usdt = wallet.coins.find((c) => c.coin === 'USDT');
    expect(new Decimal(usdt!.walletBalance).equals('12345.67')).toBe(true);
    expect(typeof wallet.totalEquity).toBe('string');
  });

  it('reads API key permissions: read-write, read-only, withdrawal', async () => {
    const rw = await fresh();
    expect(await rw.getApiKeyInfo()).toMatchObject({ readOnly: false, canTrade: true, canWithdraw: false });
    const ro = newGateway(sim, logger, sim.control.createKey({ readOnly: true }));
    expect(await ro.getApiKeyInfo()).toMatchObject({ readOnly: true, canTrade: false });
    const wd = newGateway(sim, logger, sim.control.createKey({ withdraw: true }));
    expect((await wd.getApiKeyInfo()).canWithdraw).toBe(true);
  });

  it('a read-only key gets a typed permission error on a write', async () => {
    const ro = newGateway(sim, logger, sim.control.createKey({ readOnly: true }));
    await expect(ro.setLeverage('BTCUSDT', '3')).rejects.toMatchObject({
      code: 'PERMISSION_DENIED',
      retCode: 10005,
    });
  });

  it('without a key: market data works, account calls say a key is needed', async () => {
    const anonymous = new BybitGateway({ endpoints: simEndpoints(sim), credentials: null, logger });
    await anonymous.start();
    expect((await anonymous.getTickers('BTCUSDT'))[0]?.symbol).toBe('BTCUSDT');
    await expect(anonymous.getWalletBalance()).rejects.toMatchObject({ code: 'NO_API_KEY' });
  });

  it('a wrong secret is a typed signature error', async () => {
    const key = sim.control.createKey();
    const bad = newGateway(sim, logger, { apiKey: key.apiKey, apiSecret: 'not-the-secret' });
    await expect(bad.getWalletBalance()).rejects.toMatchObject({ code: 'INVALID_SIGNATURE', retCode: 10004 });
  });
});

describe('orders', () => {
  it('places 20 market orders, finds each by orderLinkId, and reads fills and positions', async () => {
    const gateway = await fresh();
    const orders = await marketOrders(gateway, 20, 'p20');
    const results = await gateway.placeOrders(orders);
    expect(results.map((r) => r.status)).toEqual(Array(20).fill('accepted'));
    expect(ledgerTimes(orders)).toEqual(Array(20).fill(1));

    const first = results[0]!;
    if (first.status !== 'accepted') throw new Error('not accepted');
    // Bybit's lookups trail the booking (the simulator: up to 2 s per order), so they are asked until they show.
    const found = await waitFor(() => gateway.findOrderByLinkId(orders[0]!.symbol, orders[0]!.orderLinkId), {
      timeoutMs: 5000,
      intervalMs: 100,
    });
    expect(found).toMatchObject({
      orderId: first.orderId,
      orderLinkId: orders[0]!.orderLinkId,
      orderStatus: 'Filled',
    });
    const fills =
      (await waitFor(
        async () => {
          const listed = await gateway.getExecutions({ symbol: orders[0]!.symbol, orderId: first.orderId });
          return listed.length > 0 ? listed : null;
        },
        { timeoutMs: 5000, intervalMs: 100 },
      )) ?? [];
    expect(fills[0]).toMatchObject({ orderId: first.orderId, side: 'Buy' });
    expect(fills[0]!.execFee).toMatch(/^-?\d+(\.\d+)?$/);
    const positions = await gateway.getPositions({ symbol: orders[0]!.symbol });
    expect(positions).toHaveLength(1);
    expect(positions[0]).toMatchObject({ positionIdx: 0, side: 'Buy', size: orders[0]!.qty });
    const open = await gateway.getPositions();
    expect(open.length).toBe(20);
    expect(await gateway.findOrderByLinkId(orders[0]!.symbol, 'never-sent')).toBeNull();
  });

  it('returns typed per-order rejections next to accepted orders', async () => {
    const gateway = await fresh();
    const orders = await marketOrders(gateway, 3, 'rej');
    sim.control.rejectSymbol(orders[1]!.symbol, 110007, 'ab not enough for new order');
    const tooSmall = { ...orders[2]!, qty: '0.0000001' };
    let results;
    try {
      results = await gateway.placeOrders([orders[0]!, orders[1]!, tooSmall]);
    } finally {
      sim.control.rejectSymbol(orders[1]!.symbol, 0, '');
    }
    expect(results[0]!.status).toBe('accepted');
    expect(results[1]).toMatchObject({
      status: 'rejected',
      error: { code: 'INSUFFICIENT_BALANCE', retCode: 110007 },
    });
    expect(results[2]).toMatchObject({ status: 'rejected', error: { retCode: 10001 } });
    const error = results[1]!.status === 'rejected' ? results[1]!.error : null;
    expect(error).toBeInstanceOf(ExchangeError);
  });

  it('limit order: listed as open, cancelled by orderLinkId, then gone', async () => {
    const gateway = await fresh();
    const [order] = await marketOrders(gateway, 1, 'lim');
    const [ticker] = await gateway.getTickers(order!.symbol);
    const instrument = (await gateway.getInstrument(order!.symbol))!;
    // Far below the market, on the tick: rests on the book.
    const tick = new Decimal(instrument.tickSize);
    const price = new Decimal(ticker!.bid1Price)
      .times('0.7')
      .dividedBy(tick)
      .floor()
      .times(tick)
      .toFixed(tick.decimalPlaces());
    const [placed] = await gateway.placeOrders([
      { ...order!, orderType: 'Limit', price, timeInForce: 'GTC' },
    ]);
    expect(placed?.status).toBe('accepted');
    // Listed once Bybit's lagging lookup shows it.
    const open =
      (await waitFor(
        async () => {
          const listed = await gateway.getOpenOrders({ symbol: order!.symbol });
          return listed.some((o) => o.orderLinkId === order!.orderLinkId) ? listed : null;
        },
        { timeoutMs: 5000, intervalMs: 100 },
      )) ?? [];
    expect(open.map((o) => o.orderLinkId)).toContain(order!.orderLinkId);
    const cancelled = await gateway.cancelOrder({ symbol: order!.symbol, orderLinkId: order!.orderLinkId });
    expect(cancelled.orderLinkId).toBe(order!.orderLinkId);
    expect((await gateway.getOpenOrders({ symbol: order!.symbol })).map((o) => o.orderLinkId)).not.toContain(
      order!.orderLinkId,
    );
    expect((await gateway.findOrderByLinkId(order!.symbol, order!.orderLinkId))?.orderStatus).toBe(
      'Cancelled',
    );
    await expect(
      gateway.cancelOrder({ symbol: order!.symbol, orderLinkId: order!.orderLinkId }),
    ).rejects.toMatchObject({
      code: 'ORDER_NOT_FOUND',
      retCode: 110001,
    });
  });

  it('set leverage: changed, then 110043 counts as success', async () => {
    const gateway = await fresh();
    expect(await gateway.setLeverage('ETHUSDT', '7')).toEqual({ changed: true });
    expect(await gateway.setLeverage('ETHUSDT', '7')).toEqual({ changed: false });
    expect((await gateway.getPositions({ symbol: 'ETHUSDT' }))[0]?.leverage).toBe('7');
  });

  it('hedge mode: two position rows per symbol and orders on each side', async () => {
    const gateway = await fresh();
    const [order] = await marketOrders(gateway, 1, 'hedge');
    expect(await gateway.setPositionMode({ symbol: order!.symbol }, 'hedge')).toEqual({ changed: true });
    expect(await gateway.setPositionMode({ symbol: order!.symbol }, 'hedge')).toEqual({ changed: false });
    const results = await gateway.placeOrders([
      { ...order!, positionIdx: 1, orderLinkId: 'hedge-long' },
      { ...order!, side: 'Sell', positionIdx: 2, orderLinkId: 'hedge-short' },
      { ...order!, positionIdx: 0, orderLinkId: 'hedge-wrong-idx' },
    ]);
    expect(results.map((r) => r.status)).toEqual(['accepted', 'accepted', 'rejected']);
    const positions = await gateway.getPositions({ symbol: order!.symbol });
    expect(positions.map((p) => [p.positionIdx, p.side, p.size]).sort()).toEqual([
      [1, 'Buy', order!.qty],
      [2, 'Sell', order!.qty],
    ]);
    await expect(gateway.setPositionMode({ symbol: order!.symbol }, 'one-way')).rejects.toMatchObject({
      code: 'MODE_BLOCKED_BY_POSITION',
    });
  });
});

describe('faults', () => {
  it('5xx on a read is retried transparently', async () => {
    const gateway = await fresh();
    sim.control.failNext({ path: '/v5/account/wallet-balance', kind: 'http5xx', count: 2 });
    const wallet = await gateway.getWalletBalance();
    expect(wallet.coins.length).toBeGreaterThan(0);
  });

  it('5xx on every retry surfaces as a retryable server error', async () => {
    const gateway = await fresh({ readRetries: 1 });
    sim.control.failNext({ path: '/v5/position/list', kind: 'http5xx', count: 2 });
    await expect(gateway.getPositions({ symbol: 'BTCUSDT' })).rejects.toMatchObject({
      code: 'SERVER_ERROR',
      retryable: true,
    });
  });

  it.each(['timeoutAfterAccept', 'dropConnection', 'http5xx'] as const)(
    'an order whose response was lost (%s) is found by orderLinkId and never duplicated',
    async (kind) => {
      const gateway = await fresh({ requestTimeoutMs: 1500, ...shortResendRule });
      const orders = await marketOrders(gateway, 5, `lost-${kind}`);
      const ids = orders.map((o) => o.orderLinkId);
      sim.control.failNext({ path: '/v5/order/create-batch', kind });
      const lookups = vi.spyOn(gateway, 'findOrderByLinkId');
      const batches = vi.spyOn(gateway.rest, 'batchSubmitOrders');
      // Exact lookup counts: fresh lookups (a lagging one is covered in gateway-uncertainty).
      sim.control.setLookupLag(0);
      onTestFinished(() => sim.control.setLookupLag({ maxMs: 2000 }));
      const results = await gateway.placeOrders(orders);
      expect(results.map((r) => r.status)).toEqual(Array(5).fill('accepted'));
      // The simulator books the order before withholding the answer (timeoutAfterAccept): found, not resent.
      // A dropped connection or a 503 fails before booking: a first lookup misses, which proves nothing
      // yet; a second one after the recv window and the settle time misses too; then it is sent once more.
      const booked = kind === 'timeoutAfterAccept';
      expect(lookups).toHaveBeenCalledTimes(booked ? 5 : 10);
      expect(batches).toHaveBeenCalledTimes(booked ? 1 : 2);
      expect(wireCount(sim, ids)).toEqual(Array(5).fill(booked ? 1 : 2));
      if (!booked) {
        const sends = sim.control.wireSends().filter((s) => s.orderLinkId === ids[0]);
        expect(sends[1]!.at - sends[0]!.at).toBeGreaterThanOrEqual(1500);
      }
      expect(results.every((r) => r.status === 'accepted' && r.recovered === booked)).toBe(true);
      expect(ledgerTimes(orders)).toEqual(Array(5).fill(1));
      for (const result of results) {
        if (result.status !== 'accepted') continue;
        const found = await gateway.findOrderByLinkId(
          orders.find((o) => o.orderLinkId === result.orderLinkId)!.symbol,
          result.orderLinkId,
        );
        expect(found?.orderId).toBe(result.orderId);
      }
    },
  );

  it('a lost single create is recovered the same way', async () => {
    const gateway = await fresh({ requestTimeoutMs: 1500 });
    // 11 orders: ten fill the batch quota, the eleventh goes as a single create, whose answer is lost.
    const orders = await marketOrders(gateway, 11, 'lost-single');
    sim.control.failNext({ path: '/v5/order/create', kind: 'timeoutAfterAccept' });
    const results = await gateway.placeOrders(orders);
    expect(results.map((r) => r.status)).toEqual(Array(11).fill('accepted'));
    expect(results.filter((r) => r.status === 'accepted' && r.recovered)).toHaveLength(1);
    expect(ledgerTimes(orders)).toEqual(Array(11).fill(1));
  });

  it('10006 (quota smaller than the client thinks) backs off and completes every order once', async () => {
    const gateway = await fresh();
    const orders = await marketOrders(gateway, 14, 'rl');
    sim.control.setRateLimit('/v5/order/create-batch', 3);
    sim.control.setRateLimit('/v5/order/create', 3);
    try {
      const results = await gateway.placeOrders(orders);
      expect(results.map((r) => r.status)).toEqual(Array(14).fill('accepted'));
      expect(ledgerTimes(orders)).toEqual(Array(14).fill(1));
      // The gateway learnt the real limit from the headers.
      expect(gateway.limits.group('order/create-batch').capacity).toBe(3);
    } finally {
      sim.control.setRateLimit('/v5/order/create-batch', 10);
      sim.control.setRateLimit('/v5/order/create', 10);
    }
  });

  it('10006 on a read backs off and retries', async () => {
    const gateway = await fresh();
    sim.control.setRateLimit('/v5/order/realtime', 2);
    try {
      // The client still believes in 50/s; the server allows 2.
      const linesBefore = logger.lines.length;
      const found = await Promise.all(
        Array.from({ length: 6 }, () => gateway.getOpenOrders({ symbol: 'BTCUSDT' })),
      );
      expect(found).toHaveLength(6);
      expect(logger.lines.slice(linesBefore).some((l) => l.includes('rate limit hit'))).toBe(true);
    } finally {
      sim.control.setRateLimit('/v5/order/realtime', 50);
    }
  });

  it('10002 clock skew: resynchronises and retries once', async () => {
    const gateway = await fresh();
    const before = gateway.clockOffsetMs;
    sim.control.clock.offsetMs = -30_000;
    try {
      const wallet = await gateway.getWalletBalance();
      expect(wallet.accountType).toBe('UNIFIED');
      expect(gateway.clockOffsetMs - before).toBeLessThan(-25_000);
      const orders = await marketOrders(gateway, 2, 'skew');
      expect((await gateway.placeOrders(orders)).map((r) => r.status)).toEqual(['accepted', 'accepted']);
    } finally {
      sim.control.clock.offsetMs = 0;
    }
  });

  it('10002 while placing orders: resynchronises and places each order once', async () => {
    const gateway = await fresh();
    const orders = await marketOrders(gateway, 3, 'skew-place');
    sim.control.clock.offsetMs = 30_000;
    try {
      const results = await gateway.placeOrders(orders);
      expect(results.map((r) => r.status)).toEqual(['accepted', 'accepted', 'accepted']);
      expect(ledgerTimes(orders)).toEqual([1, 1, 1]);
    } finally {
      sim.control.clock.offsetMs = 0;
    }
  });

  it('never logs a secret', () => {
    const all = logger.lines.join('\n');
    expect(secrets.length).toBeGreaterThan(5);
    for (const secret of secrets) expect(all).not.toContain(secret);
  });
});
