import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { connect, request, startHarness } from '../support/headless-harness';
import { waitFor } from '../support/wait-for';

let harness: Awaited<ReturnType<typeof startHarness>>;
let ws: WebSocket;

beforeAll(async () => {
  harness = await startHarness();
  ws = await connect(harness.wsUrl());
});

afterAll(async () => {
  ws?.close();
  await harness?.close();
});

const call = (id: number, channel: string, payload: unknown = {}) =>
  request(ws, JSON.stringify({ id, channel, payload }), id);

describe('headless WebSocket transport', () => {
  it('answers system.status in the wire format of docs/architecture.md §5', async () => {
    const reply = await call(1, 'system.status');
    expect(reply).toMatchObject({ id: 1, ok: true, result: { app: { mode: 'headless' } } });
  });

  it('refuses a connection without the token, with a wrong token, or on another path', async () => {
    const base = harness.wsUrl().split('?')[0]!;
    await expect(connect(base)).rejects.toThrow('HTTP 401');
    await expect(connect(harness.wsUrl('wrong-token'))).rejects.toThrow('HTTP 401');
    await expect(connect(harness.wsUrl().replace('/ws?', '/other?'))).rejects.toThrow('HTTP 404');
  });

  it('refuses a foreign Origin even with the token, and accepts its own', async () => {
    await expect(connect(harness.wsUrl(), { Origin: 'https://evil.example' })).rejects.toThrow('HTTP 403');
    await expect(
      connect(harness.wsUrl(), { Origin: `http://localhost:${harness.server.port + 1}` }),
    ).rejects.toThrow('HTTP 403');
    const own = await connect(harness.wsUrl(), { Origin: `http://127.0.0.1:${harness.server.port}` });
    own.close();
  });

  it('answers bad frames with typed errors, keeps the connection, and changes nothing', async () => {
    const before = await call(10, 'settings.get');
    expect(await request(ws, 'not json')).toMatchObject({
      id: null,
      ok: false,
      error: { code: 'MALFORMED_FRAME' },
    });
    expect(await request(ws, JSON.stringify({ id: 11, payload: {} }), 11)).toMatchObject({
      ok: false,
      error: { code: 'MALFORMED_FRAME' },
    });
    expect(await request(ws, JSON.stringify([1, 2, 3]))).toMatchObject({
      ok: false,
      error: { code: 'MALFORMED_FRAME' },
    });
    expect(await call(12, 'positions.nuke')).toMatchObject({
      id: 12,
      ok: false,
      error: { code: 'UNKNOWN_CHANNEL' },
    });
    expect(await call(13, 'settings.set', { exchangeEnvironment: 'moon' })).toMatchObject({
      id: 13,
      ok: false,
      error: { code: 'INVALID_PAYLOAD', issues: [{ path: 'exchangeEnvironment' }] },
    });
    expect(await call(14, 'settings.set', { exchangeEnvironment: 'custom' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_PAYLOAD' },
    });
    expect(ws.readyState).toBe(ws.OPEN);
    expect((await call(15, 'settings.get')).result).toEqual(before.result);
  });

  it('pushes events to every connected client', async () => {
    const second = await connect(harness.wsUrl());
    const received: { event?: string; payload?: { exchange?: { environment?: string } } }[] = [];
    second.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as (typeof received)[number];
      if (frame.event === 'system.status') received.push(frame);
    });
    expect(await call(20, 'settings.set', { exchangeEnvironment: 'testnet' })).toMatchObject({ ok: true });
    // The status the change pushes; one the app pushed just before it (its start still settling) may come first.
    const pushed = await waitFor(() =>
      received.find((frame) => frame.payload?.exchange?.environment === 'testnet'),
    );
    expect(pushed).toMatchObject({
      event: 'system.status',
      payload: { exchange: { environment: 'testnet' } },
    });
    second.close();
  });
});
