import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';

export interface ConnectionLimits {
  /** HTTP sockets (not yet or never upgraded) at once; WebSockets have their own slots beyond these. */
  maxHttp: number;
  /** HTTP sockets from one remote address at once. */
  maxPerPeer: number;
}

export interface ConnectionCounts {
  /** Sockets speaking HTTP, waiting for a request's head included. */
  http: number;
  /** Of those, the ones with a request being answered (never closed to make room). */
  busy: number;
  websockets: number;
}

interface HttpSocket {
  peer: string;
  /** Requests on this socket still being answered (pipelining can make it more than one). */
  busy: number;
}

/**
 * Keeps idle sockets from locking the trader out. Anyone on the machine can open sockets without the
 * token and leave them idle or half-way through a request head; a plain cap on sockets would then
 * refuse the trader's browser. Instead, a socket that would pass a cap (one peer's share, or all HTTP
 * sockets) makes room by closing the socket that has been idle longest, and only when every socket
 * is busy answering is the newcomer refused. The trader's sockets send their request at once, so they
 * are busy or freshly used, never the longest idle. A WebSocket (which needs the token) leaves the HTTP
 * pool when it is accepted and holds a slot of its own, so idle sockets can never take those slots.
 * Idle sockets also end on their own: the server's header and keep-alive timeouts close them.
 */
export function guardConnections(
  server: Server,
  limits: ConnectionLimits,
  onRefused: (reason: 'peer' | 'full') => void,
): { upgraded(socket: Duplex): void; counts(): ConnectionCounts } {
  // Insertion order is idle order: a socket is moved to the end each time it finishes a response.
  const http = new Map<Socket, HttpSocket>();
  const websockets = new Set<Duplex>();

  const closeLongestIdle = (from: (entry: HttpSocket) => boolean): boolean => {
    for (const [socket, entry] of http) {
      if (entry.busy > 0 || !from(entry)) continue;
      http.delete(socket);
      socket.destroy();
      return true;
    }
    return false;
  };

  server.on('connection', (socket: Socket) => {
    const peer = socket.remoteAddress ?? 'unknown';
    let fromPeer = 0;
    for (const entry of http.values()) if (entry.peer === peer) fromPeer += 1;
    const refusal =
      fromPeer >= limits.maxPerPeer && !closeLongestIdle((entry) => entry.peer === peer)
        ? 'peer'
        : http.size >= limits.maxHttp && !closeLongestIdle(() => true)
          ? 'full'
          : null;
    if (refusal) {
      socket.destroy();
      onRefused(refusal);
      return;
    }
    http.set(socket, { peer, busy: 0 });
    socket.once('close', () => {
      http.delete(socket);
      websockets.delete(socket);
    });
  });

  const busyWhile = (socket: Socket, until: (finished: () => void) => void) => {
    const entry = http.get(socket);
    if (!entry) return;
    entry.busy += 1;
    until(() => {
      entry.busy -= 1;
      if (!http.delete(socket)) return;
      http.set(socket, entry); // just used: the last to be closed for room
    });
  };
  server.on('request', (request: IncomingMessage, response: ServerResponse) =>
    busyWhile(request.socket, (finished) => response.once('close', finished)),
  );
  // An upgrade needs no mark: it is accepted (upgraded) or refused within the 'upgrade' event itself.

  return {
    upgraded(socket) {
      http.delete(socket as Socket);
      websockets.add(socket);
    },
    counts() {
      let busy = 0;
      for (const entry of http.values()) if (entry.busy > 0) busy += 1;
      return { http: http.size, busy, websockets: websockets.size };
    },
  };
}
