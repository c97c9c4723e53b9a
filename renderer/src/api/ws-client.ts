import {
  isEventName,
  SynthexError,
  wsServerFrameSchema,
  type EventName,
  type SynthexApi,
} from '../../../shared/contract';
import type { ConnectionState, ConnectionStatus } from './connection';

/** WebSocket.OPEN; spelled out so the client also runs against Node's `ws` in tests. */
const OPEN = 1;

interface Pending {
  frame: string;
  sent: boolean;
  resolve(value: unknown): void;
  reject(error: SynthexError): void;
  timer: ReturnType<typeof setTimeout>;
  /** Fails the request when it could not even be sent by then. */
  sendBy: ReturnType<typeof setTimeout>;
}

export interface WsClientOptions {
  url: string;
  requestTimeoutMs?: number;
  /**
   * How long a request waits for the connection before it fails (default 5 s): long enough to ride out a
   * reconnect, short enough that a button pressed while Synthex is down says so instead of spinning.
   */
  connectWaitMs?: number;
  /** Reconnect delays double from the first to the max. */
  reconnectDelayMs?: { first: number; max: number };
  createSocket?: (url: string) => WebSocket;
  /**
   * Asked when a connection attempt fails before it opened: true when the server answers but refuses
   * this page's token. A browser cannot read the status of a refused upgrade, so this asks over HTTP.
   */
  tokenRefused?: () => Promise<boolean>;
}

/**
 * Browser side of the headless transport. Requests made while the socket is down wait for it, for
 * `connectWaitMs` at most, then fail saying nothing was sent; a request already sent when the connection
 * drops is rejected (its outcome is unknown, so it is not resent).
 */
export function wsClient(
  options: WsClientOptions,
): SynthexApi & { connection: ConnectionState; close(): void } {
  const requestTimeoutMs = options.requestTimeoutMs ?? 60_000;
  const connectWaitMs = options.connectWaitMs ?? 5_000;
  const { first, max } = options.reconnectDelayMs ?? { first: 500, max: 10_000 };
  const createSocket = options.createSocket ?? ((url: string) => new WebSocket(url));
  const pending = new Map<number, Pending>();
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const statusListeners = new Set<(status: ConnectionStatus) => void>();
  let status: ConnectionStatus = 'connecting';
  let socket: WebSocket | null = null;
  let nextId = 1;
  let attempt = 0;
  let closed = false;

  const setStatus = (next: ConnectionStatus) => {
    if (status === next) return;
    status = next;
    for (const listener of statusListeners) listener(next);
  };

  const retryLater = () => {
    setStatus('reconnecting');
    const delay = Math.min(max, first * 2 ** attempt++);
    setTimeout(connect, delay);
  };

  const connect = () => {
    const ws = createSocket(options.url);
    let opened = false;
    socket = ws;
    ws.onopen = () => {
      opened = true;
      attempt = 0;
      setStatus('connected');
      for (const request of pending.values()) {
        if (!request.sent) {
          ws.send(request.frame);
          request.sent = true;
        }
      }
    };
    ws.onmessage = (message) => handleFrame(String(message.data));
    // A failed or broken connection is always followed by a close, which handles it.
    ws.onerror = () => {};
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = null;
      for (const [id, request] of pending) {
        if (request.sent)
          settle(
            id,
            new SynthexError(
              'UNAVAILABLE',
              'The connection to Synthex dropped before it answered; check the result and retry.',
            ),
          );
      }
      if (closed) return;
      if (opened || !options.tokenRefused) return retryLater();
      options.tokenRefused().then(
        (refused) => {
          if (closed) return;
          if (!refused) return retryLater();
          closed = true;
          for (const [id] of pending)
            settle(
              id,
              new SynthexError('UNAVAILABLE', 'Synthex restarted: open the new address it printed.'),
            );
          setStatus('refused');
        },
        () => retryLater(), // the server is down too: keep trying
      );
    };
  };

  const unreachable = () =>
    new SynthexError(
      'UNAVAILABLE',
      'Synthex cannot be reached (it is stopped or the connection is down): nothing was sent. Try again once the status bar says Connected.',
    );

  const restarted = () =>
    new SynthexError('UNAVAILABLE', 'Synthex restarted: open the new address it printed.');

  const settle = (id: number, error: SynthexError | null, result?: unknown) => {
    const request = pending.get(id);
    if (!request) return;
    pending.delete(id);
    clearTimeout(request.timer);
    clearTimeout(request.sendBy);
    if (error) request.reject(error);
    else request.resolve(result);
  };

  const handleFrame = (text: string) => {
    let parsed;
    try {
      parsed = wsServerFrameSchema.safeParse(JSON.parse(text));
    } catch {
      return;
    }
    if (!parsed.success) return;
    const frame = parsed.data;
    if ('event' in frame) {
      if (!isEventName(frame.event)) return;
      for (const listener of listeners.get(frame.event) ?? []) listener(frame.payload);
      return;
    }
    if (typeof frame.id !== 'number') return;
    if (frame.ok) settle(frame.id, null, frame.result);
    else settle(frame.id, SynthexError.from(frame.error));
  };

  connect();

  return {
    connection: {
      current: () => status,
      onChange(listener) {
        statusListeners.add(listener);
        return () => statusListeners.delete(listener);
      },
    },
    invoke(channel, payload) {
      if (status === 'refused') return Promise.reject(restarted());
      const id = nextId++;
      const frame = JSON.stringify({ id, channel, payload });
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => settle(id, new SynthexError('UNAVAILABLE', `Synthex did not answer ${channel} in time.`)),
          requestTimeoutMs,
        );
        const sendBy = setTimeout(() => {
          if (!pending.get(id)?.sent) settle(id, unreachable());
        }, connectWaitMs);
        const request: Pending = {
          frame,
          sent: false,
          resolve: resolve as (value: unknown) => void,
          reject,
          timer,
          sendBy,
        };
        pending.set(id, request);
        if (socket && socket.readyState === OPEN) {
          socket.send(frame);
          request.sent = true;
        }
      });
    },
    on(event, listener) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      const wrapped = listener as (payload: unknown) => void;
      set.add(wrapped);
      return () => set.delete(wrapped);
    },
    close() {
      closed = true;
      socket?.close();
    },
  };
}
