import { z } from 'zod';
import { controlRoutes } from './control-routes';
import { D } from './bybit/decimal';
import type { Engine, PrivateTopic } from './bybit/engine';
import { checkLiquidations } from './bybit/liquidation';
import { checkTradingStops } from './bybit/trading-stop';
import type { SimExecution } from './bybit/orders';
import { PRIVATE_TOPIC_NAMES, type StreamFaultKind } from './bybit/stream-faults';
import type { BybitWs } from './bybit/ws';

/**
 * Market and account scenarios for the index engine and synthetic positions: the mark price, thin books,
 * late rejections, private stream faults and funding. Part of SimControl (types.ts) and of the
 * `POST /__sim/<name>` routes (control.ts); kept in their own module so the two stay small.
 */
export interface ScenarioControl {
  /**
   * Sets the mark price alone (tick-rounded) and pins it; the last price keeps walking unless pinned.
   * A mark that reaches a position's liquidation price liquidates it at once.
   */
  setMarkPrice(symbol: string, price: string): void;
  /**
   * A thin book on the symbol: exactly `levels` levels of `levelSize` (on the qtyStep) each side, so IOC
   * and market orders fill partly and the rest is cancelled. Neither field restores the default book.
   */
  setBookDepth(opts: { symbol: string; levelSize?: string; levels?: number }): void;
  /**
   * The next `count` (default 1; 0 clears) orders on the symbol pass every check and are acknowledged
   * (retCode 0, orderId), stay New for `delayMs` (default 50), then end `status` with no fill, pushed on
   * the order stream and shown by lookups. rejectReason defaults to EC_Others (Rejected) or EC_NoError
   * (Cancelled); cancelType (Cancelled only) to CancelByAdmin.
   */
  rejectAfterAck(opts: {
    symbol: string;
    status: 'Rejected' | 'Cancelled';
    rejectReason?: string;
    cancelType?: string;
    count?: number;
    delayMs?: number;
  }): void;
  /**
   * Seeded transport faults on private pushes, per frame and connection: probabilities (sum ≤ 1) of
   * dropping it, sending it twice, or holding it until the next frame on that connection went out (or
   * 250 ms). Replaces the previous rates; all zero turns them off. `topics` defaults to all four,
   * `apiKey` limits them to that key's account, `seed` defaults to 1. REST and every seq stay truthful.
   */
  setPrivateStreamFaults(opts: {
    drop?: number;
    duplicate?: number;
    reorder?: number;
    topics?: PrivateTopic[];
    apiKey?: string;
    seed?: number;
  }): void;
  /** The next `count` (default 1) frames of the topic (to `apiKey`'s account, or any) get this fault. */
  privateStreamFaultNext(opts: {
    topic: PrivateTopic;
    kind: StreamFaultKind;
    count?: number;
    apiKey?: string;
  }): void;
  /** Drops the rates and every queued one-shot stream fault. */
  clearPrivateStreamFaults(): void;
  /**
   * Compresses funding: an 8 h interval lasts `ms` of wall time from now (a 4 h one half of that);
   * null returns to Bybit's real settlement times (every fundingInterval since the epoch, server clock).
   */
  setFundingPeriod(ms: number | null): void;
  /** Settles funding now for every trading perpetual (or one symbol); returns the Funding executions. */
  settleFunding(symbol?: string): SimExecution[];
  /** Sets the funding rate of a perpetual ("-0.0003"; within ±0.02); tickers show it. */
  setFundingRate(symbol: string, rate: string): void;
  /**
   * Changes a perpetual's funding interval (1, 2, 4 or 8 hours) at run time, as Bybit does when a rate
   * hits its cap: `fundingInterval` on instruments, `fundingIntervalHour` and `nextFundingTime` on tickers
   * (REST and the next stream delta), and the settlement schedule follow.
   */
  setFundingInterval(symbol: string, hours: number): void;
  /**
   * Sends the ticker deltas now, as the walk's tick does (one per subscribed symbol whose fields changed),
   * without moving any price: with `tickIntervalMs: 0`, `setPrice` + `publishTickers` drives the public
   * stream tick by tick, as fast as a test wants (a tick storm), with marks that are known exactly.
   */
  publishTickers(): void;
}

function uidOf(engine: Engine, apiKey: string): string {
  const key = engine.keys.get(apiKey);
  if (!key) throw new Error(`unknown apiKey ${apiKey}`);
  return key.uid;
}

function requireSymbol(engine: Engine, symbol: string): void {
  if (!engine.instrument(symbol)) throw new Error(`unknown symbol ${symbol}`);
}

export function createScenarioControl(engine: Engine, ws: BybitWs): ScenarioControl {
  return {
    setMarkPrice(symbol, price) {
      requireSymbol(engine, symbol);
      engine.market.setMarkPrice(symbol, new D(price));
      checkLiquidations(engine, symbol);
      checkTradingStops(engine, symbol);
    },
    setBookDepth({ symbol, levelSize, levels }) {
      requireSymbol(engine, symbol);
      if (levelSize === undefined && levels === undefined) return engine.market.setDepth(symbol, null);
      if (levelSize === undefined || levels === undefined)
        throw new Error('setBookDepth needs both levelSize and levels, or neither to restore the book');
      engine.market.setDepth(symbol, { levelSize: new D(levelSize), levels });
    },
    rejectAfterAck({ symbol, status, rejectReason, cancelType, count, delayMs }) {
      requireSymbol(engine, symbol);
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
    setFundingInterval(symbol, hours) {
      engine.funding.setInterval(symbol, hours);
    },
    publishTickers() {
      ws.publishDeltas();
    },
  };
}

const decimal = z.string().regex(/^\d+(\.\d+)?$/);
const topic = z.enum(['order', 'execution', 'position', 'wallet']);

/** Bodies of the scenario routes (README.md documents them). */
export const scenarioSchemas = {
  setMarkPrice: z.object({ symbol: z.string(), price: decimal }).strict(),
  setBookDepth: z
    .object({
      symbol: z.string(),
      levelSize: decimal.optional(),
      levels: z.number().int().min(1).max(50).optional(),
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
  setPrivateStreamFaults: z
    .object({
      drop: z.number().min(0).max(1).optional(),
      duplicate: z.number().min(0).max(1).optional(),
      reorder: z.number().min(0).max(1).optional(),
      topics: z.array(topic).optional(),
      apiKey: z.string().optional(),
      seed: z.number().int().optional(),
    })
    .strict(),
  privateStreamFaultNext: z
    .object({
      topic,
      kind: z.enum(['drop', 'duplicate', 'reorder']),
      count: z.number().int().min(1).optional(),
      apiKey: z.string().optional(),
    })
    .strict(),
  clearPrivateStreamFaults: z.object({}).strict(),
  setFundingPeriod: z.object({ ms: z.number().int().min(10).nullable() }).strict(),
  settleFunding: z.object({ symbol: z.string().optional() }).strict(),
  setFundingRate: z.object({ symbol: z.string(), rate: z.string().regex(/^-?\d+(\.\d+)?$/) }).strict(),
  setFundingInterval: z
    .object({ symbol: z.string(), hours: z.union([z.literal(1), z.literal(2), z.literal(4), z.literal(8)]) })
    .strict(),
  publishTickers: z.object({}).strict(),
} as const;

/** The scenario routes: their bodies validated, then the control called. */
export const scenarioRoutes = controlRoutes<ScenarioControl, typeof scenarioSchemas>(scenarioSchemas, {
  setMarkPrice: (c, a) => c.setMarkPrice(a.symbol, a.price),
  setBookDepth: (c, a) => c.setBookDepth(a),
  rejectAfterAck: (c, a) => c.rejectAfterAck(a),
  setPrivateStreamFaults: (c, a) => c.setPrivateStreamFaults(a),
  privateStreamFaultNext: (c, a) => c.privateStreamFaultNext(a),
  clearPrivateStreamFaults: (c) => c.clearPrivateStreamFaults(),
  setFundingPeriod: (c, a) => c.setFundingPeriod(a.ms),
  settleFunding: (c, a) => c.settleFunding(a.symbol),
  setFundingRate: (c, a) => c.setFundingRate(a.symbol, a.rate),
  setFundingInterval: (c, a) => c.setFundingInterval(a.symbol, a.hours),
  publishTickers: (c) => c.publishTickers(),
});
