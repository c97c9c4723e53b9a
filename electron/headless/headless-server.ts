import { createServer, type Server } from 'node:http';
import type { AppCore } from '../core/app-core';
import type { Logger } from '../core/util/logger';
import { createAccessToken } from './access-token';
import { isLoopbackHost } from './request-guard';
import { createStaticHandler, send } from './static-server';
import { attachWsTransport } from './ws-transport';

export interface HeadlessServer {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

/** Binds 127.0.0.1 only: headless mode is for this machine (reach it from elsewhere through an SSH tunnel). */
export async function startHeadlessServer(options: {
  port: number;
  rendererDir: string;
  core: Pick<AppCore, 'dispatch' | 'events'>;
  logger: Logger;
  token?: string;
  /** Limits (defaults suit one trader's browser tabs); tests lower them. */
  maxConnections?: number;
  maxClients?: number;
  maxInFlight?: number;
}): Promise<HeadlessServer> {
  const token = options.token ?? createAccessToken();
  const serveStatic = createStaticHandler(options.rendererDir, token);
  const server: Server = createServer((request, response) => {
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
  // Every socket counts, browser tabs and WebSockets alike; a local process cannot exhaust descriptors.
  server.maxConnections = options.maxConnections ?? 64;
  const transport = attachWsTransport({
    server,
    token,
    dispatch: options.core.dispatch,
    events: options.core.events,
    logger: options.logger,
    maxClients: options.maxClients,
    maxInFlight: options.maxInFlight,
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
    close: async () => {
      await transport.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
