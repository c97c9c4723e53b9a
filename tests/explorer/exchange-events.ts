/**
 * What the exchange does meanwhile, as a table like the trader's: price moves, latency, faults on order
 * and read paths, private stream faults, disconnects, funding, thin books, late rejections, and (when the
 * simulator has the routes) liquidation, auto-deleveraging and delisting. Standing faults are recorded in
 * `context.faults` so a settle step can clear them.
 */
import { Dec, floorToStep } from '../../shared/decimal';
import type { FaultKind } from '../sim';
import { heldBy, pick, positionsIn, type ExplorerContext } from './explorer-context';
import type { ActionEntry } from './trader-actions';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const orderPaths = ['/v5/order/create-batch', '/v5/order/create'];
const readPaths = ['/v5/position/list', '/v5/order/realtime', '/v5/execution/list', '/v5/market/tickers'];
const orderFaults: FaultKind[] = [
  'http5xx',
  'dropConnection',
  'rateLimited',
  'timeoutAfterAccept',
  'bookAfterTimeout',
  'http5xxAfterAccept',
  'retCode10000AfterAccept',
  'retCode10016AfterAccept',
  'nonJsonAfterAccept',
];
const readFaults: FaultKind[] = ['http5xx', 'dropConnection', 'rateLimited'];
/** Bybit's per-UID limits (docs/bybit-v5.md §4) of the paths a squeeze lowers, to put them back. */
export const defaultLimits: Record<string, number> = {
  '/v5/position/list': 50,
  '/v5/order/realtime': 50,
  '/v5/execution/list': 50,
  '/v5/order/create-batch': 10,
};

/** A coin some position holds (the k-th by name), or a top coin when none does. */
function heldSymbol(context: ExplorerContext, u: number): string {
  const open = new Set(positionsIn(context.world, ['ACTIVE', 'EXECUTING', 'CLOSING']).map((p) => p.id));
  const symbols = [
    ...new Set(context.world.db.components.filter((c) => open.has(c.positionId)).map((c) => c.symbol)),
  ].sort();
  return pick(symbols, u) ?? 'BTCUSDT';
}

/** A coin held on the current account with what Synthex's positions hold on it, for the adverse events. */
function heldLeg(context: ExplorerContext, u: number): { symbol: string; held: Dec } | null {
  const symbol = heldSymbol(context, u);
  const held = positionsIn(context.world, ['ACTIVE', 'CLOSING']).reduce(
    (total, p) => total.plus(heldBy(context.world, p.id, symbol)),
    new Dec(0),
  );
  return held.isZero() ? null : { symbol, held };
}

async function movePrice(context: ExplorerContext, symbol: string, factor: Dec): Promise<string> {
  const last = await context.market.lastPrice(symbol).catch(() => null);
  if (!last) return 'no price';
  const price = last.mul(factor).toSignificantDigits(8);
  context.sim.control.setPrice(symbol, price.toFixed());
  return `${last.toFixed()} → ${price.toFixed()}`;
}

/**
 * A delay of up to `maxMs` (drawn from u[0]) set on the simulator — on every answer and push (`latencyMs`) or on
 * orders and fills showing in lookups (`lookupLagMs`) — and noted in the faults, so a settle lifts it.
 */
function delayEvent(
  name: string,
  weight: number,
  maxMs: number,
  fault: 'latencyMs' | 'lookupLagMs',
  describe: (ms: number) => string,
): ActionEntry {
  return {
    name,
    weight,
    run: async (context) => {
      const ms = Math.floor(context.u[0]! * maxMs);
      if (fault === 'latencyMs') context.sim.control.setLatency(ms);
      else context.sim.control.setLookupLag(ms);
      context.faults[fault] = ms;
      return describe(ms);
    },
  };
}

export const exchangeEvents: ActionEntry[] = [
  {
    name: 'price-jump',
    weight: 4,
    run: async (context) => {
      const up = context.u[1]! < 0.5;
      const size = new Dec(0.01).plus(new Dec(context.u[2]!).mul(0.07)).toDecimalPlaces(4);
      const symbol = heldSymbol(context, context.u[0]!);
      const factor = up ? size.plus(1) : new Dec(1).minus(size);
      return `price jump: ${symbol} ×${factor.toFixed()} — ${await movePrice(context, symbol, factor)}`;
    },
  },
  {
    name: 'price-walk',
    weight: 2,
    run: async (context) => {
      const symbol = heldSymbol(context, context.u[0]!);
      const moves: string[] = [];
      for (let i = 1; i <= 5; i += 1) {
        const factor = new Dec(1).plus(new Dec(context.u[i]!).minus(0.5).div(100)).toDecimalPlaces(5);
        moves.push(await movePrice(context, symbol, factor));
        await sleep(100);
      }
      return `price walk: ${symbol}, 5 moves — ${moves.at(-1)}`;
    },
  },
  delayEvent('latency', 2, 300, 'latencyMs', (ms) => `latency ${ms} ms on every REST answer and push`),
  {
    name: 'order-fault',
    weight: 6,
    run: async (context) => {
      const path = pick(orderPaths, context.u[0]!)!;
      const kind = pick(orderFaults, context.u[1]!)!;
      const count = 1 + Math.floor(context.u[2]! * 2);
      const delayMs = 300 + Math.floor(context.u[3]! * 2500);
      context.sim.control.failNext({ path, kind, count, ...(kind === 'bookAfterTimeout' && { delayMs }) });
      return `fault: next ${count} ${path} ${kind}${kind === 'bookAfterTimeout' ? ` (booked after ${delayMs} ms)` : ''}`;
    },
  },
  {
    name: 'read-fault',
    weight: 2,
    run: async (context) => {
      const path = pick(readPaths, context.u[0]!)!;
      const kind = pick(readFaults, context.u[1]!)!;
      context.sim.control.failNext({ path, kind, count: 1 + Math.floor(context.u[2]! * 2) });
      return `fault: next ${path} ${kind}`;
    },
  },
  {
    // Another bot on the account, or Bybit under load: the quota shrinks and the app's limiter queues its
    // requests on that path, so a read it planned with arrives late (a plan's database and Bybit reads drift
    // apart).
    name: 'rate-limit-squeeze',
    weight: 2,
    run: async (context) => {
      const path = pick(Object.keys(defaultLimits), context.u[0]! * context.u[0]!)!;
      const perSecond = 1 + Math.floor(context.u[1]! * 4);
      context.sim.control.setRateLimit(path, perSecond);
      context.faults.squeezed.add(path);
      return `rate limit of ${path} down to ${perSecond}/s`;
    },
  },
  delayEvent('lookup-lag', 1, 1500, 'lookupLagMs', (ms) => `orders and fills show in lookups ${ms} ms late`),
  {
    name: 'stream-faults',
    weight: 3,
    run: async (context) => {
      const { u } = context;
      if (u[0]! < 0.3) {
        context.sim.control.clearPrivateStreamFaults();
        context.faults.streamFaults = false;
        return 'private stream faults off';
      }
      const rates = { drop: u[1]! * 0.3, duplicate: u[2]! * 0.3, reorder: u[3]! * 0.3 };
      context.sim.control.setPrivateStreamFaults({ ...rates, seed: Math.floor(u[4]! * 1e9) });
      context.faults.streamFaults = true;
      const percent = (n: number) => `${Math.round(n * 100)} %`;
      return `private stream: drop ${percent(rates.drop)}, duplicate ${percent(rates.duplicate)}, reorder ${percent(rates.reorder)}`;
    },
  },
  {
    name: 'disconnect',
    weight: 1.5,
    run: async (context) => {
      context.sim.control.disconnectWebSockets();
      return 'every WebSocket cut';
    },
  },
  {
    name: 'funding',
    weight: 2,
    run: async (context) => {
      const executions = context.sim.control.settleFunding();
      return `funding settled: ${executions.length} settlements`;
    },
  },
  {
    name: 'thin-book',
    weight: 1.5,
    run: async (context) => {
      const symbol = heldSymbol(context, context.u[0]!);
      const filters = context.market.filtersOf(symbol);
      if (!filters) return `thin book: ${symbol} unknown`;
      const levels = 1 + Math.floor(context.u[1]! * 3);
      const levelSize = new Dec(filters.minOrderQty).mul(1 + Math.floor(context.u[2]! * 20)).toFixed();
      context.sim.control.setBookDepth({ symbol, levelSize, levels });
      context.faults.thinBooks.add(symbol);
      return `thin book on ${symbol}: ${levels} levels of ${levelSize}`;
    },
  },
  {
    name: 'late-rejection',
    weight: 1,
    run: async (context) => {
      const symbol = heldSymbol(context, context.u[0]!);
      const status = context.u[1]! < 0.5 ? ('Rejected' as const) : ('Cancelled' as const);
      context.sim.control.rejectAfterAck({ symbol, status, count: 1 });
      context.faults.lateRejections.add(symbol);
      return `the next ${symbol} order is acknowledged, then ${status}`;
    },
  },
  {
    name: 'liquidate',
    weight: 1,
    run: async (context) => {
      const leg = heldLeg(context, context.u[0]!);
      if (!leg) return 'liquidation: nothing held';
      const answer = await context.control('liquidate', {
        apiKey: context.keys.key.apiKey,
        symbol: leg.symbol,
      });
      return answer === null
        ? 'liquidation: the simulator has no /__sim/liquidate'
        : `liquidate ${leg.symbol}`;
    },
  },
  {
    name: 'adl',
    weight: 1,
    run: async (context) => {
      const leg = heldLeg(context, context.u[0]!);
      const filters = leg && context.market.filtersOf(leg.symbol);
      if (!leg || !filters) return 'ADL: nothing held';
      const qty = Dec.max(
        floorToStep(leg.held.abs().mul(context.u[1]!), new Dec(filters.qtyStep)),
        filters.qtyStep,
      );
      const answer = await context.control('adl', {
        apiKey: context.keys.key.apiKey,
        symbol: leg.symbol,
        qty: qty.toFixed(),
      });
      return answer === null
        ? 'ADL: the simulator has no /__sim/adl'
        : `ADL on ${leg.symbol} — ${qty.toFixed()}`;
    },
  },
  {
    name: 'delist',
    weight: 0.5,
    run: async (context) => {
      const symbol = heldSymbol(context, context.u[0]!);
      const inMs = 2000 + Math.floor(context.u[1]! * 8000);
      const answer = await context.control('delist', {
        symbol,
        deliveryTime: String(Date.now() + inMs),
      });
      return answer === null
        ? 'delisting: the simulator has no /__sim/delist'
        : `delist ${symbol} in ${inMs} ms`;
    },
  },
];
