import { z } from 'zod';
import type { Engine } from './bybit/engine';
import { checkLiquidations } from './bybit/liquidation';
import { checkTradingStops } from './bybit/trading-stop';
import { orderToWire } from './bybit/orders';
import type { BybitRest } from './bybit/rest';
import type { Sightings } from './bybit/sightings';
import type { BybitWs } from './bybit/ws';
import type { CoinGeckoSim } from './coingecko/server';
import { type ControlRoutes, controlRoutes } from './control-routes';
import { createEventControl, eventRoutes } from './event-control';
import { createHistoryControl, historyRoutes } from './history-control';
import { createScenarioControl, scenarioRoutes } from './scenario-control';
import type { SimControl } from './types';

/** The programmatic control API: one object over the engine, the REST faults and limits, the streams. */
export function createControl(
  engine: Engine,
  rest: BybitRest,
  ws: BybitWs,
  cg: CoinGeckoSim,
  sightings: Sightings,
): SimControl {
  return {
    ...createScenarioControl(engine, ws),
    ...createEventControl(engine),
    ...createHistoryControl(engine),
    createKey(opts = {}) {
      const k = engine.createKey(opts);
      return { apiKey: k.apiKey, apiSecret: k.apiSecret };
    },
    setPrice(symbol, price) {
      if (!engine.instrument(symbol)) throw new Error(`unknown symbol ${symbol}`);
      engine.setPrice(symbol, price);
      checkLiquidations(engine, symbol);
      checkTradingStops(engine, symbol);
    },
    setLatency(ms) {
      rest.latencyMs = ms;
      ws.latencyMs = ms;
    },
    failNext({ path, kind, count, delayMs }) {
      if (count !== undefined && (!Number.isInteger(count) || count < 1))
        throw new RangeError('failNext count must be a whole number >= 1');
      if (delayMs !== undefined && (!Number.isInteger(delayMs) || delayMs < 0))
        throw new RangeError('failNext delayMs must be a whole number >= 0');
      rest.faults.add(path, kind, count ?? 1, delayMs);
    },
    clearFaults() {
      rest.faults.clear();
    },
    rejectSymbol(symbol, retCode, retMsg, count) {
      engine.rejectSymbol(symbol, retCode, retMsg, count);
    },
    disconnectWebSockets() {
      ws.disconnectAll();
    },
    setRateLimit(path, perSecond) {
      rest.uidLimits.setLimit(path, perSecond);
    },
    setIpLimit(perFiveSeconds, banMs) {
      rest.ipLimits.configure(perFiveSeconds, banMs);
    },
    coingeckoFailNext(status, count) {
      cg.failNext(status, count ?? 1);
    },
    coingeckoRequests() {
      return cg.requests.map((r) => ({ ...r }));
    },
    ledger() {
      return {
        orders: engine.ledgerOrders.map((o) => ({ uid: o.uid, ...orderToWire(o) })),
        executions: engine.ledgerExecutions.map((e) => ({ ...e })),
        funding: engine.ledgerFunding.map((e) => ({ ...e })),
      };
    },
    setLookupLag(lag) {
      engine.lookupLag.set(typeof lag === 'number' ? { ms: lag } : lag);
    },
    wireSends() {
      return rest.wireSends.list.map((send) => ({ ...send }));
    },
    sightings() {
      return sightings.list.map((sighting) => ({ ...sighting }));
    },
    clock: engine.clock,
  };
}

const schemas = {
  createKey: z
    .object({
      readOnly: z.boolean().optional(),
      withdraw: z.boolean().optional(),
      environment: z.enum(['mainnet', 'testnet', 'demo']).optional(),
      balanceUsdt: z
        .string()
        .regex(/^\d+(\.\d+)?$/)
        .optional(),
      ipRestricted: z.boolean().optional(),
      expiresAt: z.string().nullable().optional(),
      accountOf: z.string().optional(),
      rsa: z.boolean().optional(),
      accountKind: z.enum(['classic', 'uta1', 'uta2']).optional(),
      marginMode: z.enum(['REGULAR_MARGIN', 'ISOLATED_MARGIN', 'PORTFOLIO_MARGIN']).optional(),
    })
    .strict(),
  setPrice: z.object({ symbol: z.string(), price: z.string().regex(/^\d+(\.\d+)?$/) }).strict(),
  setLatency: z.object({ ms: z.number().int().min(0).max(60_000) }).strict(),
  failNext: z
    .object({
      path: z.string().startsWith('/'),
      kind: z.enum([
        'http5xx',
        'timeoutAfterAccept',
        'dropConnection',
        'rateLimited',
        'bookAfterTimeout',
        'http5xxAfterAccept',
        'retCode10000AfterAccept',
        'retCode10016AfterAccept',
        'nonJsonAfterAccept',
      ]),
      count: z.number().int().min(1).optional(),
      delayMs: z.number().int().min(0).max(60_000).optional(),
    })
    .strict(),
  rejectSymbol: z
    .object({
      symbol: z.string(),
      retCode: z.number().int(),
      retMsg: z.string(),
      count: z.number().int().min(1).optional(),
    })
    .strict(),
  disconnectWebSockets: z.object({}).strict(),
  clearFaults: z.object({}).strict(),
  setRateLimit: z.object({ path: z.string().startsWith('/'), perSecond: z.number().int().min(0) }).strict(),
  setIpLimit: z
    .object({ perFiveSeconds: z.number().int().min(0), banMs: z.number().int().min(0).optional() })
    .strict(),
  coingeckoFailNext: z
    .object({ status: z.union([z.literal(429), z.literal(500)]), count: z.number().int().min(1).optional() })
    .strict(),
  ledger: z.object({}).strict(),
  coingeckoRequests: z.object({}).strict(),
  clock: z.object({ offsetMs: z.number().int().optional() }).strict(),
  setLookupLag: z.union([
    z.object({ ms: z.number().int().min(0).max(60_000) }).strict(),
    z.object({ maxMs: z.number().int().min(0).max(60_000), seed: z.number().int().optional() }).strict(),
  ]),
  wireSends: z.object({}).strict(),
  sightings: z.object({}).strict(),
} as const;

/** `POST /__sim/<name>` with a JSON body → `{ok:true,result}` or `{ok:false,error}` (documented in README.md). */
export function handleControlRequest(
  control: SimControl,
  name: string,
  body: string,
): { status: number; body: unknown } {
  const route = Object.hasOwn(routes, name) ? routes[name] : undefined;
  if (!route) return { status: 404, body: { ok: false, error: `unknown control route ${name}` } };
  let input: unknown;
  try {
    input = body === '' ? {} : JSON.parse(body);
  } catch {
    return { status: 400, body: { ok: false, error: 'body is not JSON' } };
  }
  try {
    const result = route(control, input);
    return { status: 200, body: { ok: true, result: result ?? null } };
  } catch (e) {
    const msg = e instanceof z.ZodError ? e.message : e instanceof Error ? e.message : String(e);
    return { status: 400, body: { ok: false, error: msg } };
  }
}

/** Every control route: SimControl's own, then the scenario, event and market-history parts. */
const routes: ControlRoutes<SimControl> = {
  ...controlRoutes<SimControl, typeof schemas>(schemas, {
    createKey: (c, a) => c.createKey(a),
    setPrice: (c, a) => c.setPrice(a.symbol, a.price),
    setLatency: (c, a) => c.setLatency(a.ms),
    failNext: (c, a) => c.failNext(a),
    clearFaults: (c) => c.clearFaults(),
    rejectSymbol: (c, a) => c.rejectSymbol(a.symbol, a.retCode, a.retMsg, a.count),
    disconnectWebSockets: (c) => c.disconnectWebSockets(),
    setRateLimit: (c, a) => c.setRateLimit(a.path, a.perSecond),
    setIpLimit: (c, a) => c.setIpLimit(a.perFiveSeconds, a.banMs),
    coingeckoFailNext: (c, a) => c.coingeckoFailNext(a.status, a.count),
    ledger: (c) => c.ledger(),
    coingeckoRequests: (c) => c.coingeckoRequests(),
    setLookupLag: (c, lag) => c.setLookupLag('ms' in lag ? lag.ms : lag),
    wireSends: (c) => c.wireSends(),
    sightings: (c) => c.sightings(),
    clock: (c, a) => {
      if (a.offsetMs !== undefined) c.clock.offsetMs = a.offsetMs;
      return { offsetMs: c.clock.offsetMs };
    },
  }),
  ...scenarioRoutes,
  ...eventRoutes,
  ...historyRoutes,
};
