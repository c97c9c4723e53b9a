/**
 * Bybit's WebSocket streams through the SDK: public `tickers.<symbol>` merged into complete ticks, and
 * the private `order`, `execution`, `position` and `wallet` topics. The SDK reconnects and
 * resubscribes; this module forgets stale ticker state while disconnected and reports every gap
 * (disconnected → reconnected) to catch-up hooks, with a built-in REST catch-up for private data.
 */
import type { Logger } from '../util/logger';
import type { ExchangeEndpoints } from './environments';
import { ExchangeError } from './errors';
import type { BybitGateway } from './gateway';
import { toExecution, toOrder, toPosition, toWalletBalance } from './mappers';
import { createWsClient, type Credentials, type EndpointWebsocketClient } from './sdk-clients';
import { TickerMerger } from './ticker-merge';
import type { Execution, Order, Position, StreamTick, WalletBalance } from './types';

export type StreamName = 'public' | 'private';
export type StreamState = 'connected' | 'disconnected' | 'reconnected' | 'closed';

export interface StreamGap {
  stream: StreamName;
  /** Local ms when the connection dropped, and when it was back. */
  from: number;
  to: number;
}

export interface PrivateHandlers {
  onOrders?(orders: Order[]): void;
  onExecutions?(executions: Execution[]): void;
  onPositions?(positions: Position[]): void;
  onWallet?(wallets: WalletBalance[]): void;
}

export interface BybitStreamsOptions {
  endpoints: ExchangeEndpoints;
  credentials?: Credentials | null;
  logger: Logger;
  /** Supplies the clock offset for private auth and the REST catch-up. */
  gateway?: BybitGateway;
  /** Run `catchUpFromRest` for private subscribers after every private reconnect (default true). */
  restCatchUp?: boolean;
  now?: () => number;
  pingIntervalMs?: number;
  pongTimeoutMs?: number;
  reconnectDelayMs?: number;
  /** How long a subscription may wait for Bybit's acknowledgement (default 10 s). */
  subscribeTimeoutMs?: number;
  /** Use this SDK client instead of building one (tests). */
  wsClient?: EndpointWebsocketClient;
}

const privateTopics = ['order', 'execution', 'position', 'wallet'] as const;

interface UpdateMessage {
  topic?: string;
  type?: string;
  ts?: number;
  data?: unknown;
  wsKey?: string;
}

function streamOf(wsKey: unknown): StreamName | null {
  if (wsKey === 'v5LinearPublic') return 'public';
  if (wsKey === 'v5Private') return 'private';
  return null;
}

export class BybitStreams {
  readonly ws: EndpointWebsocketClient;
  private readonly logger: Logger;
  private readonly now: () => number;
  private readonly merger = new TickerMerger();
  private readonly tickListeners = new Map<string, Set<(tick: StreamTick) => void>>();
  private readonly privateListeners = new Set<PrivateHandlers>();
  private readonly stateListeners = new Set<(stream: StreamName, state: StreamState) => void>();
  private readonly gapHandlers = new Set<(gap: StreamGap) => Promise<void> | void>();
  private readonly droppedAt = new Map<StreamName, number>();
  private readonly unsubscribeClock: (() => void) | null = null;
  private closed = false;

  constructor(private readonly options: BybitStreamsOptions) {
    this.logger = options.logger;
    this.now = options.now ?? (() => Date.now());
    this.ws =
      options.wsClient ??
      createWsClient({
        endpoints: options.endpoints,
        credentials: options.credentials ?? null,
        logger: options.logger,
        pingIntervalMs: options.pingIntervalMs,
        pongTimeoutMs: options.pongTimeoutMs,
        reconnectDelayMs: options.reconnectDelayMs,
      });
    const gateway = options.gateway;
    if (gateway) {
      this.ws.setTimeOffsetMs(gateway.clockOffsetMs);
      this.unsubscribeClock = gateway.onClockSync((offset) => this.ws.setTimeOffsetMs(offset));
    }
    this.ws.on('update', (message: UpdateMessage) => this.onUpdate(message));
    this.ws.on('open', (event: { wsKey: string }) => this.emitState(streamOf(event.wsKey), 'connected'));
    this.ws.on('reconnect', (event: { wsKey: string }) => this.onDropped(streamOf(event.wsKey)));
    this.ws.on('reconnected', (event: { wsKey: string }) => this.onReconnected(streamOf(event.wsKey)));
    this.ws.on('exception', (event: { wsKey?: string; ret_msg?: unknown }) =>
      this.logger.warn('bybit stream error', {
        wsKey: event?.wsKey,
        message: typeof event?.ret_msg === 'string' ? event.ret_msg : undefined,
      }),
    );
    if (options.restCatchUp !== false && gateway) {
      this.gapHandlers.add((gap) => (gap.stream === 'private' ? this.catchUpFromRest(gap) : undefined));
    }
  }

  /** Connection changes of either stream. */
  onState(listener: (stream: StreamName, state: StreamState) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  /**
   * Called after a stream comes back, with the time it was away. The hook for fetching over REST what
   * the stream missed (the built-in private catch-up is one such hook).
   */
  onGap(handler: (gap: StreamGap) => Promise<void> | void): () => void {
    this.gapHandlers.add(handler);
    return () => this.gapHandlers.delete(handler);
  }

  /** Complete ticks for the symbols; resolves once Bybit acknowledged the subscription. */
  async subscribeTickers(
    symbols: string[],
    onTick: (tick: StreamTick) => void,
  ): Promise<() => Promise<void>> {
    const fresh: string[] = [];
    for (const symbol of symbols) {
      let set = this.tickListeners.get(symbol);
      if (!set) {
        set = new Set();
        this.tickListeners.set(symbol, set);
        fresh.push(symbol);
      }
      set.add(onTick);
      const latest = this.merger.latest(symbol);
      if (latest && !fresh.includes(symbol)) onTick(latest);
    }
    if (fresh.length > 0)
      await Promise.all(
        this.ws.subscribeV5(
          fresh.map((s) => `tickers.${s}`),
          'linear',
        ),
      );
    return async () => {
      const gone: string[] = [];
      for (const symbol of symbols) {
        const set = this.tickListeners.get(symbol);
        if (!set) continue;
        set.delete(onTick);
        if (set.size === 0) {
          this.tickListeners.delete(symbol);
          this.merger.reset(symbol);
          gone.push(symbol);
        }
      }
      if (gone.length > 0 && !this.closed)
        await Promise.all(
          this.ws.unsubscribeV5(
            gone.map((s) => `tickers.${s}`),
            'linear',
          ),
        ).catch(() => undefined);
    };
  }

  /** The private topics; resolves once authenticated and subscribed. */
  async subscribePrivate(handlers: PrivateHandlers): Promise<() => Promise<void>> {
    const first = this.privateListeners.size === 0;
    this.privateListeners.add(handlers);
    if (first) {
      const acked = this.awaitAck([...privateTopics], 'private');
      try {
        await Promise.all(this.ws.subscribeV5([...privateTopics], 'linear', true));
        await acked;
      } catch (error) {
        this.privateListeners.delete(handlers);
        throw error;
      }
    }
    return async () => {
      this.privateListeners.delete(handlers);
      if (this.privateListeners.size === 0 && !this.closed)
        await Promise.all(this.ws.unsubscribeV5([...privateTopics], 'linear', true)).catch(() => undefined);
    };
  }

  /**
   * Fetch over REST what the private stream may have missed and deliver it through the same handlers:
   * open orders, fills since the gap began (with a minute of margin), positions and the wallet.
   * Receivers deduplicate (executions by execId), as they must for stream messages anyway.
   */
  async catchUpFromRest(gap: StreamGap): Promise<void> {
    const gateway = this.options.gateway;
    if (!gateway || this.privateListeners.size === 0) return;
    try {
      const [orders, executions, positions, wallet] = await Promise.all([
        gateway.getOpenOrders({ settleCoin: 'USDT' }),
        gateway.getExecutions({ settleCoin: 'USDT', startTime: gap.from - 60_000 + gateway.clockOffsetMs }),
        gateway.getPositions({ settleCoin: 'USDT' }),
        gateway.getWalletBalance(['USDT']),
      ]);
      for (const h of this.privateListeners) {
        if (orders.length) h.onOrders?.(orders);
        if (executions.length) h.onExecutions?.(executions);
        h.onPositions?.(positions);
        h.onWallet?.([wallet]);
      }
      this.logger.info('private stream caught up over REST', {
        orders: orders.length,
        executions: executions.length,
        positions: positions.length,
        gapMs: gap.to - gap.from,
      });
    } catch (error) {
      this.logger.warn('REST catch-up after reconnect failed', {
        code: (error as { code?: unknown })?.code,
        message: error instanceof Error ? error.message : String(error),
      });
    }
  }

  /** Close every connection; no reconnect, no timers left behind. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.unsubscribeClock?.();
    const closedKeys = new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 1000);
      timer.unref();
      this.ws.on('close', () => {
        if (this.ws.getWsStore().getKeys().length === 0) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    const hadConnections = this.ws.getWsStore().getKeys().length > 0;
    this.ws.closeAll(true);
    if (hadConnections) await closedKeys;
    this.ws.removeAllListeners();
    this.emitStateAll('closed');
  }

  // ---- internals ----------------------------------------------------------------------------------

  /**
   * Resolves when Bybit acknowledged every topic (the SDK's own promise resolves on connect, before the
   * subscription, and before the private login). Rejects when the login or the subscription is refused.
   */
  private awaitAck(topics: string[], stream: StreamName): Promise<void> {
    const wsKey = stream === 'public' ? 'v5LinearPublic' : 'v5Private';
    return new Promise<void>((resolve, reject) => {
      const pending = new Set(topics);
      const finish = (error?: ExchangeError) => {
        clearTimeout(timer);
        this.ws.off('response', onResponse);
        this.ws.off('exception', onException);
        if (error) reject(error);
        else resolve();
      };
      const onResponse = (message: { wsKey?: string; op?: string; success?: boolean; req_id?: unknown }) => {
        if (message?.wsKey !== wsKey || message.op !== 'subscribe' || message.success === false) return;
        for (const topic of String(message.req_id ?? '').split(',')) pending.delete(topic);
        if (pending.size === 0) finish();
      };
      const onException = (message: { wsKey?: string; op?: string; ret_msg?: unknown }) => {
        if (message?.wsKey !== wsKey) return;
        const detail = typeof message.ret_msg === 'string' ? message.ret_msg : '';
        if (message.op === 'auth')
          finish(
            new ExchangeError({
              code: 'UNAUTHORIZED',
              retryable: false,
              detail,
              message: "Bybit refused the private stream login. Check the API key and this computer's clock.",
            }),
          );
        else if (message.op === 'subscribe')
          finish(
            new ExchangeError({
              code: 'EXCHANGE_ERROR',
              retryable: false,
              detail,
              message: `Bybit refused the ${stream} stream subscription${detail ? ` (${detail})` : ''}.`,
            }),
          );
      };
      const timer = setTimeout(
        () =>
          finish(
            new ExchangeError({
              code: 'TIMEOUT',
              retryable: true,
              message: `Bybit did not confirm the ${stream} stream subscription in time.`,
            }),
          ),
        this.options.subscribeTimeoutMs ?? 10_000,
      );
      timer.unref?.();
      this.ws.on('response', onResponse);
      this.ws.on('exception', onException);
    });
  }

  private onUpdate(message: UpdateMessage): void {
    const topic = message.topic ?? '';
    if (topic.startsWith('tickers.')) {
      const tick = this.merger.apply(message);
      if (!tick) return;
      const listeners = this.tickListeners.get(tick.symbol);
      if (listeners) for (const listener of listeners) listener(tick);
      return;
    }
    const base = topic.split('.')[0];
    const rows = Array.isArray(message.data) ? message.data : message.data ? [message.data] : [];
    for (const handlers of this.privateListeners) {
      if (base === 'order') handlers.onOrders?.(rows.map(toOrder));
      else if (base === 'execution') handlers.onExecutions?.(rows.map(toExecution));
      else if (base === 'position') handlers.onPositions?.(rows.map(toPosition));
      else if (base === 'wallet') handlers.onWallet?.(rows.map(toWalletBalance));
    }
  }

  private onDropped(stream: StreamName | null): void {
    if (!stream || this.closed) return;
    if (!this.droppedAt.has(stream)) this.droppedAt.set(stream, this.now());
    // Ticker state is stale until a fresh snapshot arrives after resubscribing.
    if (stream === 'public') this.merger.reset();
    this.logger.warn('bybit stream disconnected; reconnecting', { stream });
    this.emitState(stream, 'disconnected');
  }

  private onReconnected(stream: StreamName | null): void {
    if (!stream || this.closed) return;
    const from = this.droppedAt.get(stream) ?? this.now();
    this.droppedAt.delete(stream);
    this.logger.info('bybit stream reconnected', { stream });
    this.emitState(stream, 'reconnected');
    const gap: StreamGap = { stream, from, to: this.now() };
    for (const handler of this.gapHandlers) {
      Promise.resolve()
        .then(() => handler(gap))
        .catch((error: unknown) =>
          this.logger.warn('stream catch-up hook failed', {
            message: error instanceof Error ? error.message : String(error),
          }),
        );
    }
  }

  private emitState(stream: StreamName | null, state: StreamState): void {
    if (!stream) return;
    for (const listener of this.stateListeners) listener(stream, state);
  }

  private emitStateAll(state: StreamState): void {
    this.emitState('public', state);
    this.emitState('private', state);
  }
}
