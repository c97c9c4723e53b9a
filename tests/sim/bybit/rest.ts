import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { AuthHeaderError, verifyRest } from './auth';
import type { Engine } from './engine';
import { CODE, MSG, SimError, paramError } from './errors';
import { FaultQueue, WireSends, isAcceptedThenFault } from './faults';
import { parseQuery, readBody } from './http-util';
import type { Environment, KeyRecord } from './keys';
import { IpRateLimiter, UidRateLimiter } from './rate-limit';
import { accountRoutes } from './routes/account';
import { historyRoutes } from './routes/history';
import { marketRoutes } from './routes/market';
import { positionRoutes } from './routes/position';
import { tradeRoutes } from './routes/trade';
import { tradingStopRoutes } from './trading-stop';
import type { Route } from './routes/types';
import type { Sightings } from './sightings';
import type { TimerSet } from './timers';
import type { AcceptedThenFaultKind } from '../types';

const ROUTES: Record<string, Route> = {
  ...marketRoutes,
  ...historyRoutes,
  ...tradeRoutes,
  ...positionRoutes,
  ...tradingStopRoutes,
  ...accountRoutes,
};

/**
 * Business errors answer HTTP 200; an unknown key (10003) or a bad signature (10004) answers HTTP 401 with
 * the envelope in the body, as Bybit's error page lists them (docs/bybit-v5.md §1 status codes, §3).
 */
function httpStatusOf(retCode: number): number {
  return retCode === CODE.apiKey || retCode === CODE.sign ? 401 : 200;
}

interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * Bybit V5 REST: IP limit → injected fault → route → auth → permission → per-UID limit → handler,
 * answered in Bybit's envelope after the injected latency.
 */
export class BybitRest {
  latencyMs = 0;
  readonly faults = new FaultQueue();
  readonly uidLimits = new UidRateLimiter();
  readonly ipLimits = new IpRateLimiter();
  /** Every orderLinkId sent to an order-create path, before any check (control `wireSends`). */
  readonly wireSends = new WireSends();
  /** Sockets whose response is withheld (timeoutAfterAccept); destroyed on close. */
  private readonly held = new Set<Socket>();

  constructor(
    private readonly engine: Engine,
    private readonly timers: TimerSet,
    private readonly sightings: Sightings,
  ) {}

  private envelope(retCode: number, retMsg: string, result: unknown = {}, retExtInfo: unknown = {}): string {
    return JSON.stringify({ retCode, retMsg, result, retExtInfo, time: this.engine.now() });
  }

  private send(res: ServerResponse, reply: Reply): void {
    this.timers.after(this.latencyMs, () => {
      if (res.destroyed || res.writableEnded) return;
      res.writeHead(reply.status, { 'Content-Type': 'application/json', ...reply.headers });
      res.end(reply.body);
    });
  }

  async handle(
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
    rawQuery: string,
    env: Environment,
  ): Promise<void> {
    // Bybit checks the timestamp when the request arrives, however late it is processed.
    const arrivedAt = this.engine.now();
    let rawBody: string;
    try {
      rawBody = await readBody(req);
    } catch {
      return;
    }
    const apiKey = req.headers['x-bapi-api-key'];
    const sent = this.wireSends.record(path, rawBody, typeof apiKey === 'string' ? apiKey : '');
    // Which of this request's orderLinkIds it booked: the ledger's growth while it is processed.
    const processAndMark = (): Reply => {
      const before = this.engine.ledgerOrders.length;
      const reply = this.process(req, path, rawQuery, rawBody, env, arrivedAt);
      const booked = new Set(this.engine.ledgerOrders.slice(before).map((order) => order.orderLinkId));
      this.wireSends.markBooked(sent, booked);
      return reply;
    };
    const ip = req.socket.remoteAddress ?? 'unknown';
    if (!this.ipLimits.allow(ip, Date.now())) {
      // No rate-limit headers on an IP ban (docs/bybit-v5.md §4).
      this.send(res, { status: 403, headers: { 'Content-Type': 'text/plain' }, body: 'access too frequent' });
      return;
    }
    const taken = this.faults.takeWithDelay(path);
    const fault = taken?.kind;
    if (fault === 'dropConnection') {
      req.socket.destroy();
      return;
    }
    if (fault === 'http5xx') {
      this.send(res, {
        status: 503,
        headers: { 'Content-Type': 'text/html' },
        body: '<html><body>503 Service Unavailable</body></html>',
      });
      return;
    }
    if (fault === 'rateLimited') {
      this.send(res, {
        status: 200,
        headers: { 'Content-Type': 'application/json' },
        body: this.envelope(CODE.rateLimit, MSG.tooManyVisits),
      });
      return;
    }
    if (fault === 'bookAfterTimeout') {
      // No answer; the request is processed (booked) later, after the client has given up.
      this.hold(req);
      this.timers.after(taken!.delayMs, () => processAndMark());
      return;
    }
    const reply = processAndMark();
    if (fault === 'timeoutAfterAccept') {
      // The request is fully processed (an order is booked) but the answer never leaves.
      this.hold(req);
      return;
    }
    this.send(res, isAcceptedThenFault(fault) ? this.faultReply(fault) : reply);
  }

  private hold(req: IncomingMessage): void {
    this.held.add(req.socket);
    req.socket.once('close', () => this.held.delete(req.socket));
  }

  /** The answer that replaces the real one after an order was booked. */
  private faultReply(fault: AcceptedThenFaultKind): Reply {
    if (fault === 'retCode10000AfterAccept' || fault === 'retCode10016AfterAccept') {
      const retCode = fault === 'retCode10000AfterAccept' ? 10000 : 10016;
      const retMsg = retCode === 10000 ? 'Server Timeout' : 'Internal server error.';
      return { status: 200, headers: {}, body: this.envelope(retCode, retMsg) };
    }
    if (fault === 'nonJsonAfterAccept')
      return { status: 200, headers: { 'Content-Type': 'text/html' }, body: '<html><body>OK</body></html>' };
    return {
      status: 503,
      headers: { 'Content-Type': 'text/html' },
      body: '<html><body>503 Service Unavailable</body></html>',
    };
  }

  private process(
    req: IncomingMessage,
    path: string,
    rawQuery: string,
    rawBody: string,
    env: Environment,
    arrivedAt: number,
  ): Reply {
    const route = ROUTES[path];
    if (!route) return { status: 404, headers: { 'Content-Type': 'text/plain' }, body: '404 page not found' };
    if (req.method !== route.method)
      return { status: 400, headers: {}, body: this.envelope(CODE.param, 'bad method') };
    const headers: Record<string, string> = {};
    let key: KeyRecord | null = null;
    try {
      if (route.private) {
        key = verifyRest({
          keys: this.engine.keys,
          environment: env,
          headers: req.headers,
          method: route.method,
          rawQuery,
          rawBody,
          serverTime: arrivedAt,
        });
        if (route.write && key.readOnly) throw new SimError(CODE.permission, MSG.permissionDenied);
      }
      let params: Record<string, unknown>;
      if (route.method === 'GET') params = parseQuery(rawQuery);
      else {
        try {
          const parsed: unknown = rawBody === '' ? {} : JSON.parse(rawBody);
          if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
            throw new Error('not an object');
          params = parsed as Record<string, unknown>;
        } catch {
          throw paramError('request body is not valid JSON');
        }
      }
      let granted = 1;
      if (key) {
        const units = route.units ? route.units(params) : 1;
        const { granted: g, status } = this.uidLimits.consume(key.uid, path, units, Date.now());
        headers['X-Bapi-Limit'] = String(status.limit);
        headers['X-Bapi-Limit-Status'] = String(status.remaining);
        headers['X-Bapi-Limit-Reset-Timestamp'] = String(status.resetAt);
        if (g === 0) throw new SimError(CODE.rateLimit, MSG.tooManyVisits);
        granted = g;
      }
      const account = key ? this.engine.account(key.uid) : null;
      const out = route.handle({ engine: this.engine, environment: env, params, key, account, granted });
      if (key) this.sightings.read(key.uid, path, this.engine.now(), Date.now() + this.latencyMs);
      return {
        status: 200,
        headers,
        body: this.envelope(CODE.ok, out.retMsg ?? 'OK', out.result, out.retExtInfo ?? {}),
      };
    } catch (e) {
      if (e instanceof AuthHeaderError) {
        return { status: 401, headers: {}, body: this.envelope(CODE.apiKey, MSG.apiKeyInvalid) };
      }
      if (e instanceof SimError)
        return {
          status: httpStatusOf(e.retCode),
          headers,
          body: this.envelope(e.retCode, e.retMsg, e.result),
        };
      const msg = e instanceof Error ? e.message : String(e);
      process.stderr.write(`[sim] internal error on ${path}: ${msg}\n`);
      return { status: 500, headers: {}, body: this.envelope(10016, `Internal server error: ${msg}`) };
    }
  }

  close(): void {
    for (const s of this.held) s.destroy();
    this.held.clear();
  }
}
