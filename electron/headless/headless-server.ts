import { createServer, type Server } from 'node:http';
import type { AppCore } from '../core/app-core';
import type { Logger } from '../core/util/logger';
import { createAccessToken } from './access-token';
import { guardConnections, type ConnectionCounts } from './connection-guard';
import { isLoopbackHost, rateLimitedWarning } from './request-guard';
import { createStaticHandler, send } from './static-server';
import { attachWsTransport } from './ws-transport';

export interface HeadlessServer {
  url: string;
  port: number;
  token: string;
  /** Open sockets by kind (connection-guard.ts), for tests and diagnostics. */
  connections(): ConnectionCounts;
  close(): Promise<void>;
}

/** How long a client may take to send a request's head, and the whole request (GETs: the same). */
const defaultHeadersTimeoutMs = 10_000;
const defaultRequestTimeoutMs = 15_000;

/** Binds 127.0.0.1 only: headless mode is for this machine (reach it from elsewhere through an SSH tunnel). */
export async function startHeadlessServer(options: {
  port: number;
  rendererDir: string;
  core: Pick<AppCore, 'dispatch' | 'events'>;
  logger: Logger;
  token?: string;
  /**
   * Limits (defaults suit one trader's browser tabs); tests lower them. `maxConnections` counts every
   * socket; `maxClients` of them are kept for WebSockets, the rest serve HTTP, at most `maxPerPeer` of
   * those to one remote address.
   */
  maxConnections?: number;
  maxClients?: number;
  maxPerPeer?: number;
  maxInFlight?: number;
  /** Sockets that have not sent a full request head by then are closed (408); tests shorten it. */
  headersTimeoutMs?: number;
  requestTimeoutMs?: number;
}): Promise<HeadlessServer> {
  const token = options.token ?? createAccessToken();
  const serveStatic = createStaticHandler(options.rendererDir, token);
  const maxConnections = options.maxConnections ?? 64;
  const maxClients = options.maxClients ?? 16;
  if (maxClients >= maxConnections) throw new RangeError('maxClients must leave connections for HTTP');
  const headersTimeout = options.headersTimeoutMs ?? defaultHeadersTimeoutMs;
  const requestTimeout = Math.max(headersTimeout, options.requestTimeoutMs ?? defaultRequestTimeoutMs);
  const serverOptions = {
    headersTimeout,
    requestTimeout,
    // Node looks for expired requests at this interval: a quarter of the timeout closes them soon after.
    connectionsCheckingInterval: Math.max(10, Math.min(1_000, Math.floor(headersTimeout / 4))),
  };
  const server: Server = createServer(serverOptions, (request, response) => {
    if (!isLoopbackHost(request)) {
      return send(
        response,
        403,
        'text/plain; charset=utf-8',
        'Synthex answers only to 127.0.0.1 and localhost.',
      );
    }
    serveStatic(request, response).catch((error: unknown) => {
      options.logger.error('static request failed', { error: String(error) });
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  });
  // Every socket counts, so a local process cannot exhaust descriptors, and idle ones make room for
  // the trader's instead of locking the trader out (connection-guard.ts).
  const warn = rateLimitedWarning(options.logger);
  const guard = guardConnections(
    server,
    { maxHttp: maxConnections - maxClients, maxPerPeer: options.maxPerPeer ?? 32 },
    (reason) =>
      warn(`connection-${reason}`, 'refused a connection: no idle socket to close for it', { reason }),
  );
  const transport = attachWsTransport({
    server,
    token,
    dispatch: options.core.dispatch,
    events: options.core.events,
    logger: options.logger,
    maxClients,
    maxInFlight: options.maxInFlight,
    onUpgraded: guard.upgraded,
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(
              `Port ${options.port} on 127.0.0.1 is in use. Pass --port N, or --port 0 for any free port.`,
            )
          : error,
      ),
    );
    server.listen(options.port, '127.0.0.1', () => {
      server.removeAllListeners('error');
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    connections: guard.counts,
    close: async () => {
      await transport.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
