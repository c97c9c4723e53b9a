import { mkdtempSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { connect as netConnect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Reply } from '../../shared/contract';
import { EventBus } from '../../electron/core/rpc/event-bus';
import { silentLogger } from '../../electron/core/util/logger';
import { startHeadlessServer, type HeadlessServer } from '../../electron/headless/headless-server';
import { connect, request } from '../support/headless-harness';
import { waitFor } from '../support/wait-for';

/**
 * Any process on the machine can open sockets to headless mode without the token and leave them idle,
 * or half-way through a request head. With a plain cap, 64 of them locked the trader out. Now they
 * make room for newcomers, one peer cannot take every slot, WebSockets keep slots of their own, and
 * the header timeout closes them. Real TCP sockets against the real server.
 */
let rendererDir: string;
let server: HeadlessServer | null = null;
const opened: Socket[] = [];
/** What the server sent each raw socket. */
const received = new WeakMap<Socket, string>();

beforeAll(() => {
  rendererDir = mkdtempSync(join(tmpdir(), 'synthex-idle-'));
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Synthex</title>');
  writeFileSync(join(rendererDir, 'app.js'), 'console.log(1)');
  // Large enough that a client which does not read keeps its response (and socket) busy.
  writeFileSync(join(rendererDir, 'big.js'), Buffer.alloc(32 * 1024 * 1024, 0x61));
});

afterEach(async () => {
  opened.splice(0).forEach((socket) => socket.destroy());
  await server?.close();
  server = null;
});

async function start(limits: Parameters<typeof startHeadlessServer>[0] extends infer O ? Partial<O> : never) {
  const dispatch = async (): Promise<Reply> => ({ ok: true, result: { up: true } });
  server = await startHeadlessServer({
    port: 0,
    rendererDir,
    core: { dispatch, events: new EventBus() },
    logger: silentLogger,
    ...limits,
  });
  return server;
}

/** A raw socket that connects and then sends `first` (nothing, or part of a request head) and stops. */
function rawSocket(first: string, localAddress = '127.0.0.1'): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = netConnect({ port: server!.port, host: '127.0.0.1', localAddress });
    opened.push(socket);
    socket.on('error', () => undefined); // a reset by the server is what some tests expect
    received.set(socket, '');
    socket.on('data', (chunk: Buffer) => received.set(socket, received.get(socket) + chunk.toString()));
    socket.once('connect', () => {
      if (first) socket.write(first);
      resolve(socket);
    });
    socket.once('close', () => reject(new Error('closed before it connected')));
  });
}

const closed = (socket: Socket) =>
  socket.destroyed
    ? Promise.resolve()
    : new Promise<void>((resolve) => socket.once('close', () => resolve()));

const partialHead = 'GET /app.js HTTP/1.1\r\nHost: 127.0.0.1\r\n';

/** A plain GET on a fresh connection, as a browser would send it. */
function get(path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: server!.port, path, agent: false }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode!, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Opens `count` sockets, alternately silent and stopped mid-head, and waits until the server has seen them. */
async function flood(count: number, localAddress?: string): Promise<Socket[]> {
  const sockets: Socket[] = [];
  for (let i = 0; i < count; i++) {
    try {
      sockets.push(await rawSocket(i % 2 === 0 ? '' : partialHead, localAddress));
    } catch {
      // made room for a later one before it connected on our side: counted as closed
    }
  }
  return sockets;
}

describe('idle sockets without the token', () => {
  it('do not lock out the token holder: 100 of them, then the page, an asset and the WebSocket load', async () => {
    await start({}); // the shipped limits: 64 sockets, 16 for WebSockets, 32 HTTP ones per peer
    const idle = await flood(100);
    await waitFor(() => server!.connections().http === 32);

    const page = await get(`/?token=${server!.token}`);
    expect(page).toMatchObject({ status: 200, body: expect.stringContaining('<title>Synthex</title>') });
    expect(await get('/app.js')).toMatchObject({ status: 200, body: 'console.log(1)' });
    const ws = await connect(`ws://127.0.0.1:${server!.port}/ws?token=${server!.token}`);
    const frame = JSON.stringify({ id: 1, channel: 'system.status', payload: {} });
    expect(await request(ws, frame, 1)).toEqual({ id: 1, ok: true, result: { up: true } });
    expect(server!.connections()).toMatchObject({ websockets: 1 });
    // Room was made by closing the longest idle: never more than one peer's share is open.
    expect(server!.connections().http).toBeLessThanOrEqual(32);
    await waitFor(() => idle.filter((socket) => !socket.destroyed).length <= 32);
    ws.close();
  });

  it('are closed once the header timeout passes, while an open WebSocket stays', async () => {
    // Short timeouts: the verdict is "eventually closed", waited for by the sockets' own close events.
    await start({ headersTimeoutMs: 100, requestTimeoutMs: 100 });
    const ws = await connect(`ws://127.0.0.1:${server!.port}/ws?token=${server!.token}`);
    const idle = await flood(10);
    await Promise.all(idle.map(closed));
    expect(idle.map((socket) => received.get(socket)!.split('\r\n')[0])).toEqual(
      Array(10).fill('HTTP/1.1 408 Request Timeout'),
    );
    expect(server!.connections()).toEqual({ http: 0, busy: 0, websockets: 1 });
    const frame = JSON.stringify({ id: 2, channel: 'system.status', payload: {} });
    expect(await request(ws, frame, 2)).toMatchObject({ id: 2, ok: true });
    ws.close();
  });

  it('from one peer cannot take the slots of another', async () => {
    await start({ maxPerPeer: 8 });
    const ours = await flood(4); // the browser, from 127.0.0.1
    const theirs = await flood(40, '127.0.0.2');
    await waitFor(() => theirs.filter((socket) => socket.destroyed).length === theirs.length - 8);
    expect(server!.connections().http).toBe(12);
    expect(ours.every((socket) => !socket.destroyed)).toBe(true);
  });

  it('are closed for room before a busy one, and a newcomer is refused only when all are busy', async () => {
    await start({ maxConnections: 4, maxClients: 2 }); // two HTTP sockets
    // Two clients that ask for a large file and do not read it: their answers stay in progress.
    const busy = [await rawSocket(''), await rawSocket('')];
    for (const socket of busy) socket.pause();
    busy.forEach((socket) => socket.write('GET /big.js HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n'));
    await waitFor(() => server!.connections().busy === 2);
    const newcomer = netConnect(server!.port, '127.0.0.1');
    opened.push(newcomer);
    newcomer.on('error', () => undefined);
    await closed(newcomer);
    expect(busy.every((socket) => !socket.destroyed)).toBe(true);
    expect(server!.connections()).toMatchObject({ http: 2, busy: 2 });
  });
});
