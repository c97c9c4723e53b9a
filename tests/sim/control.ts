import { z } from 'zod';
import { D } from './bybit/decimal';
import type { Engine } from './bybit/engine';
import { orderToWire } from './bybit/orders';
import type { BybitRest } from './bybit/rest';
import { PRIVATE_TOPIC_NAMES } from './bybit/stream-faults';
import type { BybitWs } from './bybit/ws';
import type { CoinGeckoSim } from './coingecko/server';
import type { SimControl } from './types';

function uidOf(engine: Engine, apiKey: string): string {
  const key = engine.keys.get(apiKey);
  if (!key) throw new Error(`unknown apiKey ${apiKey}`);
  return key.uid;
}

/** The programmatic control API: one object over the engine, the REST faults and limits, the streams. */
export function createControl(engine: Engine, rest: BybitRest, ws: BybitWs, cg: CoinGeckoSim): SimControl {
  return {
    createKey(opts = {}) {
      const k = engine.createKey(opts);
      return { apiKey: k.apiKey, apiSecret: k.apiSecret };
    },
    setPrice(symbol, price) {
      if (!engine.instrument(symbol)) throw new Error(`unknown symbol ${symbol}`);
      engine.setPrice(symbol, price);
    },
    setMarkPrice(symbol, price) {
      if (!engine.instrument(symbol)) throw new Error(`unknown symbol ${symbol}`);
      engine.market.setMarkPrice(symbol, new D(price));
    },
    setBookDepth({ symbol, levelSize, levels }) {
      if (!engine.instrument(symbol)) throw new Error(`unknown symbol ${symbol}`);
      if ((levelSize === undefined) !== (levels === undefined))
        throw new Error('setBookDepth needs both levelSize and levels, or neither to restore the book');
      engine.market.setDepth(
        symbol,
        levelSize === undefined || levels === undefined ? null : { levelSize: new D(levelSize), levels },
      );
    },
    setLatency(ms) {
      rest.latencyMs = ms;
      ws.latencyMs = ms;
    },
    failNext({ path, kind, count }) {
      if (count !== undefined && (!Number.isInteger(count) || count < 1))
        throw new RangeError('failNext count must be a whole number >= 1');
      rest.faults.add(path, kind, count ?? 1);
    },
    clearFaults() {
      rest.faults.clear();
    },
    rejectSymbol(symbol, retCode, retMsg, count) {
      engine.rejectSymbol(symbol, retCode, retMsg, count);
    },
    rejectAfterAck({ symbol, status, rejectReason, cancelType, count, delayMs }) {
      if (!engine.instrument(symbol)) throw new Error(`unknown symbol ${symbol}`);
      if (count !== undefined && (!Number.isInteger(count) || count < 0))
        throw new RangeError('rejectAfterAck count must be a whole number >= 0');
      engine.rejectAfterAck(
        symbol,
        {
          status,
          rejectReason: rejectReason ?? (status === 'Rejected' ? 'EC_Others' : 'EC_NoError'),
          cancelType: status === 'Cancelled' ? (cancelType ?? 'CancelByAdmin') : 'UNKNOWN',
          delayMs: delayMs ?? 50,
        },
        count ?? 1,
      );
    },
    setPrivateStreamFaults({ drop, duplicate, reorder, topics, apiKey, seed }) {
      ws.streamFaults.setRates({
        drop: drop ?? 0,
        duplicate: duplicate ?? 0,
        reorder: reorder ?? 0,
        topics: topics ?? PRIVATE_TOPIC_NAMES,
        uid: apiKey === undefined ? null : uidOf(engine, apiKey),
        seed: seed ?? 1,
      });
    },
    privateStreamFaultNext({ topic, kind, count, apiKey }) {
      ws.streamFaults.queue(topic, kind, count ?? 1, apiKey === undefined ? null : uidOf(engine, apiKey));
    },
    clearPrivateStreamFaults() {
      ws.streamFaults.clear();
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
    setFundingPeriod(ms) {
      engine.funding.setPeriod(ms);
    },
    settleFunding(symbol) {
      return engine.funding.settleNow(symbol).map((e) => ({ ...e }));
    },
    setFundingRate(symbol, rate) {
      const inst = engine.instrument(symbol);
      if (!inst || inst.contractType !== 'LinearPerpetual') throw new Error(`${symbol} is not a perpetual`);
      if (!/^-?\d+(\.\d+)?$/.test(rate)) throw new Error(`funding rate ${rate} is not a decimal`);
      engine.market.setFundingRate(symbol, new D(rate));
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
    })
    .strict(),
  setPrice: z.object({ symbol: z.string(), price: z.string().regex(/^\d+(\.\d+)?$/) }).strict(),
  setMarkPrice: z.object({ symbol: z.string(), price: z.string().regex(/^\d+(\.\d+)?$/) }).strict(),
  setBookDepth: z
    .object({
      symbol: z.string(),
      levelSize: z
        .string()
        .regex(/^\d+(\.\d+)?$/)
        .optional(),
      levels: z.number().int().min(1).max(50).optional(),
    })
    .strict(),
  setLatency: z.object({ ms: z.number().int().min(0).max(60_000) }).strict(),
  failNext: z
    .object({
      path: z.string().startsWith('/'),
      kind: z.enum(['http5xx', 'timeoutAfterAccept', 'dropConnection', 'rateLimited']),
      count: z.number().int().min(1).optional(),
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
  rejectAfterAck: z
    .object({
      symbol: z.string(),
      status: z.enum(['Rejected', 'Cancelled']),
      rejectReason: z
        .string()
        .regex(/^EC_[A-Za-z]+$/)
        .optional(),
      cancelType: z
        .string()
        .regex(/^[A-Za-z_]+$/)
        .optional(),
      count: z.number().int().min(0).optional(),
      delayMs: z.number().int().min(0).max(60_000).optional(),
    })
    .strict(),
  disconnectWebSockets: z.object({}).strict(),
  setPrivateStreamFaults: z
    .object({
      drop: z.number().min(0).max(1).optional(),
      duplicate: z.number().min(0).max(1).optional(),
      reorder: z.number().min(0).max(1).optional(),
      topics: z.array(z.enum(['order', 'execution', 'position', 'wallet'])).optional(),
      apiKey: z.string().optional(),
      seed: z.number().int().optional(),
    })
    .strict(),
  privateStreamFaultNext: z
    .object({
      topic: z.enum(['order', 'execution', 'position', 'wallet']),
      kind: z.enum(['drop', 'duplicate', 'reorder']),
      count: z.number().int().min(1).optional(),
      apiKey: z.string().optional(),
    })
    .strict(),
  clearPrivateStreamFaults: z.object({}).strict(),
  clearFaults: z.object({}).strict(),
  setRateLimit: z.object({ path: z.string().startsWith('/'), perSecond: z.number().int().min(0) }).strict(),
  setIpLimit: z
    .object({ perFiveSeconds: z.number().int().min(0), banMs: z.number().int().min(0).optional() })
    .strict(),
  coingeckoFailNext: z
    .object({ status: z.union([z.literal(429), z.literal(500)]), count: z.number().int().min(1).optional() })
    .strict(),
  ledger: z.object({}).strict(),
  setFundingPeriod: z.object({ ms: z.number().int().min(10).nullable() }).strict(),
  settleFunding: z.object({ symbol: z.string().optional() }).strict(),
  setFundingRate: z.object({ symbol: z.string(), rate: z.string().regex(/^-?\d+(\.\d+)?$/) }).strict(),
  coingeckoRequests: z.object({}).strict(),
  clock: z.object({ offsetMs: z.number().int().optional() }).strict(),
} as const;

/** `POST /__sim/<name>` with a JSON body → `{ok:true,result}` or `{ok:false,error}` (documented in README.md). */
export function handleControlRequest(
  control: SimControl,
  name: string,
  body: string,
): { status: number; body: unknown } {
  if (!(name in schemas)) return { status: 404, body: { ok: false, error: `unknown control route ${name}` } };
  let input: unknown;
  try {
    input = body === '' ? {} : JSON.parse(body);
  } catch {
    return { status: 400, body: { ok: false, error: 'body is not JSON' } };
  }
  try {
    const result = dispatch(control, name as keyof typeof schemas, input);
    return { status: 200, body: { ok: true, result: result ?? null } };
  } catch (e) {
    const msg = e instanceof z.ZodError ? e.message : e instanceof Error ? e.message : String(e);
    return { status: 400, body: { ok: false, error: msg } };
  }
}

function dispatch(c: SimControl, name: keyof typeof schemas, input: unknown): unknown {
  switch (name) {
    case 'createKey':
      return c.createKey(schemas.createKey.parse(input));
    case 'setPrice': {
      const a = schemas.setPrice.parse(input);
      return c.setPrice(a.symbol, a.price);
    }
    case 'setMarkPrice': {
      const a = schemas.setMarkPrice.parse(input);
      return c.setMarkPrice(a.symbol, a.price);
    }
    case 'setBookDepth':
      return c.setBookDepth(schemas.setBookDepth.parse(input));
    case 'setLatency':
      return c.setLatency(schemas.setLatency.parse(input).ms);
    case 'failNext':
      return c.failNext(schemas.failNext.parse(input));
    case 'clearFaults':
      schemas.clearFaults.parse(input);
      return c.clearFaults();
    case 'rejectSymbol': {
      const a = schemas.rejectSymbol.parse(input);
      return c.rejectSymbol(a.symbol, a.retCode, a.retMsg, a.count);
    }
    case 'rejectAfterAck':
      return c.rejectAfterAck(schemas.rejectAfterAck.parse(input));
    case 'setPrivateStreamFaults':
      return c.setPrivateStreamFaults(schemas.setPrivateStreamFaults.parse(input));
    case 'privateStreamFaultNext':
      return c.privateStreamFaultNext(schemas.privateStreamFaultNext.parse(input));
    case 'clearPrivateStreamFaults':
      schemas.clearPrivateStreamFaults.parse(input);
      return c.clearPrivateStreamFaults();
    case 'disconnectWebSockets':
      schemas.disconnectWebSockets.parse(input);
      return c.disconnectWebSockets();
    case 'setRateLimit': {
      const a = schemas.setRateLimit.parse(input);
      return c.setRateLimit(a.path, a.perSecond);
    }
    case 'setIpLimit': {
      const a = schemas.setIpLimit.parse(input);
      return c.setIpLimit(a.perFiveSeconds, a.banMs);
    }
    case 'coingeckoFailNext': {
      const a = schemas.coingeckoFailNext.parse(input);
      return c.coingeckoFailNext(a.status, a.count);
    }
    case 'ledger':
      schemas.ledger.parse(input);
      return c.ledger();
    case 'setFundingPeriod':
      return c.setFundingPeriod(schemas.setFundingPeriod.parse(input).ms);
    case 'settleFunding':
      return c.settleFunding(schemas.settleFunding.parse(input).symbol);
    case 'setFundingRate': {
      const a = schemas.setFundingRate.parse(input);
      return c.setFundingRate(a.symbol, a.rate);
    }
    case 'coingeckoRequests':
      schemas.coingeckoRequests.parse(input);
      return c.coingeckoRequests();
    case 'clock': {
      const a = schemas.clock.parse(input);
      if (a.offsetMs !== undefined) c.clock.offsetMs = a.offsetMs;
      return { offsetMs: c.clock.offsetMs };
    }
  }
}
