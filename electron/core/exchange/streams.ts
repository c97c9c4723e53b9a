/**
 * Bybit's WebSocket streams through the SDK: public `tickers.<symbol>` merged into complete ticks, and
 * the private `order`, `execution`, `position` and `wallet` topics. The SDK reconnects and
 * resubscribes; this module forgets stale ticker state while disconnected, waits for Bybit to
 * acknowledge the resubscription, then reports the gap (dropped → resubscribed) to catch-up hooks, with
 * a built-in REST catch-up for private data. A resubscription Bybit refuses (a failed re-login) is a
 * `failed` state and an error for the owner.
 */
import type { Logger } from '../util/logger';
import type { ExchangeEndpoints } from './environments';
import type { ExchangeError } from './errors';
import type { BybitGateway } from './gateway';
import { toExecution, toOrder, toPosition, toWalletBalance } from './mappers';
import { MissedFillsWatch } from './missed-fills';
import { PositionSeqGate } from './position-seq';
import { RestCatchUp, type PrivateHandlers, type StreamGap } from './stream-catch-up';
import { createWsClient, type Credentials, type EndpointWebsocketClient } from './sdk-clients';
import { awaitAck, wsKeyOf, type StreamName } from './stream-acks';
import { TickerMerger } from './ticker-merge';
import type { StreamTick } from './types';

export type { StreamName };
/**
 * `reconnected`: the socket is back; `resubscribed`: Bybit acknowledged the topics again (the gap is
 * closed and catch-up hooks run); `failed`: Bybit refused the resubscription or never confirmed it.
 */
export type StreamState = 'connected' | 'disconnected' | 'reconnected' | 'resubscribed' | 'failed' | 'closed';

export type { PrivateHandlers, StreamGap } from './stream-catch-up';

export interface BybitStreamsOptions {
  endpoints: ExchangeEndpoints;
  credentials?: Credentials | null;
  logger: Logger;
  /** Supplies the clock offset for private auth and the REST catch-up. */
  gateway?: BybitGateway;
  /** Run `catchUpFromRest` for private subscribers after every private resubscription (default true). */
  restCatchUp?: boolean;
  /**
   * How far Bybit's order and execution lookups may trail the engine (default the resend rule's settle
   * time, 3 s): the catch-up runs again this long after the first one, for what the first could not see yet.
   */
  lookupSettleMs?: number;
  now?: () => number;
  pingIntervalMs?: number;
  pongTimeoutMs?: number;
  reconnectDelayMs?: number;
  /** How long a subscription may wait for Bybit's acknowledgement (default 10 s). */
  subscribeTimeoutMs?: number;
  /** How long a position push may precede its execution before the fills are fetched (default 1 s). */
  missedFillGraceMs?: number;
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

const tickerTopic = (symbol: string) => `tickers.${symbol}`;

export class BybitStreams {
  readonly ws: EndpointWebsocketClient;
  private readonly logger: Logger;
  private readonly now: () => number;
  private readonly merger = new TickerMerger();
  private readonly positionSeq = new PositionSeqGate();
  private readonly tickListeners = new Map<string, Set<(tick: StreamTick) => void>>();
  /** Acknowledgements still awaited for ticker symbols, so a second subscriber waits for the same one. */
  private readonly tickerAcks = new Map<string, Promise<void>>();
  private readonly privateListeners = new Set<PrivateHandlers>();
  private readonly stateListeners = new Set<(stream: StreamName, state: StreamState) => void>();
  private readonly errorListeners = new Set<(stream: StreamName, error: ExchangeError) => void>();
  private readonly gapHandlers = new Set<(gap: StreamGap) => Promise<void> | void>();
  private readonly droppedAt = new Map<StreamName, number>();
  private catchUp: RestCatchUp | null = null;
  /** Fills lost in transit while connected (missed-fills.ts); null without the REST catch-up. */
  private missedFills: MissedFillsWatch | null = null;
  /** The wait for a resubscription's acknowledgement, abandoned if the socket drops again. */
  private readonly resubscribing = new Map<StreamName, AbortController>();
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
    if (gateway) {
      const catchUp = new RestCatchUp({
        gateway,
        // The watch hears what a catch-up fetched, as it hears the stream.
        listeners: () =>
          this.missedFills ? [...this.privateListeners, this.missedFills] : this.privateListeners,
        positionSeq: this.positionSeq,
        logger: this.logger,
        lookupSettleMs: options.lookupSettleMs,
      });
      this.catchUp = catchUp;
      if (options.restCatchUp !== false) {
        this.gapHandlers.add((gap) => (gap.stream === 'private' ? catchUp.twice(gap) : undefined));
        this.missedFills = new MissedFillsWatch({
          now: this.now,
          graceMs: options.missedFillGraceMs,
          catchUp: (from) => {
            this.logger.warn('private stream missed a fill; fetching it over REST', {});
            return catchUp.twice({ stream: 'private', from, to: this.now() });
          },
        });
      }
    }
  }

  /** Connection changes of either stream. */
  onState(listener: (stream: StreamName, state: StreamState) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  /**
   * Errors that stop a stream until the owner acts: a resubscription after a reconnect that Bybit
   * refused (a failed re-login: key revoked, clock off) or never confirmed. Comes with `failed`.
   */
  onError(listener: (stream: StreamName, error: ExchangeError) => void): () => void {
    this.errorListeners.add(listener);
    return () => this.errorListeners.delete(listener);
  }

  /**
   * Called once a stream is back and resubscribed, with the time it was away. The hook for fetching
   * over REST what the stream missed (the built-in private catch-up is one such hook).
   */
  onGap(handler: (gap: StreamGap) => Promise<void> | void): () => void {
    this.gapHandlers.add(handler);
    return () => this.gapHandlers.delete(handler);
  }

  /**
   * Complete ticks for the symbols; resolves once Bybit acknowledged the subscription, and rejects
   * (subscribing nothing) when Bybit refuses a topic or does not confirm it.
   */
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
    }
    const waits: (Promise<unknown> | undefined)[] = symbols
      .filter((s) => !fresh.includes(s))
      .map((s) => this.tickerAcks.get(s));
    if (fresh.length > 0) {
      const acked = awaitAck(this.ws, fresh.map(tickerTopic), 'public', this.ackTimeoutMs());
      for (const symbol of fresh) this.tickerAcks.set(symbol, acked);
      acked.catch(() => undefined).finally(() => fresh.forEach((s) => this.tickerAcks.delete(s)));
      waits.push(acked, ...this.ws.subscribeV5(fresh.map(tickerTopic), 'linear'));
    }
    try {
      await Promise.all(waits);
    } catch (error) {
      this.dropTickListener(symbols, onTick);
      throw error;
    }
    for (const symbol of symbols) {
      const latest = this.merger.latest(symbol);
      if (latest && !fresh.includes(symbol)) onTick(latest);
    }
    return async () => {
      const gone = this.dropTickListener(symbols, onTick);
      if (gone.length > 0 && !this.closed)
        await Promise.all(this.ws.unsubscribeV5(gone.map(tickerTopic), 'linear')).catch(() => undefined);
    };
  }

  /** The private topics; resolves once authenticated and subscribed. */
  async subscribePrivate(handlers: PrivateHandlers): Promise<() => Promise<void>> {
    const first = this.privateListeners.size === 0;
    this.privateListeners.add(handlers);
    if (first) {
      const acked = awaitAck(this.ws, [...privateTopics], 'private', this.ackTimeoutMs());
      // Handled here too: when the subscribe call fails first, nobody awaits the acknowledgement any more,
      // and its timeout must not surface as an unhandled rejection.
      acked.catch(() => undefined);
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
   * Fetch over REST what the private stream may have missed and deliver it through the same handlers
   * (stream-catch-up.ts); runs by itself after every private resubscription, twice (Bybit's lookups lag).
   */
  async catchUpFromRest(gap: StreamGap): Promise<void> {
    await this.catchUp?.once(gap);
  }

  /**
   * Fetch over REST what happened on the account since `from` (local ms), twice as after a reconnect: the
   * moments before a first subscription was acknowledged are a gap too (a fill made right after a key was
   * stored, before its stream was up, would otherwise never be seen).
   */
  async catchUpSince(from: number): Promise<void> {
    await this.catchUp?.twice({ stream: 'private', from, to: this.now() });
  }

  /** Close every connection; no reconnect, no timers left behind. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.unsubscribeClock?.();
    this.catchUp?.stop();
    this.missedFills?.stop();
    for (const wait of this.resubscribing.values()) wait.abort();
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

  private ackTimeoutMs(): number {
    return this.options.subscribeTimeoutMs ?? 10_000;
  }

  /**
   * Removes one ticker callback; returns the symbols nobody listens to any more, which are also taken
   * out of the SDK's topic list so a reconnect does not resubscribe them (a refused topic would make
   * Bybit refuse the whole resubscription).
   */
  private dropTickListener(symbols: string[], onTick: (tick: StreamTick) => void): string[] {
    const gone: string[] = [];
    for (const symbol of symbols) {
      const set = this.tickListeners.get(symbol);
      if (!set) continue;
      set.delete(onTick);
      if (set.size > 0) continue;
      this.tickListeners.delete(symbol);
      this.merger.reset(symbol);
      this.ws.getWsStore().deleteTopic(wsKeyOf('public'), { topic: tickerTopic(symbol), category: 'linear' });
      gone.push(symbol);
    }
    return gone;
  }

  /** The topics the SDK resubscribes on this stream after a reconnect. */
  private subscribedTopics(stream: StreamName): string[] {
    if (stream === 'public') return [...this.tickListeners.keys()].map(tickerTopic);
    return this.privateListeners.size > 0 ? [...privateTopics] : [];
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
    // Filtered once for every receiver: the gate remembers what was delivered.
    const positions = base === 'position' ? this.positionSeq.admit(rows.map(toPosition)) : [];
    if (base === 'position' && positions.length === 0) return;
    if (this.privateListeners.size > 0 && this.missedFills) {
      if (base === 'execution') this.missedFills.onExecutions(rows.map(toExecution));
      else if (base === 'position') this.missedFills.onPositions(positions);
    }
    for (const handlers of this.privateListeners) {
      if (base === 'order') handlers.onOrders?.(rows.map(toOrder));
      else if (base === 'execution') handlers.onExecutions?.(rows.map(toExecution));
      else if (base === 'position') handlers.onPositions?.(positions);
      else if (base === 'wallet') handlers.onWallet?.(rows.map(toWalletBalance));
    }
  }

  private onDropped(stream: StreamName | null): void {
    if (!stream || this.closed) return;
    if (!this.droppedAt.has(stream)) this.droppedAt.set(stream, this.now());
    this.resubscribing.get(stream)?.abort();
    this.resubscribing.delete(stream);
    // Ticker state is stale until a fresh snapshot arrives after resubscribing.
    if (stream === 'public') this.merger.reset();
    this.logger.warn('bybit stream disconnected; reconnecting', { stream });
    this.emitState(stream, 'disconnected');
  }

  /**
   * The socket is back; the SDK now logs in (private) and resubscribes. The gap closes only when Bybit
   * acknowledged that: a catch-up started earlier could miss what happens between its REST reads and
   * the subscription, and a refused login would otherwise only be a log line.
   */
  private onReconnected(stream: StreamName | null): void {
    if (!stream || this.closed) return;
    this.logger.info('bybit stream reconnected', { stream });
    this.emitState(stream, 'reconnected');
    const topics = this.subscribedTopics(stream);
    const wait = new AbortController();
    this.resubscribing.set(stream, wait);
    // Registered now, before the SDK sends the login and the subscription.
    const acked =
      topics.length > 0
        ? awaitAck(this.ws, topics, stream, this.ackTimeoutMs(), wait.signal)
        : Promise.resolve();
    acked.then(
      () => this.onResubscribed(stream, wait),
      (error: ExchangeError) => this.onResubscribeFailed(stream, wait, error),
    );
  }

  private onResubscribed(stream: StreamName, wait: AbortController): void {
    if (this.closed || this.resubscribing.get(stream) !== wait) return;
    this.resubscribing.delete(stream);
    const from = this.droppedAt.get(stream) ?? this.now();
    this.droppedAt.delete(stream);
    this.emitState(stream, 'resubscribed');
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

  private onResubscribeFailed(stream: StreamName, wait: AbortController, error: ExchangeError): void {
    if (this.closed || this.resubscribing.get(stream) !== wait) return;
    this.resubscribing.delete(stream);
    this.logger.error('bybit stream could not resubscribe after reconnecting', {
      stream,
      code: error.code,
      message: error.message,
    });
    this.emitState(stream, 'failed');
    for (const listener of this.errorListeners) listener(stream, error);
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
