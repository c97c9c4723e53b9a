import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { SynthexError } from '../../shared/contract';
import { wsClient } from '../../renderer/src/api/ws-client';
import { EventBus } from '../../electron/core/rpc/event-bus';
import { silentLogger } from '../../electron/core/util/logger';
import { startHeadlessServer } from '../../electron/headless/headless-server';
import { waitFor } from '../support/wait-for';

/** A scriptable server standing in for headless mode, so the client's own behaviour is what is tested. */
async function fakeServer(onRequest: (frame: { id: number; channel: string }, socket: WebSocket) => void) {
  const http: Server = createServer();
  const wss = new WebSocketServer({ server: http });
  const sockets: WebSocket[] = [];
  wss.on('connection', (socket) => {
    sockets.push(socket);
    socket.on('message', (data) => onRequest(JSON.parse(data.toString()), socket));
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const port = (http.address() as { port: number }).port;
  return {
    url: `ws://127.0.0.1:${port}/ws`,
    sockets,
    dropAll: () => sockets.splice(0).forEach((socket) => socket.terminate()),
    close: () => new Promise<void>((resolve) => (wss.close(), http.close(() => resolve()))),
  };
}

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

const createSocket = (url: string) => new WebSocket(url) as unknown as globalThis.WebSocket;

describe('renderer WebSocket client', () => {
  it('resolves results, rejects typed errors and delivers events', async () => {
    const server = await fakeServer(({ id, channel }, socket) => {
      if (channel === 'settings.get') socket.send(JSON.stringify({ id, ok: true, result: { fine: true } }));
      else socket.send(JSON.stringify({ id, ok: false, error: { code: 'UNKNOWN_CHANNEL', message: 'no' } }));
      socket.send(JSON.stringify({ event: 'notice', payload: { title: 'hi' } }));
    });
    const client = wsClient({ url: server.url, createSocket });
    cleanups.push(() => client.close(), server.close);
    const notices: unknown[] = [];
    client.on('notice', (payload) => notices.push(payload));
    await expect(client.invoke('settings.get', {})).resolves.toEqual({ fine: true });
    const error = await client.invoke('system.status', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SynthexError);
    expect(error).toMatchObject({ code: 'UNKNOWN_CHANNEL' });
    await waitFor(() => notices.length === 2);
  });

  it('queues calls until connected, rejects in-flight calls on a drop, and reconnects', async () => {
    let answer = false;
    const server = await fakeServer(({ id }, socket) => {
      if (answer) socket.send(JSON.stringify({ id, ok: true, result: 'after reconnect' }));
    });
    const client = wsClient({ url: server.url, createSocket, reconnectDelayMs: { first: 10, max: 50 } });
    cleanups.push(() => client.close(), server.close);
    const statuses: string[] = [];
    client.connection.onChange((status) => statuses.push(status));

    const inFlight = client.invoke('system.status', {});
    await waitFor(() => server.sockets.length === 1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    server.dropAll();
    await expect(inFlight).rejects.toMatchObject({ code: 'UNAVAILABLE' });

    answer = true;
    await waitFor(() => client.connection.current() === 'connected' && server.sockets.length === 1);
    await expect(client.invoke('system.status', {})).resolves.toBe('after reconnect');
    expect(statuses).toEqual(['connected', 'reconnecting', 'connected']);
  });

  it('a call made while Synthex is down fails within seconds, saying nothing was sent, instead of spinning', async () => {
    const server = await fakeServer(({ id }, socket) =>
      socket.send(JSON.stringify({ id, ok: true, result: 'up' })),
    );
    const client = wsClient({
      url: server.url,
      createSocket,
      reconnectDelayMs: { first: 10, max: 40 },
      requestTimeoutMs: 10 * 60_000,
      connectWaitMs: 50,
    });
    cleanups.push(() => client.close());
    // Connected first: a call may wait only 50 ms for the socket, which a loaded machine can take to open.
    await waitFor(() => client.connection.current() === 'connected');
    await expect(client.invoke('system.status', {})).resolves.toBe('up');
    const closed = server.close();
    server.dropAll();
    await closed;
    await waitFor(() => client.connection.current() === 'reconnecting');
    await expect(client.invoke('positions.close', { id: 1 })).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      message: expect.stringMatching(/cannot be reached .*nothing was sent/),
    });
  });

  it('times out a call the server never answers', async () => {
    const server = await fakeServer(() => {});
    const client = wsClient({ url: server.url, createSocket, requestTimeoutMs: 50 });
    cleanups.push(() => client.close(), server.close);
    await expect(client.invoke('system.status', {})).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  });
});

describe('renderer WebSocket client across a headless restart', () => {
  it('says the token was refused once the restarted server answers, and stops reconnecting', async () => {
    const rendererDir = mkdtempSync(join(tmpdir(), 'synthex-refused-'));
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Synthex</title>');
    const core = {
      dispatch: async () => ({ ok: true as const, result: 'answered' }),
      events: new EventBus(),
    };
    const start = (port: number, token: string) =>
      startHeadlessServer({ port, rendererDir, core, logger: silentLogger, token });
    const first = await start(0, 'token-of-the-first-start');
    const port = first.port;
    const page = `http://127.0.0.1:${port}/?token=token-of-the-first-start`;
    let probes = 0;
    const client = wsClient({
      url: `ws://127.0.0.1:${port}/ws?token=token-of-the-first-start`,
      createSocket,
      reconnectDelayMs: { first: 10, max: 40 },
      // What the page does: ask for its own address, which only the current token opens.
      tokenRefused: async () => {
        probes++;
        return (await fetch(page, { method: 'HEAD' })).status === 403;
      },
    });
    const statuses: string[] = [];
    client.connection.onChange((status) => statuses.push(status));
    let second: Awaited<ReturnType<typeof start>> | null = null;
    cleanups.push(
      () => client.close(),
      () => second?.close(),
    );
    await expect(client.invoke('system.status', {})).resolves.toBe('answered');

    // Down: the probe cannot reach anything, so the client keeps trying (never "refused").
    await first.close();
    await waitFor(() => probes >= 2);
    expect(client.connection.current()).toBe('reconnecting');

    // Back on the same port with a new token: refused for good.
    second = await start(port, 'token-of-the-second-start');
    await waitFor(() => client.connection.current() === 'refused');
    expect(statuses).toEqual(['connected', 'reconnecting', 'refused']);
    await expect(client.invoke('system.status', {})).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      message: 'Synthex restarted: open the new address it printed.',
    });
  });
});
