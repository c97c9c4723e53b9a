import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import { verifyWsAuth } from './auth';
import type { Engine, PrivateTopic } from './engine';
import type { Environment, KeyRecord } from './keys';
import type { Sightings } from './sightings';
import { PrivateStreamFaults, REORDER_HOLD_MS, type StreamFaultKind } from './stream-faults';
import type { TimerSet } from './timers';

const PRIVATE_TOPICS = new Set([
  'order',
  'execution',
  'position',
  'wallet',
  'order.linear',
  'execution.linear',
  'position.linear',
]);
const MAX_ARGS_CHARS = 21_000;
/** Bybit cuts connections that sent nothing (no ping, no request) for 10 minutes. */
const IDLE_LIMIT_MS = 10 * 60 * 1000;

interface PublicConn {
  kind: 'public';
  ws: WebSocket;
  connId: string;
  lastInbound: number;
  /** symbol → the ticker fields last sent, to compute deltas of only what changed. */
  subs: Map<string, Record<string, string>>;
}

interface PrivateConn {
  kind: 'private';
  ws: WebSocket;
  connId: string;
  lastInbound: number;
  env: Environment;
  key: KeyRecord | null;
  topics: Set<string>;
  /** A frame held back by a reorder fault; it goes out right after the next frame. */
  held: { text: string; onSent: () => void } | null;
}

type Conn = PublicConn | PrivateConn;

/**
 * Public `/v5/public/linear` (tickers snapshot + deltas) and private `/v5/private` (auth, order /
 * execution / position / wallet pushes), with Bybit's exact ack and pong shapes in compact JSON.
 */
export class BybitWs {
  latencyMs = 0;
  readonly streamFaults = new PrivateStreamFaults();
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly conns = new Set<Conn>();
  private cs = 1;

  constructor(
    private readonly engine: Engine,
    private readonly timers: TimerSet,
    private readonly sightings: Sightings,
  ) {
    engine.onPrivate((uid, topic, data) => this.pushPrivate(uid, topic, data));
  }

  /** Returns false when the path is not a Bybit stream path (the caller answers 404). */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer, path: string, env: Environment): boolean {
    const kind = path === '/v5/public/linear' ? 'public' : path === '/v5/private' ? 'private' : null;
    if (!kind) return false;
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      const connId = randomUUID();
      const conn: Conn =
        kind === 'public'
          ? { kind, ws, connId, lastInbound: Date.now(), subs: new Map() }
          : { kind, ws, connId, lastInbound: Date.now(), env, key: null, topics: new Set(), held: null };
      this.conns.add(conn);
      ws.on('message', (data) => this.onMessage(conn, data.toString()));
      ws.on('close', () => this.conns.delete(conn));
      ws.on('error', () => this.conns.delete(conn));
    });
    return true;
  }

  private send(conn: Conn, msg: unknown): void {
    this.sendText(conn, JSON.stringify(msg));
  }

  private sendText(conn: Conn, text: string, onSent?: () => void): void {
    this.timers.after(this.latencyMs, () => {
      if (conn.ws.readyState !== WebSocket.OPEN) return;
      conn.ws.send(text);
      onSent?.();
    });
  }

  /** One private frame through the injected transport faults (stream-faults.ts). */
  private deliverPrivate(
    conn: PrivateConn,
    text: string,
    fault: StreamFaultKind | null,
    onSent: () => void,
  ): void {
    if (fault === 'drop') return;
    if (fault === 'reorder') {
      if (conn.held) this.releaseHeld(conn);
      const held = { text, onSent };
      conn.held = held;
      this.timers.after(REORDER_HOLD_MS, () => {
        if (conn.held === held) this.releaseHeld(conn);
      });
      return;
    }
    this.sendText(conn, text, onSent);
    if (fault === 'duplicate') this.sendText(conn, text);
    if (conn.held) this.releaseHeld(conn);
  }

  private releaseHeld(conn: PrivateConn): void {
    const held = conn.held;
    conn.held = null;
    if (held) this.sendText(conn, held.text, held.onSent);
  }

  private onMessage(conn: Conn, text: string): void {
    conn.lastInbound = Date.now();
    let msg: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(text);
      if (!parsed || typeof parsed !== 'object') throw new Error('not an object');
      msg = parsed as Record<string, unknown>;
    } catch {
      this.send(conn, { success: false, ret_msg: 'error:request not json', conn_id: conn.connId, op: '' });
      return;
    }
    const reqId = typeof msg.req_id === 'string' ? msg.req_id : '';
    const op = msg.op;
    if (op === 'ping') {
      if (conn.kind === 'public') {
        this.send(conn, { success: true, ret_msg: 'pong', conn_id: conn.connId, req_id: reqId, op: 'ping' });
      } else {
        this.send(conn, { req_id: reqId, op: 'pong', args: [String(Date.now())], conn_id: conn.connId });
      }
      return;
    }
    const reply = (success: boolean, retMsg: string) => {
      const base = { success, ret_msg: retMsg, conn_id: conn.connId, req_id: reqId, op };
      this.send(conn, base);
    };
    if (op === 'auth') {
      if (conn.kind === 'public') return reply(false, 'error:auth is not supported on public streams');
      const key = verifyWsAuth(this.engine.keys, conn.env, msg.args, this.engine.now());
      if (!key)
        return this.send(conn, { success: false, ret_msg: 'Params Error', op: 'auth', conn_id: conn.connId });
      conn.key = key;
      this.send(conn, { success: true, ret_msg: '', op: 'auth', conn_id: conn.connId });
      return;
    }
    if (op !== 'subscribe' && op !== 'unsubscribe')
      return reply(false, `error:handler not found, op:${String(op)}`);
    const args = msg.args;
    if (!Array.isArray(args) || args.length === 0 || !args.every((a) => typeof a === 'string')) {
      return reply(false, 'error:args invalid');
    }
    const topics = args as string[];
    // The limit is on everything a connection has subscribed, not on one request.
    if (op === 'subscribe' && this.argsChars(conn) + topics.join('').length > MAX_ARGS_CHARS) {
      return reply(false, `error:args length exceeds ${MAX_ARGS_CHARS}`);
    }
    if (conn.kind === 'public') this.publicSub(conn, op, topics, reply);
    else this.privateSub(conn, op, topics, reply);
  }

  private argsChars(conn: Conn): number {
    const topics =
      conn.kind === 'public' ? [...conn.subs.keys()].map((s) => `tickers.${s}`) : [...conn.topics];
    return topics.join('').length;
  }

  private publicSub(
    conn: PublicConn,
    op: string,
    topics: string[],
    reply: (ok: boolean, m: string) => void,
  ): void {
    const symbols: string[] = [];
    for (const t of topics) {
      const symbol = t.startsWith('tickers.') ? t.slice('tickers.'.length) : null;
      const inst = symbol ? this.engine.instrument(symbol) : undefined;
      if (!symbol || !inst || inst.status !== 'Trading')
        return reply(false, `error:handler not found,topic:${t}`);
      if (op === 'subscribe' && conn.subs.has(symbol))
        return reply(false, `error:already subscribed,topic:${t}`);
      symbols.push(symbol);
    }
    if (op === 'unsubscribe') {
      for (const s of symbols) conn.subs.delete(s);
      return reply(true, '');
    }
    reply(true, '');
    const now = this.engine.now();
    for (const s of symbols) {
      const data = this.tickerData(s, now);
      conn.subs.set(s, data);
      this.send(conn, { topic: `tickers.${s}`, type: 'snapshot', data, cs: this.cs++, ts: now });
    }
  }

  private privateSub(
    conn: PrivateConn,
    op: string,
    topics: string[],
    reply: (ok: boolean, m: string) => void,
  ): void {
    if (!conn.key) return reply(false, 'Request not authorized');
    for (const t of topics)
      if (!PRIVATE_TOPICS.has(t)) return reply(false, `error:handler not found,topic:${t}`);
    // All-in-one and categorised topics cannot be mixed in one request (docs/bybit-v5.md §5).
    const categorised = topics.filter((t) => t.endsWith('.linear')).length;
    if (categorised > 0 && categorised < topics.length)
      return reply(false, 'error:all-in-one and categorised topics cannot be mixed');
    for (const t of topics) {
      if (op === 'subscribe') conn.topics.add(t);
      else conn.topics.delete(t);
    }
    reply(true, '');
  }

  private tickerData(symbol: string, now: number): Record<string, string> {
    return {
      ...this.engine.market.ticker(symbol, now),
      tickDirection: this.engine.market.tickDirection(symbol),
    };
  }

  /** Called every tick after the price walk: one delta per subscribed symbol whose fields changed. */
  publishDeltas(): void {
    const now = this.engine.now();
    for (const conn of this.conns) {
      if (conn.kind !== 'public') continue;
      for (const [symbol, last] of conn.subs) {
        // A delisted (Closed) contract's ticker stops.
        if (this.engine.instrument(symbol)?.status !== 'Trading') continue;
        const current = this.tickerData(symbol, now);
        const changed: Record<string, string> = {};
        for (const [k, v] of Object.entries(current)) if (last[k] !== v) changed[k] = v;
        if (Object.keys(changed).length === 0) continue;
        conn.subs.set(symbol, current);
        this.send(conn, {
          topic: `tickers.${symbol}`,
          type: 'delta',
          data: { symbol, ...changed },
          cs: this.cs++,
          ts: now,
        });
      }
    }
  }

  private pushPrivate(uid: string, topic: PrivateTopic, data: unknown[]): void {
    for (const conn of this.conns) {
      if (conn.kind !== 'private' || !conn.key || conn.key.uid !== uid) continue;
      const names = topic === 'wallet' ? ['wallet'] : [topic, `${topic}.linear`];
      for (const name of names) {
        if (!conn.topics.has(name)) continue;
        const text = JSON.stringify({
          id: `${uid}${randomUUID().slice(0, 8)}`,
          topic: name,
          creationTime: this.engine.now(),
          data,
        });
        const stateAt = this.engine.now();
        this.deliverPrivate(conn, text, this.streamFaults.decide(uid, topic), () =>
          this.sightings.pushed(uid, topic, data, stateAt),
        );
      }
    }
  }

  /** Called periodically: drops connections idle for longer than Bybit allows. */
  cutIdle(now: number): void {
    for (const c of this.conns) {
      if (now - c.lastInbound > IDLE_LIMIT_MS) {
        c.ws.terminate();
        this.conns.delete(c);
      }
    }
  }

  disconnectAll(): void {
    for (const c of this.conns) c.ws.terminate();
    this.conns.clear();
  }

  close(): Promise<void> {
    this.disconnectAll();
    return new Promise((resolve) => this.wss.close(() => resolve()));
  }
}
