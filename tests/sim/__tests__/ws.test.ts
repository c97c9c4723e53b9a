import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createHmac } from 'node:crypto';
import { type Simulator, startSimulator } from '../index';
import { SimWsClient, rest, waitFor } from './helpers';

interface Update {
  topic: string;
  type?: string;
  data: unknown;
  wsKey?: string;
}

let sim: Simulator;
const clients: SimWsClient[] = [];
const sockets: WebSocket[] = [];
beforeAll(async () => {
  sim = await startSimulator({ seed: 13, tickIntervalMs: 50 });
  sim.control.setPrice('BTCUSDT', '50000');
});
afterEach(() => {
  for (const c of clients.splice(0)) c.closeAll(true);
  for (const s of sockets.splice(0)) s.terminate();
});
afterAll(async () => {
  await sim.close();
});

function sdkClient(key?: { apiKey: string; apiSecret: string }): {
  client: SimWsClient;
  updates: Update[];
  events: string[];
  acks: Record<string, unknown>[];
} {
  const client = new SimWsClient(sim.ws, key);
  clients.push(client);
  const updates: Update[] = [];
  const events: string[] = [];
  client.on('update', (u: Update) => updates.push(u));
  client.on('reconnected', () => events.push('reconnected'));
  client.on('exception', () => events.push('exception'));
  const acks: Record<string, unknown>[] = [];
  client.on('response', (r: Record<string, unknown>) => acks.push(r));
  return { client, updates, events, acks };
}

/** A raw socket with a message log, for exact wire checks. */
async function raw(path: string): Promise<{ ws: WebSocket; log: string[] }> {
  const ws = new WebSocket(`${sim.ws}${path}`);
  sockets.push(ws);
  const log: string[] = [];
  ws.on('message', (d: Buffer) => log.push(d.toString()));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return { ws, log };
}

describe('public tickers stream', () => {
  it('sends a full snapshot, then deltas with only the changed fields (SDK client)', async () => {
    const { client, updates } = sdkClient();
    await Promise.all(client.subscribeV5('tickers.BTCUSDT', 'linear'));
    const snap = await waitFor(() =>
      updates.find((u) => u.topic === 'tickers.BTCUSDT' && u.type === 'snapshot'),
    );
    const data = snap.data as Record<string, string>;
    expect(Array.isArray(snap.data)).toBe(false);
    expect(data).toMatchObject({
      symbol: 'BTCUSDT',
      lastPrice: '50000.0',
      tickDirection: expect.any(String),
    });
    for (const f of [
      'bid1Price',
      'ask1Price',
      'markPrice',
      'indexPrice',
      'fundingRate',
      'volume24h',
      'turnover24h',
    ]) {
      expect(typeof data[f], f).toBe('string');
    }
    sim.control.setPrice('BTCUSDT', '50100');
    const delta = await waitFor(() =>
      updates.find((u) => u.type === 'delta' && (u.data as Record<string, string>).lastPrice === '50100.0'),
    );
    const d = delta.data as Record<string, string>;
    expect(d.symbol).toBe('BTCUSDT');
    expect(d.fundingRate).toBeUndefined();
    expect(d.ask1Price).toBe('50102.5');
    // Snapshot merged with every delta equals the REST ticker.
    const merged: Record<string, string> = {};
    for (const u of updates.filter((x) => x.topic === 'tickers.BTCUSDT')) Object.assign(merged, u.data);
    const { tickDirection: _dir, ...fields } = merged;
    const restTicker = (await rest(sim).getTickers({ category: 'linear', symbol: 'BTCUSDT' })).result.list[0];
    expect(fields).toEqual(restTicker);
  });

  it('answers ping with the compact public pong and acks subscriptions with req_id', async () => {
    const { ws, log } = await raw('/v5/public/linear');
    ws.send('{"op":"ping"}');
    const pong = await waitFor(() => log.find((m) => m.includes('pong')));
    expect(pong).toMatch(/^\{"success":true,"ret_msg":"pong","conn_id":"[^"]+","req_id":"","op":"ping"\}$/);
    ws.send(JSON.stringify({ req_id: 'tickers.ETHUSDT', op: 'subscribe', args: ['tickers.ETHUSDT'] }));
    const ack = JSON.parse(await waitFor(() => log.find((m) => m.includes('"op":"subscribe"')))) as Record<
      string,
      unknown
    >;
    expect(ack).toMatchObject({ success: true, ret_msg: '', req_id: 'tickers.ETHUSDT', op: 'subscribe' });
    ws.send(JSON.stringify({ req_id: 'bad', op: 'subscribe', args: ['tickers.NOPEUSDT'] }));
    const nack = JSON.parse(await waitFor(() => log.find((m) => m.includes('"req_id":"bad"')))) as Record<
      string,
      unknown
    >;
    expect(nack.success).toBe(false);
  });

  it('reconnects and resubscribes after disconnectWebSockets', async () => {
    const { client, updates, events } = sdkClient();
    await Promise.all(client.subscribeV5('tickers.SOLUSDT', 'linear'));
    await waitFor(() => updates.some((u) => u.type === 'snapshot'));
    sim.control.disconnectWebSockets();
    await waitFor(() => events.includes('reconnected'), 10_000);
    await waitFor(
      () => updates.filter((u) => u.type === 'snapshot' && u.topic === 'tickers.SOLUSDT').length >= 2,
      10_000,
    );
  });
});

describe('private stream', () => {
  it('authenticates and pushes order, execution, position and wallet after an order', async () => {
    sim.control.setPrice('BTCUSDT', '50000');
    const key = sim.control.createKey({ balanceUsdt: '50000' });
    const { client, updates, acks } = sdkClient(key);
    await Promise.all(client.subscribeV5(['order', 'execution', 'position', 'wallet'], 'linear', true));
    // The SDK may resolve before the private subscription is acknowledged (it is queued behind auth).
    await waitFor(() => acks.some((a) => a.op === 'subscribe' && a.success === true));
    const res = await rest(sim, key).submitOrder({
      category: 'linear',
      symbol: 'BTCUSDT',
      side: 'Buy',
      orderType: 'Market',
      qty: '0.002',
      orderLinkId: 'ws-1',
    });
    expect(res.retCode).toBe(0);
    // The first row of the first push on a topic.
    const firstOn = async (t: string) =>
      ((await waitFor(() => updates.find((u) => u.topic === t))).data as Record<string, unknown>[])[0];
    // The order and its fill are pushed as the linear order ws-1.
    const orderPushes: [string, Record<string, string>][] = [
      ['order', { orderStatus: 'Filled', symbol: 'BTCUSDT' }],
      ['execution', { execQty: '0.002', execType: 'Trade' }],
    ];
    for (const [topic, fields] of orderPushes) {
      expect(await firstOn(topic)).toMatchObject({ category: 'linear', orderLinkId: 'ws-1', ...fields });
    }
    const pos = await firstOn('position');
    expect(pos).toMatchObject({ symbol: 'BTCUSDT', size: '0.002', side: 'Buy', category: 'linear' });
    expect(pos?.entryPrice).toBe('50002.5');
    expect(pos?.avgPrice).toBeUndefined();
    expect(await firstOn('wallet')).toMatchObject({ accountType: 'UNIFIED' });
    // Another account's orders are not pushed here.
    await rest(sim).submitOrder({
      category: 'linear',
      symbol: 'BTCUSDT',
      side: 'Buy',
      orderType: 'Market',
      qty: '0.001',
      orderLinkId: 'ws-other',
    });
    await rest(sim, key).submitOrder({
      category: 'linear',
      symbol: 'BTCUSDT',
      side: 'Buy',
      orderType: 'Market',
      qty: '0.001',
      orderLinkId: 'ws-2',
    });
    await waitFor(() =>
      updates.some(
        (u) => u.topic === 'order' && (u.data as { orderLinkId: string }[])[0]?.orderLinkId === 'ws-2',
      ),
    );
    expect(updates.some((u) => JSON.stringify(u.data).includes('ws-other'))).toBe(false);
  });

  it('raw auth: good signature, bad signature, private pong shape, subscribe before auth', async () => {
    const { ws, log } = await raw('/v5/private');
    ws.send(JSON.stringify({ req_id: 'early', op: 'subscribe', args: ['order'] }));
    const early = JSON.parse(await waitFor(() => log.find((m) => m.includes('"req_id":"early"')))) as Record<
      string,
      unknown
    >;
    expect(early.success).toBe(false);
    const expires = Date.now() + 5000;
    ws.send(JSON.stringify({ op: 'auth', args: [sim.apiKey, expires, 'deadbeef'] }));
    const bad = await waitFor(() => log.find((m) => m.includes('"op":"auth"')));
    expect(JSON.parse(bad)).toMatchObject({ success: false, ret_msg: 'Params Error', op: 'auth' });
    const sig = createHmac('sha256', sim.apiSecret).update(`GET/realtime${expires}`).digest('hex');
    ws.send(JSON.stringify({ req_id: 'auth-2', op: 'auth', args: [sim.apiKey, expires, sig] }));
    await waitFor(() => log.filter((m) => m.includes('"op":"auth"')).length === 2);
    expect(JSON.parse(log.filter((m) => m.includes('"op":"auth"'))[1] ?? '{}')).toMatchObject({
      success: true,
      ret_msg: '',
      op: 'auth',
    });
    ws.send('{"op":"ping","req_id":"p1"}');
    const pong = await waitFor(() => log.find((m) => m.includes('"op":"pong"')));
    expect(pong).toMatch(/^\{"req_id":"p1","op":"pong","args":\["\d{13}"\],"conn_id":"[^"]+"\}$/);
    ws.send(JSON.stringify({ req_id: 'mixed', op: 'subscribe', args: ['order', 'execution.linear'] }));
    const mixed = JSON.parse(await waitFor(() => log.find((m) => m.includes('"req_id":"mixed"')))) as Record<
      string,
      unknown
    >;
    expect(mixed.success).toBe(false);
  });

  it('authenticates an RSA key through the SDK', async () => {
    const key = sim.control.createKey({ rsa: true });
    const { client, acks } = sdkClient(key);
    await Promise.all(client.subscribeV5(['order'], 'linear', true));
    const ack = await waitFor(() => acks.find((a) => a.op === 'subscribe'));
    expect(ack.success).toBe(true);
  });

  it('refuses an expired auth request', async () => {
    const { ws, log } = await raw('/v5/private');
    const expires = Date.now() - 1000;
    const sig = createHmac('sha256', sim.apiSecret).update(`GET/realtime${expires}`).digest('hex');
    ws.send(JSON.stringify({ op: 'auth', args: [sim.apiKey, expires, sig] }));
    const r = await waitFor(() => log.find((m) => m.includes('"op":"auth"')));
    expect(JSON.parse(r)).toMatchObject({ success: false });
  });
});
