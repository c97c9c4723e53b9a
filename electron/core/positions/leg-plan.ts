import { ceilToStep, Dec, floorToStep } from '../../../shared/decimal';
import type { OrderKind } from '../../../shared/domain/positions';
import { maxOrdersPerLeg, orderCount, splitQuantity } from '../../../shared/indices/split-orders';
import type { Holding } from '../../../shared/positions/holdings';
import type { Instrument, Position as ExchangePosition } from '../exchange';
import type { PositionMode, Row, SymbolLedger } from './guard/pre-trade-guard';
import { orderLinkId } from './order-link-id';
import type { PlannedOrder } from './order-runner';
import type { ComponentRow } from '../ledger/position-repository';

export type { PositionMode };

/** One leg as the planner sees it: what it should hold, what its fills say it holds, Bybit's filters. */
export interface Leg {
  component: ComponentRow;
  holding: Holding;
  instrument: Instrument;
}

/**
 * `done`: nothing to trade (a `warning` when a remainder below Bybit's minimum was left as it is); `problem`:
 * the leg cannot reach its goal (it fails); `waiting`: nothing can be sent now but it is not a failure (a
 * close remainder below the minimum that cannot be reduce-only while other positions net against it).
 */
export type LegPlan =
  { done: true; warning?: string } | { problem: string } | { waiting: string } | { orders: PlannedOrder[] };

/** Bybit's position mode for a symbol, from its position rows (hedge mode has rows 1 and 2). */
export function modeOf(rows: readonly ExchangePosition[]): PositionMode {
  return rows.some((row) => row.positionIdx !== 0) ? 'hedge' : 'one-way';
}

/**
 * The IOC limit that caps slippage: a buy never pays more than `slippage` above the reference, a sell
 * never gets less than `slippage` below it; rounded to the tick inward, so the cap is never exceeded.
 *
 * Why IOC limit orders rather than market orders with Bybit's slippage tolerance: the worst price is
 * written on the order itself (auditable in the order log and on Bybit), the same order type behaves the
 * same on mainnet, testnet, demo trading and the simulator, and an IOC ends at once, filled or cancelled,
 * so a leg never rests on the book. What does not fill inside the cap is retried as a new attempt.
 */
export function cappedLimitPrice(side: 'Buy' | 'Sell', reference: Dec, slippage: Dec, tick: Dec): Dec {
  return side === 'Buy'
    ? floorToStep(reference.mul(new Dec(1).plus(slippage)), tick)
    : ceilToStep(reference.mul(new Dec(1).minus(slippage)), tick);
}

/** Signed net of the account on a symbol across its position rows (one-way: one row; hedge: both). */
export function netOf(rows: readonly ExchangePosition[]): Dec {
  return rows.reduce(
    (net, row) => (row.side === 'Buy' ? net.plus(row.size) : row.side === 'Sell' ? net.minus(row.size) : net),
    new Dec(0),
  );
}

export interface OrderSpec {
  kind: OrderKind;
  attempt: number;
  linkKey: string;
  side: 'Buy' | 'Sell';
  quantity: Dec;
  limit: Dec;
  reduceOnly: boolean;
  positionIdx: Row;
  /** What the position works toward on the symbol (signed), for the pre-trade guard. */
  goal: Dec;
}

/** The leg's orders for one trade, split above Bybit's largest market order. */
export function ordersFor(leg: Pick<Leg, 'component' | 'instrument'>, spec: OrderSpec): LegPlan {
  const { instrument, component } = leg;
  const step = new Dec(instrument.qtyStep);
  const count = orderCount(spec.quantity, new Dec(instrument.maxMktOrderQty), step);
  if (count > maxOrdersPerLeg)
    return {
      problem: `${component.symbol} would need ${count} orders (at most ${maxOrdersPerLeg} per leg).`,
    };
  const chunks = splitQuantity(spec.quantity, new Dec(instrument.maxMktOrderQty), step);
  return {
    orders: chunks.map((quantity, chunk) => ({
      componentId: component.id,
      symbol: component.symbol,
      kind: spec.kind,
      attempt: spec.attempt,
      chunk,
      orderLinkId: orderLinkId({
        linkKey: spec.linkKey,
        componentId: component.id,
        kind: spec.kind,
        attempt: spec.attempt,
        chunk,
      }),
      side: spec.side,
      quantity: quantity.toFixed(),
      limitPrice: spec.limit.toFixed(),
      reduceOnly: spec.reduceOnly,
      positionIdx: spec.positionIdx,
      goal: spec.goal.toFixed(),
    })),
  };
}

/** The row an order trades: the row it reduces when it reduces, the goal's side when it adds (hedge mode). */
export function rowFor(mode: PositionMode, held: Dec, side: 'Buy' | 'Sell'): Row {
  if (mode === 'one-way') return 0;
  const reduces = !held.isZero() && (side === 'Buy') === held.isNegative();
  if (reduces) return held.isPositive() ? 1 : 2;
  return side === 'Buy' ? 1 : 2;
}

/**
 * True when the order truly reduces the account on its row by its whole quantity, so `reduceOnly` may be set
 * (Bybit would otherwise shrink a reduce-only order to what the row holds, or refuse it). In one-way mode that
 * is the account's net across every position (the netting trap); in hedge mode the row's own size.
 */
export function reducesWhole(
  ledger: Pick<SymbolLedger, 'actual'>,
  row: Row,
  side: 'Buy' | 'Sell',
  quantity: Dec,
) {
  const actual = ledger.actual.get(row) ?? new Dec(0);
  return side === 'Sell' ? actual.gte(quantity) : actual.neg().gte(quantity);
}

/** Below Bybit's minimum order (quantity or value at the capped price): only a reduce-only order may go. */
function belowMinimum(instrument: Instrument, quantity: Dec, limit: Dec): boolean {
  return quantity.lt(instrument.minOrderQty) || quantity.mul(limit).lt(instrument.minNotionalValue);
}

/**
 * Orders that bring a leg from what it holds to what it should hold (opening, a rebalance, and a retry of
 * the part an earlier attempt did not fill), capped at the leg's reference price. Done within one step. A
 * move across zero is worked in two rounds: down to zero on the row it reduces, then the rest. A remainder
 * Bybit would refuse as too small is accepted as done, with a warning, unless it can go reduce-only.
 */
export function planTowardsExpected(
  leg: Leg,
  options: {
    kind: OrderKind;
    attempt: number;
    linkKey: string;
    mode: PositionMode;
    slippage: Dec;
    reference?: Dec;
    /** The account's rows on the symbol, when known: a reduction may then go reduce-only. */
    ledger?: Pick<SymbolLedger, 'actual'>;
  },
): LegPlan {
  const { component, holding, instrument } = leg;
  const step = new Dec(instrument.qtyStep);
  const expected = new Dec(component.expected_quantity);
  const held = holding.quantity;
  const remaining = expected.minus(held);
  if (remaining.abs().lt(step)) return { done: true };
  const side = remaining.isPositive() ? 'Buy' : 'Sell';
  const row = rowFor(options.mode, held, side);
  const reducing = !held.isZero() && (side === 'Buy') === held.isNegative();
  const quantity = floorToStep(reducing ? Dec.min(remaining.abs(), held.abs()) : remaining.abs(), step);
  const referenceText = options.reference?.toFixed() ?? component.reference_price;
  // Never guess a reference: a sell capped at a made-up price could sell at any price.
  if (!referenceText) return { problem: `${component.symbol} has no reference price to cap slippage at.` };
  const limit = cappedLimitPrice(
    side,
    new Dec(referenceText),
    options.slippage,
    new Dec(instrument.tickSize),
  );
  const reduceOnly = reducing && !!options.ledger && reducesWhole(options.ledger, row, side, quantity);
  if (!reduceOnly && belowMinimum(instrument, quantity, limit))
    return {
      done: true,
      warning: `${component.symbol}: ${quantity.toFixed()} left to trade is below Bybit's minimum order (${instrument.minOrderQty}, ${instrument.minNotionalValue} USDT); accepted as done.`,
    };
  return ordersFor(leg, { ...options, side, quantity, limit, reduceOnly, positionIdx: row, goal: expected });
}

/**
 * Orders that take a leg flat. The netting trap: in one-way mode Bybit nets a symbol across every position
 * of the account, so closing a short leg (a buy) while another position is long RAISES the account's net.
 * `reduceOnly` is set only when the order truly reduces the account's row by its whole quantity. In hedge
 * mode each side has its own row: a long leg closes on row 1, a short leg on row 2. A remainder below Bybit's
 * minimum that cannot be reduce-only waits (it can once the positions netting against it have closed).
 */
export function planFlat(
  leg: Leg,
  options: {
    attempt: number;
    linkKey: string;
    ledger: Pick<SymbolLedger, 'actual' | 'mode'>;
    reference: Dec;
    slippage: Dec;
  },
): LegPlan {
  const held = leg.holding.quantity;
  if (held.isZero()) return { done: true };
  const side = held.isPositive() ? 'Sell' : 'Buy';
  const quantity = held.abs();
  const positionIdx = rowFor(options.ledger.mode, held, side);
  const reduceOnly = reducesWhole(options.ledger, positionIdx, side, quantity);
  const limit = cappedLimitPrice(side, options.reference, options.slippage, new Dec(leg.instrument.tickSize));
  if (!reduceOnly && belowMinimum(leg.instrument, quantity, limit))
    return {
      waiting: `${leg.component.symbol}: ${quantity.toFixed()} left is below Bybit's minimum order (${leg.instrument.minOrderQty}, ${leg.instrument.minNotionalValue} USDT) and cannot be reduce-only while other holdings on the account net against it; it closes once they do.`,
    };
  return ordersFor(leg, {
    ...options,
    kind: 'close',
    side,
    quantity,
    limit,
    reduceOnly,
    positionIdx,
    goal: new Dec(0),
  });
}
