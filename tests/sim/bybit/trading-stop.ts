import type { Account, PositionRecord } from './accounts';
import { type Dec, parseDecimal, str } from './decimal';
import type { Engine } from './engine';
import { CODE, SimError, paramError } from './errors';
import { execute, takerFills } from './fills';
import { publishOrderEvents, publishPositions } from './private-events';
import { bookEngineOrder } from './takeover';
import { instrumentParam } from './routes/paging';
import { type Route, linearAccountRoute } from './routes/types';

/**
 * `/v5/position/trading-stop` in Full mode (docs/bybit-v5.md §2 "Trading stop"): a take-profit and a stop-loss
 * kept on a position row. When its trigger price (tpTriggerBy / slTriggerBy: LastPrice by default, as on
 * Bybit, or MarkPrice) crosses one, Bybit's engine closes the whole row with a reduce-only market order of its own
 * (orderLinkId "", createType CreateByStopLoss / CreateByTakeProfit, stopOrderType StopLoss / TakeProfit).
 * Bybit drops a row's TP/SL when the row closes; a row reopened later starts without one.
 */

type TriggerBy = 'LastPrice' | 'MarkPrice' | 'IndexPrice';

interface TradingStop {
  takeProfit: Dec | null;
  stopLoss: Dec | null;
  tpTriggerBy: TriggerBy;
  slTriggerBy: TriggerBy;
  /** The row's createdTime when set: a row closed and opened again is another position. */
  openedAt: number;
}

const stops = new WeakMap<PositionRecord, TradingStop>();
const TRIGGERS = new Set<TriggerBy>(['LastPrice', 'MarkPrice', 'IndexPrice']);

/** The row's TP/SL while the row is the one they were set on, else none (Bybit cancelled them at its close). */
function liveStop(pos: PositionRecord): TradingStop | null {
  const stop = stops.get(pos);
  if (!stop) return null;
  if (pos.size.isZero() || pos.createdTime !== stop.openedAt) {
    stops.delete(pos);
    return null;
  }
  return stop;
}

/** The fields `/v5/position/list` (and the `position` topic) show for the row's TP/SL. */
export function tradingStopFields(pos: PositionRecord): Record<string, string> {
  const stop = liveStop(pos);
  return {
    takeProfit: stop?.takeProfit ? str(stop.takeProfit) : '',
    stopLoss: stop?.stopLoss ? str(stop.stopLoss) : '',
  };
}

/** The price a trigger type reads. The simulator has no index price: IndexPrice reads the mark. */
function triggerPrice(engine: Engine, symbol: string, by: TriggerBy): Dec {
  return by === 'LastPrice' ? engine.market.last(symbol) : engine.market.mark(symbol);
}

function priceParam(raw: unknown, name: string): Dec | null | undefined {
  if (raw === undefined || raw === '') return undefined;
  const value = parseDecimal(raw);
  if (!value) throw paramError(`${name} invalid`);
  return value.isZero() ? null : value;
}

function triggerParam(raw: unknown, name: string): TriggerBy | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (typeof raw !== 'string' || !TRIGGERS.has(raw as TriggerBy)) throw paramError(`${name} invalid`);
  return raw as TriggerBy;
}

/**
 * A stop-loss must sit on the losing side of the trigger price now, a take-profit on the winning side;
 * Bybit answers 10001 with the prices otherwise.
 */
function checkSide(engine: Engine, pos: PositionRecord, stop: TradingStop): void {
  const buy = pos.side === 'Buy';
  checkLevel(engine, pos, 'StopLoss', stop.stopLoss, stop.slTriggerBy, buy);
  checkLevel(engine, pos, 'TakeProfit', stop.takeProfit, stop.tpTriggerBy, !buy);
}

/** One level of checkSide: `below` when it must be lower than the trigger price now, else higher. */
function checkLevel(
  engine: Engine,
  pos: PositionRecord,
  name: 'StopLoss' | 'TakeProfit',
  level: Dec | null,
  by: TriggerBy,
  below: boolean,
): void {
  if (!level) return;
  const base = triggerPrice(engine, pos.inst.symbol, by);
  if (below ? level.gte(base) : level.lte(base))
    throw new SimError(
      CODE.param,
      `${name}:${level.toFixed()} set for ${pos.side === 'Buy' ? 'Buy' : 'Sell'} position should ${below ? 'lower' : 'greater'} than base_price:${base.toFixed()}??${by}`,
    );
}

const same = (a: Dec | null, b: Dec | null) => (a === null ? b === null : b !== null && a.eq(b));

export const tradingStopRoutes: Record<string, Route> = {
  '/v5/position/trading-stop': linearAccountRoute('POST', 'write', (ctx, account) => {
    const inst = instrumentParam(ctx.engine, ctx.params.symbol);
    const mode = ctx.params.tpslMode;
    if (mode === undefined || mode === '') throw paramError('tpslMode is required');
    if (mode === 'Partial') throw paramError('tpslMode Partial is not supported by the simulator');
    if (mode !== 'Full') throw paramError('tpslMode invalid');
    const idxRaw = ctx.params.positionIdx;
    const idx = typeof idxRaw === 'string' ? Number(idxRaw) : idxRaw;
    if (idx !== 0 && idx !== 1 && idx !== 2) throw paramError('positionIdx is required');
    if ((account.mode(inst.symbol) === 0) !== (idx === 0))
      throw new SimError(CODE.param, 'position idx not match position mode');
    const pos = account.position(inst, idx);
    if (pos.size.isZero() || pos.side === '')
      throw new SimError(CODE.param, 'can not set tp/sl/ts for zero position');
    const current = liveStop(pos);
    const takeProfit = priceParam(ctx.params.takeProfit, 'takeProfit');
    const stopLoss = priceParam(ctx.params.stopLoss, 'stopLoss');
    const next: TradingStop = {
      takeProfit: takeProfit === undefined ? (current?.takeProfit ?? null) : takeProfit,
      stopLoss: stopLoss === undefined ? (current?.stopLoss ?? null) : stopLoss,
      tpTriggerBy: triggerParam(ctx.params.tpTriggerBy, 'tpTriggerBy') ?? current?.tpTriggerBy ?? 'LastPrice',
      slTriggerBy: triggerParam(ctx.params.slTriggerBy, 'slTriggerBy') ?? current?.slTriggerBy ?? 'LastPrice',
      openedAt: pos.createdTime,
    };
    if (
      current &&
      same(current.takeProfit, next.takeProfit) &&
      same(current.stopLoss, next.stopLoss) &&
      current.tpTriggerBy === next.tpTriggerBy &&
      current.slTriggerBy === next.slTriggerBy
    )
      throw new SimError(34040, 'not modified');
    if (!current && !next.takeProfit && !next.stopLoss) throw new SimError(34040, 'not modified');
    checkSide(ctx.engine, pos, next);
    if (next.takeProfit || next.stopLoss) stops.set(pos, next);
    else stops.delete(pos);
    publishPositions(ctx.engine, account, inst);
    return { retMsg: 'OK', result: {} };
  }),
};

/** Closes the whole row the way Bybit's engine does when a TP/SL triggers. */
function closeByStop(engine: Engine, account: Account, pos: PositionRecord, kind: 'StopLoss' | 'TakeProfit') {
  const order = bookEngineOrder(engine, account, pos, {
    orderType: 'Market',
    qty: pos.size,
    price: null,
    closeOnTrigger: true,
    createType: kind === 'StopLoss' ? 'CreateByStopLoss' : 'CreateByTakeProfit',
    stopOrderType: kind,
  });
  const execs = execute(
    engine,
    account,
    order,
    takerFills(engine, pos.inst.symbol, order.side, pos.size, null),
  );
  if (order.status !== 'Filled') order.status = 'Cancelled';
  publishOrderEvents(engine, account, order, execs);
}

/**
 * TP/SLs the prices now cross, run after every price move like the liquidation check (after a move of
 * one `symbol`, only that symbol's rows).
 */
export function checkTradingStops(engine: Engine, symbol?: string): void {
  for (const account of engine.accounts.values()) {
    for (const pos of account.positions.values()) {
      if (symbol !== undefined && pos.inst.symbol !== symbol) continue;
      const stop = liveStop(pos);
      if (!stop) continue;
      const buy = pos.side === 'Buy';
      const sl = stop.stopLoss && triggerPrice(engine, pos.inst.symbol, stop.slTriggerBy);
      const tp = stop.takeProfit && triggerPrice(engine, pos.inst.symbol, stop.tpTriggerBy);
      const slHit = sl && stop.stopLoss && (buy ? sl.lte(stop.stopLoss) : sl.gte(stop.stopLoss));
      const tpHit = tp && stop.takeProfit && (buy ? tp.gte(stop.takeProfit) : tp.lte(stop.takeProfit));
      if (!slHit && !tpHit) continue;
      stops.delete(pos);
      closeByStop(engine, account, pos, slHit ? 'StopLoss' : 'TakeProfit');
    }
  }
}
