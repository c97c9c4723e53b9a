import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { SynthexError, wsRequestSchema, type ContractError, type WsReply } from '../../shared/contract';
import type { Dispatch } from '../core/rpc/dispatcher';
import type { EventBus } from '../core/rpc/event-bus';
import type { Logger } from '../core/util/logger';
import { tokenMatches } from './access-token';
import { isLoopbackHost, rateLimitedWarning, splitRequestTarget } from './request-guard';

export interface WsTransportOptions {
  server: Server;
  token: string;
  dispatch: Dispatch;
  events: EventBus;
  logger: Logger;
  /** Frames above this size are refused by the socket layer. */
  maxFrameBytes?: number;
  heartbeatMs?: number;
  /** Open WebSockets at once (tabs of one trader: a handful). */
  maxClients?: number;
  /** Requests one connection may have waiting for a reply; more are answered at once with UNAVAILABLE. */
  maxInFlight?: number;
  /** Told of each socket that became a WebSocket (it leaves the HTTP connection pool). */
  onUpgraded?: (socket: Duplex) => void;
}

/**
 * The headless transport: the contract over a loopback WebSocket at `/ws?token=T`. The token and the
 * page's Origin are checked at the upgrade, before a socket exists; every frame then goes through the
 * same dispatcher as Electron IPC, and a bad frame gets a typed error without closing the connection.
 */
export function attachWsTransport(options: WsTransportOptions): { close(): Promise<void> } {
  const { server, token, dispatch, events, logger } = options;
  const wss = new WebSocketServer({ noServer: true, maxPayload: options.maxFrameBytes ?? 1 << 20 });
  const alive = new WeakSet<WebSocket>();
  const maxClients = options.maxClients ?? 16;
  const maxInFlight = options.maxInFlight ?? 32;
  const warn = rateLimitedWarning(logger);

  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const refusal =
      checkUpgrade(request, token, server) ??
      (wss.clients.size >= maxClients
        ? { status: '503 Service Unavailable', reason: 'too many connections' }
        : null);
    if (refusal) {
      warn(refusal.reason, 'refused a WebSocket upgrade', {
        reason: refusal.reason,
        origin: request.headers.origin ?? null,
      });
      // Destroyed once the answer is out: the HTTP server's timeouts no longer watch an upgrade's
      // socket, and a client that never closes its side must not keep it open.
      socket.once('finish', () => socket.destroy());
      socket.end(`HTTP/1.1 ${refusal.status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      options.onUpgraded?.(socket);
      wss.emit('connection', ws, request);
    });
  };
  server.on('upgrade', onUpgrade);

  wss.on('connection', (ws) => {
    alive.add(ws);
    let inFlight = 0;
    ws.on('pong', () => alive.add(ws));
    ws.on('message', (data, isBinary) => {
      if (inFlight >= maxInFlight) return refuseBusy(ws, data, maxInFlight);
      inFlight += 1;
      void handleFrame(ws, data, isBinary, dispatch).finally(() => (inFlight -= 1));
    });
    ws.on('error', (error) => warn('client-error', 'WebSocket client error', { error: String(error) }));
  });

  const unsubscribe = events.subscribe((event, payload) => {
    const frame = JSON.stringify({ event, payload });
    for (const client of wss.clients) if (client.readyState === client.OPEN) client.send(frame);
  });

  // Browsers answer pings by themselves; a tab that went away without closing is dropped.
  const heartbeat = setInterval(() => {
    for (const client of wss.clients) {
      if (!alive.has(client)) {
        client.terminate();
        continue;
      }
      alive.delete(client);
      client.ping();
    }
  }, options.heartbeatMs ?? 30_000);
  heartbeat.unref();

  return {
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(heartbeat);
        unsubscribe();
        server.off('upgrade', onUpgrade);
        for (const client of wss.clients) client.close(1001, 'server stopping');
        wss.close(() => resolve());
      }),
  };
}

function checkUpgrade(
  request: IncomingMessage,
  token: string,
  server: Server,
): { status: string; reason: string } | null {
  if (!isLoopbackHost(request)) return { status: '403 Forbidden', reason: 'host' };
  const target = splitRequestTarget(request.url);
  if (!target || target.rawPath !== '/ws') return { status: '404 Not Found', reason: 'path' };
  if (!tokenMatches(token, target.query.get('token'))) return { status: '401 Unauthorized', reason: 'token' };
  // Browsers always send Origin; a page from anywhere else must not drive the app even with a leaked token.
  // Non-browser clients on this machine send none and are trusted by the token alone.
  const origin = request.headers.origin;
  if (origin !== undefined && !allowedOrigins(server).includes(origin))
    return { status: '403 Forbidden', reason: 'origin' };
  return null;
}

function allowedOrigins(server: Server): string[] {
  const address = server.address();
  if (!address || typeof address === 'string') return [];
  return [`http://127.0.0.1:${address.port}`, `http://localhost:${address.port}`];
}

async function handleFrame(
  ws: WebSocket,
  data: RawData,
  isBinary: boolean,
  dispatch: Dispatch,
): Promise<void> {
  const reply = (frame: WsReply) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
  };
  const malformed = (id: WsReply['id'], message: string): void =>
    reply({ id, ok: false, error: new SynthexError('MALFORMED_FRAME', message).toContractError() });

  if (isBinary) return malformed(null, 'Frames must be JSON text');
  let parsed: unknown;
  try {
    parsed = JSON.parse(rawText(data));
  } catch {
    return malformed(null, 'Frame is not valid JSON');
  }
  const request = wsRequestSchema.safeParse(parsed);
  if (!request.success) {
    const id = idOf(parsed);
    return malformed(id, 'Frame must be {"id":…,"channel":"…","payload":{…}}');
  }
  const { id, channel, payload } = request.data;
  const result = await dispatch(channel, payload, { transport: 'ws' });
  reply(
    result.ok
      ? { id, ok: true, result: result.result }
      : { id, ok: false, error: result.error as ContractError },
  );
}

/** Answers without dispatching: the client has too many requests waiting already. */
function refuseBusy(ws: WebSocket, data: RawData, limit: number): void {
  let id: WsReply['id'] = null;
  try {
    id = idOf(JSON.parse(rawText(data)));
  } catch {
    // not JSON: the reply carries no id
  }
  const error = new SynthexError(
    'UNAVAILABLE',
    `This connection already has ${limit} requests waiting for a reply. Wait for them, then try again.`,
  ).toContractError();
  if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ id, ok: false, error } satisfies WsReply));
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data as ArrayBuffer).toString('utf8');
}

function idOf(value: unknown): WsReply['id'] {
  if (typeof value !== 'object' || value === null) return null;
  const id = (value as { id?: unknown }).id;
  return typeof id === 'number' || typeof id === 'string' ? id : null;
}
