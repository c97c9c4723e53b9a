/** Public and private streams through the SDK against the simulator, including reconnect and catch-up. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BybitGateway } from '../../electron/core/exchange/gateway';
import type { BybitStreams, StreamGap } from '../../electron/core/exchange/streams';
import type {
  Execution,
  Order,
  Position,
  StreamTick,
  WalletBalance,
} from '../../electron/core/exchange/types';
import { waitFor } from '../support/wait-for';
import { marketOrders, newGateway, newStreams, startSimulator, type Simulator } from './sim-harness';
import { recordingLogger } from '../support/recording-logger';

let sim: Simulator;
let gateway: BybitGateway;
let streams: BybitStreams;
const logger = recordingLogger();
let apiSecret = '';

beforeAll(async () => {
  sim = await startSimulator({ seed: 5, tickIntervalMs: 50 });
  const key = sim.control.createKey({ balanceUsdt: '1000000' });
  apiSecret = key.apiSecret;
  gateway = newGateway(sim, logger, key);
  await gateway.start();
  streams = newStreams(sim, gateway, key, logger);
});

afterAll(async () => {
  await streams?.close();
  await sim?.close();
});

const complete = (tick: StreamTick) =>
  ['lastPrice', 'markPrice', 'indexPrice', 'bid1Price', 'ask1Price', 'bid1Size', 'ask1Size'].every((field) =>
    /^\d+(\.\d+)?$/.test(tick[field as keyof StreamTick] as string),
  );

describe('public tickers', () => {
  it('merges snapshot and deltas into complete ticks that follow the price', async () => {
    const ticks: StreamTick[] = [];
    const unsubscribe = await streams.subscribeTickers(['BTCUSDT', 'ETHUSDT'], (tick) => ticks.push(tick));
    await waitFor(
      () =>
        ticks.filter((t) => t.symbol === 'BTCUSDT').length >= 3 && ticks.some((t) => t.symbol === 'ETHUSDT'),
    );
    expect(ticks.every(complete)).toBe(true);
    sim.control.setPrice('BTCUSDT', '12345.6');
    await waitFor(() => ticks.some((t) => t.symbol === 'BTCUSDT' && t.lastPrice === '12345.6'));
    const last = ticks.filter((t) => t.symbol === 'BTCUSDT').at(-1)!;
    expect(complete(last)).toBe(true);
    await unsubscribe();
    const count = ticks.length;
    // Unsubscribed: once the unsubscribe is acknowledged, no more ticks for these symbols.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(ticks.length).toBe(count);
  });
});

describe('private topics', () => {
  it('delivers order, execution, position and wallet messages for our orders', async () => {
    const orders: Order[] = [];
    const executions: Execution[] = [];
    const positions: Position[] = [];
    const wallets: WalletBalance[] = [];
    const unsubscribe = await streams.subscribePrivate({
      onOrders: (list) => orders.push(...list),
      onExecutions: (list) => executions.push(...list),
      onPositions: (list) => positions.push(...list),
      onWallet: (list) => wallets.push(...list),
    });
    const placed = await marketOrders(gateway, 2, 'ws');
    const results = await gateway.placeOrders(placed);
    expect(results.map((r) => r.status)).toEqual(['accepted', 'accepted']);
    await waitFor(() =>
      placed.every(
        (o) =>
          orders.some((x) => x.orderLinkId === o.orderLinkId && x.orderStatus === 'Filled') &&
          executions.some((x) => x.orderLinkId === o.orderLinkId) &&
          positions.some((p) => p.symbol === o.symbol && p.size === o.qty),
      ),
    );
    await waitFor(() => wallets.length > 0);
    expect(wallets[0]!.coins.some((c) => c.coin === 'USDT')).toBe(true);
    // Stream positions carry entryPrice; the typed row exposes it as avgPrice.
    expect(positions.find((p) => p.symbol === placed[0]!.symbol)?.avgPrice).toMatch(/^\d+(\.\d+)?$/);
    await unsubscribe();
  });
});

describe('reconnect', () => {
  it('after a disconnect: reconnects, resubscribes, ticks and private messages resume, REST catch-up runs', async () => {
    const ticks: StreamTick[] = [];
    const orders: Order[] = [];
    const caughtUpPositions: Position[][] = [];
    const gaps: StreamGap[] = [];
    const states: string[] = [];
    streams.onState((stream, state) => states.push(`${stream}:${state}`));
    streams.onGap((gap) => {
      gaps.push(gap);
    });
    const stopTicks = await streams.subscribeTickers(['SOLUSDT'], (tick) => ticks.push(tick));
    const stopPrivate = await streams.subscribePrivate({
      onOrders: (list) => orders.push(...list),
      onPositions: (list) => caughtUpPositions.push(list),
    });
    await waitFor(() => ticks.length >= 2);

    sim.control.disconnectWebSockets();
    await waitFor(() => states.includes('public:disconnected') && states.includes('private:disconnected'));
    const ticksAtDrop = ticks.length;
    await waitFor(() => states.includes('public:reconnected') && states.includes('private:reconnected'));
    // Gap hooks run once the resubscription is acknowledged, which can be a moment after the socket is back.
    await waitFor(() => gaps.length >= 2);
    expect(gaps.map((g) => g.stream).sort()).toEqual(['private', 'public']);

    // Ticks resume on the resubscribed topic, complete from a fresh snapshot.
    await waitFor(() => ticks.length >= ticksAtDrop + 3);
    expect(ticks.slice(ticksAtDrop).every(complete)).toBe(true);

    // The built-in REST catch-up delivered positions through the same handlers.
    await waitFor(() => caughtUpPositions.length > 0);
    expect(logger.lines.some((l) => l.includes('private stream caught up over REST'))).toBe(true);
    expect(logger.lines.some((l) => l.includes('REST catch-up after reconnect failed'))).toBe(false);

    // Private topics were resubscribed: a new order's updates arrive over the stream again.
    const [order] = await marketOrders(gateway, 1, 'after-reconnect');
    await gateway.placeOrders([order!]);
    await waitFor(() => orders.some((o) => o.orderLinkId === order!.orderLinkId));

    await stopTicks();
    await stopPrivate();
  });

  it('never logs the secret', () => {
    expect(logger.lines.join('\n')).not.toContain(apiSecret);
  });
});

describe('clock', () => {
  it('private stream auth uses the measured clock offset (server 30 s ahead)', async () => {
    sim.control.clock.offsetMs = 30_000;
    const key = sim.control.createKey({ balanceUsdt: '1000' });
    const skewedGateway = newGateway(sim, logger, key);
    const skewedStreams = newStreams(sim, skewedGateway, key, logger, { restCatchUp: false });
    try {
      await skewedGateway.start();
      expect(skewedGateway.clockOffsetMs).toBeGreaterThan(25_000);
      const wallets: WalletBalance[] = [];
      // Resolves only after the login (signed with expires = now + offset + window) and the subscription
      // were acknowledged; wallet messages arrive only on an authenticated connection.
      const stop = await skewedStreams.subscribePrivate({ onWallet: (list) => wallets.push(...list) });
      const [order] = await marketOrders(skewedGateway, 1, 'skew-ws');
      expect((await skewedGateway.placeOrders([order!]))[0]?.status).toBe('accepted');
      await waitFor(() => wallets.length > 0);
      await stop();
    } finally {
      sim.control.clock.offsetMs = 0;
      await skewedStreams.close();
    }
  });
});

describe('refusals', () => {
  it('a private login Bybit refuses rejects subscribePrivate with a typed error', async () => {
    const key = sim.control.createKey();
    const bad = { apiKey: key.apiKey, apiSecret: 'wrong-secret' };
    const badStreams = newStreams(sim, gateway, bad, logger, {
      restCatchUp: false,
      subscribeTimeoutMs: 5000,
    });
    try {
      await expect(badStreams.subscribePrivate({})).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    } finally {
      await badStreams.close();
    }
  });
});
