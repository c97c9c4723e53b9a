import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { connect as netConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Reply } from '../../shared/contract';
import { EventBus } from '../../electron/core/rpc/event-bus';
import { silentLogger } from '../../electron/core/util/logger';
import { startHeadlessServer, type HeadlessServer } from '../../electron/headless/headless-server';
import { rateLimitedWarning } from '../../electron/headless/request-guard';
import { connect, request, startHarness } from '../support/headless-harness';
import { recordingLogger } from '../support/recording-logger';

/** The probes a hostile local process or a rebinding web page would try against headless mode. */
let harness: Awaited<ReturnType<typeof startHarness>>;
const logger = recordingLogger();
const outside = mkdtempSync(join(tmpdir(), 'synthex-outside-'));

beforeAll(async () => {
  const rendererDir = mkdtempSync(join(tmpdir(), 'synthex-static-'));
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Synthex</title>');
  mkdirSync(join(rendererDir, 'assets'));
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(outside, 'secret.txt'), 'a secret outside the renderer folder');
  symlinkSync(join(outside, 'secret.txt'), join(rendererDir, 'assets', 'leak.txt'));
  symlinkSync(outside, join(rendererDir, 'escape'));
  symlinkSync(join(rendererDir, 'assets', 'app.js'), join(rendererDir, 'assets', 'alias.js'));
  harness = await startHarness({ rendererDir, logger });
});

afterAll(() => harness?.close());
afterEach(() => logger.entries.splice(0) && logger.lines.splice(0));

/** A raw HTTP GET: the path goes out exactly as written, and any Host header can be sent. */
function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port: harness.server.port, path, headers, agent: false },
      (response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk.toString()));
        response.on('end', () => resolve({ status: response.statusCode!, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}
const token = () => harness.server.token;

describe('headless hardening', () => {
  it.each([
    '/%69ndex.html',
    '/index%2ehtml',
    '//index.html',
    '/./index.html',
    '/assets/../index.html',
    '/%2Findex.html',
  ])('refuses the page spelled %s with a wrong token, and serves it with the token', async (path) => {
    expect((await get(`${path}?token=stale`)).status).toBe(403);
    expect((await get(`${path}?token=`)).status).toBe(403);
    const withToken = await get(`${path}?token=${token()}`);
    expect(withToken.status).toBe(200);
    expect(withToken.body).toContain('<title>Synthex</title>');
  });

  it('refuses a foreign Host header (DNS rebinding) on the page, the assets and the WebSocket', async () => {
    const evil = { Host: `evil.example:${harness.server.port}` };
    expect((await get(`/?token=${token()}`, evil)).status).toBe(403);
    expect((await get('/assets/app.js', evil)).status).toBe(403);
    expect((await get('/assets/app.js', { Host: '127.0.0.2' })).status).toBe(403);
    await expect(connect(harness.wsUrl(), evil)).rejects.toThrow('HTTP 403');
    for (const host of ['127.0.0.1', 'localhost', '[::1]']) {
      expect((await get('/assets/app.js', { Host: `${host}:${harness.server.port}` })).status).toBe(200);
    }
    const ws = await connect(harness.wsUrl(), { Host: `localhost:${harness.server.port}` });
    ws.close();
  });

  it('answers a malformed path with 400 and logs nothing', async () => {
    for (const path of ['/%E0%A4%A', '/%', '/assets/%zz.js', '/%00index.html']) {
      expect((await get(path)).status).toBe(400);
    }
    expect(logger.lines).toEqual([]);
  });

  it('does not follow a symlink out of the renderer folder, but serves one that stays inside', async () => {
    expect((await get('/assets/leak.txt')).status).toBe(404);
    expect((await get('/escape/secret.txt')).status).toBe(404);
    const alias = await get('/assets/alias.js');
    expect(alias).toMatchObject({ status: 200, body: 'console.log(1)' });
  });

  it('logs a burst of refused upgrades once', async () => {
    for (let i = 0; i < 25; i++) await expect(connect(harness.wsUrl('wrong'))).rejects.toThrow('HTTP 401');
    expect(logger.entries.filter((entry) => entry.message === 'refused a WebSocket upgrade')).toHaveLength(1);
  });
});

describe('the refused-upgrade warning', () => {
  it('comes back after the interval with the number left out', () => {
    const seen = recordingLogger();
    let now = 0;
    const warn = rateLimitedWarning(seen, 60_000, () => now);
    warn('token', 'refused');
    warn('token', 'refused');
    warn('origin', 'refused'); // another reason is its own line
    now = 59_999;
    warn('token', 'refused');
    now = 60_000;
    warn('token', 'refused', { reason: 'token' });
    expect(seen.entries.map((entry) => entry.fields)).toEqual([
      {},
      {},
      { reason: 'token', suppressedSinceLast: 2 },
    ]);
  });
});

describe('headless limits', () => {
  let server: HeadlessServer | null = null;
  afterEach(async () => {
    await server?.close();
    server = null;
  });

  /** A server whose dispatcher holds every request until released. */
  async function limited(limits: { maxConnections?: number; maxClients?: number; maxInFlight?: number }) {
    const pending: (() => void)[] = [];
    const dispatch = vi.fn(
      () =>
        new Promise<Reply>((resolve) => pending.push(() => resolve({ ok: true, result: { held: true } }))),
    );
    server = await startHeadlessServer({
      port: 0,
      rendererDir: outside,
      core: { dispatch, events: new EventBus() },
      logger: silentLogger,
      ...limits,
    });
    const url = `ws://127.0.0.1:${server.port}/ws?token=${server.token}`;
    return { url, dispatch, release: () => pending.splice(0).forEach((resolve) => resolve()) };
  }

  it('answers requests beyond the in-flight cap at once, without dispatching them', async () => {
    const { url, dispatch, release } = await limited({ maxInFlight: 2 });
    const ws = await connect(url);
    const frame = (id: number) => JSON.stringify({ id, channel: 'system.status', payload: {} });
    const first = request(ws, frame(1), 1);
    const second = request(ws, frame(2), 2);
    expect(await request(ws, frame(3), 3)).toMatchObject({
      id: 3,
      ok: false,
      error: { code: 'UNAVAILABLE', message: expect.stringContaining('2 requests waiting') },
    });
    expect(dispatch).toHaveBeenCalledTimes(2);
    release();
    expect(await first).toMatchObject({ id: 1, ok: true });
    expect(await second).toMatchObject({ id: 2, ok: true });
    // Once the replies are out, the connection takes requests again.
    const fourth = request(ws, frame(4), 4);
    await vi.waitFor(() => expect(dispatch).toHaveBeenCalledTimes(3));
    release();
    expect(await fourth).toMatchObject({ id: 4, ok: true });
    ws.close();
  });

  it('refuses WebSockets beyond the client cap with 503', async () => {
    const { url } = await limited({ maxClients: 2 });
    const open = [await connect(url), await connect(url)];
    await expect(connect(url)).rejects.toThrow('HTTP 503');
    open[0]!.close();
    await new Promise((resolve) => open[0]!.once('close', resolve));
    await expect
      .poll(async () =>
        connect(url).then(
          (ws) => (ws.close(), 'accepted'),
          () => 'refused',
        ),
      )
      .toBe('accepted');
    open[1]!.close();
  });

  it('keeps TCP connections within the cap by closing the longest idle one for a newcomer', async () => {
    await limited({ maxConnections: 4, maxClients: 2 }); // two HTTP sockets
    const sockets: ReturnType<typeof netConnect>[] = [];
    for (let i = 0; i < 3; i++) {
      const socket = netConnect(server!.port, '127.0.0.1');
      socket.on('error', () => undefined);
      sockets.push(socket);
      await new Promise((resolve) => socket.once('connect', resolve));
    }
    await new Promise((resolve) => sockets[0]!.once('close', resolve)); // the oldest, closed by the server
    expect(sockets[1]!.destroyed).toBe(false);
    expect(server!.connections().http).toBe(2);
    sockets.forEach((socket) => socket.destroy());
  });

  it('refuses limits that leave no connection for HTTP', async () => {
    await expect(limited({ maxConnections: 16, maxClients: 16 })).rejects.toThrow(/maxClients/);
  });
});
