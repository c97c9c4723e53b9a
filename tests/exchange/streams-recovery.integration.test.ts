/**
 * Streams through the SDK against the simulator: subscriptions resolve on Bybit's acknowledgement and
 * fail on a refusal; after a reconnect the REST catch-up waits for the resubscription, includes orders
 * that finished during the gap, and a refused re-login is an error the owner sees; position updates
 * never go back in `seq`.
 */
import { recordingLogger } from '../support/recording-logger';
import { afterAll, afterEach, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import type { ExchangeError } from '../../electron/core/exchange/errors';
import type { BybitGateway } from '../../electron/core/exchange/gateway';
import type { BybitStreams } from '../../electron/core/exchange/streams';
import type { Order, Position, StreamTick } from '../../electron/core/exchange/types';
import { waitFor } from '../support/wait-for';
import { marketOrders, newGateway, newStreams, startSimulator, type Simulator } from './sim-harness';

let sim: Simulator;
let gateway: BybitGateway;
let key: { apiKey: string; apiSecret: string };
const logger = recordingLogger();
const opened: BybitStreams[] = [];

beforeAll(async () => {
  sim = await startSimulator({ seed: 9, tickIntervalMs: 50 });
  key = sim.control.createKey({ balanceUsdt: '1000000' });
  gateway = newGateway(sim, logger, key);
  await gateway.start();
});

afterEach(async () => {
  sim.control.clock.offsetMs = 0;
  await Promise.all(opened.splice(0).map((s) => s.close()));
});

afterAll(async () => {
  await sim?.close();
});

function streamsFor(options: Parameters<typeof newStreams>[4] = {}): BybitStreams {
  const streams = newStreams(sim, gateway, key, logger, options);
  opened.push(streams);
  return streams;
}

/** Every subscribe acknowledgement the SDK reports, as `wsKey:req_id`. */
function acks(streams: BybitStreams): string[] {
  const seen: string[] = [];
  streams.ws.on('response', (m: { op?: string; success?: boolean; wsKey?: string; req_id?: string }) => {
    if (m.op === 'subscribe' && m.success !== false) seen.push(`${m.wsKey}:${m.req_id}`);
  });
  return seen;
}

describe('subscribeTickers', () => {
  it('resolves only once Bybit acknowledged the topic, on a new and on an open connection', async () => {
    const streams = streamsFor();
    const seen = acks(streams);
    const stop = await streams.subscribeTickers(['XRPUSDT'], () => undefined);
    expect(seen).toContain('v5LinearPublic:tickers.XRPUSDT');
    await streams.subscribeTickers(['ADAUSDT'], () => undefined);
    expect(seen).toContain('v5LinearPublic:tickers.ADAUSDT');
    await stop();
  });

  it('a refused topic rejects with a typed error and is not resubscribed after a reconnect', async () => {
    const streams = streamsFor();
    const ticks: StreamTick[] = [];
    await streams.subscribeTickers(['BTCUSDT'], (tick) => ticks.push(tick));
    await expect(streams.subscribeTickers(['NOSUCHUSDT'], () => undefined)).rejects.toMatchObject({
      code: 'EXCHANGE_ERROR',
      message: expect.stringMatching(/refused/),
    });
    // Bybit refuses a whole request that names an unknown topic: had the refused one stayed in the
    // SDK's list, the resubscription after a reconnect would fail and BTCUSDT would stop ticking.
    const states: string[] = [];
    streams.onState((stream, state) => states.push(`${stream}:${state}`));
    sim.control.disconnectWebSockets();
    await waitFor(() => states.includes('public:resubscribed'));
    const count = ticks.length;
    await waitFor(() => ticks.length >= count + 2);
  });
});

describe('after a reconnect', () => {
  it('the REST catch-up runs after the resubscription is acknowledged, not when the socket opens', async () => {
    const streams = streamsFor();
    const events: string[] = [];
    streams.ws.on('reconnected', (e: { wsKey: string }) => events.push(`open:${e.wsKey}`));
    streams.ws.on('response', (m: { op?: string; wsKey?: string }) => {
      if (m.op === 'subscribe' && m.wsKey === 'v5Private') events.push('ack:v5Private');
    });
    const stop = await streams.subscribePrivate({ onPositions: () => undefined });
    const catchUp = vi.spyOn(gateway, 'getExecutions').mockImplementation(async () => {
      events.push('catch-up');
      return [];
    });
    try {
      events.length = 0;
      sim.control.disconnectWebSockets();
      await waitFor(() => events.includes('catch-up'));
      expect(events.indexOf('open:v5Private')).toBeGreaterThanOrEqual(0);
      expect(events.indexOf('ack:v5Private')).toBeGreaterThan(events.indexOf('open:v5Private'));
      expect(events.indexOf('catch-up')).toBeGreaterThan(events.indexOf('ack:v5Private'));
    } finally {
      catchUp.mockRestore();
      await stop();
    }
  });

  it('the catch-up delivers an order that was placed and filled while the stream was away', async () => {
    // A long reconnect delay keeps the gap open while the order is placed, filled and closed.
    const streams = streamsFor({ reconnectDelayMs: 1500 });
    const orders: Order[] = [];
    const states: string[] = [];
    streams.onState((stream, state) => states.push(`${stream}:${state}`));
    const stop = await streams.subscribePrivate({ onOrders: (list) => orders.push(...list) });
    const [order] = await marketOrders(gateway, 1, 'gap-filled');
    sim.control.disconnectWebSockets();
    await waitFor(() => states.includes('private:disconnected'));
    expect((await gateway.placeOrders([order!]))[0]?.status).toBe('accepted');
    expect(states).not.toContain('private:reconnected');
    await waitFor(() => states.includes('private:resubscribed'));
    await waitFor(() => orders.some((o) => o.orderLinkId === order!.orderLinkId));
    expect(orders.find((o) => o.orderLinkId === order!.orderLinkId)?.orderStatus).toBe('Filled');
    await stop();
  });

  it("a fill Bybit's lagging lookup hid from the first catch-up arrives with the second", async () => {
    const streams = streamsFor({ reconnectDelayMs: 1000, lookupSettleMs: 3000 });
    const caughtUp = () =>
      logger.entries.filter((e) => e.message === 'private stream caught up over REST').length;
    const before = caughtUp();
    const fills: { orderLinkId: string; passes: number }[] = [];
    const states: string[] = [];
    streams.onState((stream, state) => states.push(`${stream}:${state}`));
    const stop = await streams.subscribePrivate({
      onExecutions: (list) =>
        fills.push(...list.map((e) => ({ orderLinkId: e.orderLinkId, passes: caughtUp() - before }))),
    });
    const [order] = await marketOrders(gateway, 1, 'gap-lagged');
    // Lookups show the fill 2.5 s after booking: after the first catch-up (about 1 s), before the second.
    sim.control.setLookupLag(2500);
    onTestFinished(() => sim.control.setLookupLag({ maxMs: 2000 }));
    sim.control.disconnectWebSockets();
    await waitFor(() => states.includes('private:disconnected'));
    expect((await gateway.placeOrders([order!]))[0]?.status).toBe('accepted');
    await waitFor(() => caughtUp() - before >= 1);
    expect(fills.filter((f) => f.orderLinkId === order!.orderLinkId)).toEqual([]);
    const fill = await waitFor(() => fills.find((f) => f.orderLinkId === order!.orderLinkId));
    // Delivered by the second pass: after the first pass logged, before the second did.
    expect(fill?.passes).toBe(1);
    await stop();
  });

  it('a fill whose push was lost while connected is fetched over REST once the position push shows it', async () => {
    const streams = streamsFor({ missedFillGraceMs: 1000 });
    const fills: string[] = [];
    const positions: Position[] = [];
    const stop = await streams.subscribePrivate({
      onExecutions: (list) => fills.push(...list.map((e) => e.orderLinkId)),
      onPositions: (rows) => positions.push(...rows),
    });
    const first = (await marketOrders(gateway, 1, 'lost-fill'))[0]!;
    const second = { ...first, orderLinkId: `${first.orderLinkId}-2` };
    // The first order's push seeds what the watch knows of the symbol; the second's execution is lost.
    expect((await gateway.placeOrders([first]))[0]?.status).toBe('accepted');
    await waitFor(
      () => fills.includes(first.orderLinkId) && positions.some((p) => p.symbol === first.symbol),
    );
    sim.control.privateStreamFaultNext({ topic: 'execution', kind: 'drop' });
    const seen = positions.length;
    expect((await gateway.placeOrders([second]))[0]?.status).toBe('accepted');
    await waitFor(() => positions.slice(seen).some((p) => p.symbol === second.symbol));
    expect(fills).not.toContain(second.orderLinkId);
    await waitFor(() => fills.includes(second.orderLinkId));
    expect(logger.entries.map((e) => e.message)).toContain(
      'private stream missed a fill; fetching it over REST',
    );
    await stop();
  });

  it('a refused re-login surfaces as a `failed` state and an error, not only a log line', async () => {
    const streams = streamsFor();
    const states: string[] = [];
    const errors: { stream: string; error: ExchangeError }[] = [];
    streams.onState((stream, state) => states.push(`${stream}:${state}`));
    streams.onError((stream, error) => errors.push({ stream, error }));
    await streams.subscribePrivate({});
    // Bybit's clock jumps a minute ahead: the login signed with the old offset has already expired.
    sim.control.clock.offsetMs = 60_000;
    sim.control.disconnectWebSockets();
    await waitFor(() => errors.length > 0);
    expect(errors[0]).toMatchObject({ stream: 'private', error: { code: 'UNAUTHORIZED' } });
    expect(states).toContain('private:failed');
    expect(states).not.toContain('private:resubscribed');
  });
});

describe('seq order of position updates', () => {
  const row = (symbol: string, seq: number, size: string) => ({
    symbol,
    positionIdx: 0,
    side: 'Buy',
    size,
    entryPrice: '100',
    seq,
  });
  const push = (streams: BybitStreams, rows: unknown[]) =>
    streams.ws.emit('update', { topic: 'position', wsKey: 'v5Private', data: rows });

  it('a position update older than one already delivered is dropped; other symbols are not affected', async () => {
    const streams = streamsFor();
    const delivered: Position[] = [];
    const stop = await streams.subscribePrivate({ onPositions: (list) => delivered.push(...list) });
    const before = delivered.length;
    push(streams, [row('AAAUSDT', 10, '2')]);
    push(streams, [row('AAAUSDT', 9, '1'), row('BBBUSDT', 3, '5')]);
    push(streams, [row('AAAUSDT', 11, '3')]);
    const seen = delivered.slice(before).map((p) => `${p.symbol}:${p.seq}:${p.size}`);
    expect(seen).toEqual(['AAAUSDT:10:2', 'BBBUSDT:3:5', 'AAAUSDT:11:3']);
    await stop();
  });

  it('the REST catch-up does not deliver a position older than one the stream already delivered', async () => {
    const streams = streamsFor({ restCatchUp: false });
    const delivered: Position[][] = [];
    const stop = await streams.subscribePrivate({ onPositions: (list) => delivered.push(list) });
    const [order] = await marketOrders(gateway, 1, 'seq-rest');
    await gateway.placeOrders([order!]);
    const rest = await gateway.getPositions();
    const held = rest.find((p) => p.symbol === order!.symbol)!;
    expect(typeof held.seq).toBe('number');
    // The stream has already delivered a newer update of that position.
    push(streams, [row(order!.symbol, held.seq! + 1_000_000, '9')]);
    delivered.length = 0;
    await streams.catchUpFromRest({ stream: 'private', from: Date.now() - 1000, to: Date.now() });
    const caughtUp = delivered.flat();
    expect(caughtUp.some((p) => p.symbol === order!.symbol)).toBe(false);
    expect(caughtUp.length).toBe(rest.length - 1);
    await stop();
  });
});
