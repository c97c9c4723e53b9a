import { ceilToStep, Dec, floorToStep } from '../../../shared/decimal';
import type { OrderKind } from '../../../shared/domain/positions';
import { maxOrdersPerLeg, orderCount, splitQuantity } from '../../../shared/indices/split-orders';
import type { Holding } from '../../../shared/positions/holdings';
import type { Instrument, Position as ExchangePosition } from '../exchange';
import { orderLinkId } from './order-link-id';
import type { PlannedOrder } from './order-runner';
import type { ComponentRow } from './position-repository';

export type PositionMode = 'one-way' | 'hedge';

/** One leg as the planner sees it: what it should hold, what its fills say it holds, Bybit's filters. */
export interface Leg {
  component: ComponentRow;
  holding: Holding;
  instrument: Instrument;
}

export type LegPlan = { done: true } | { problem: string } | { orders: PlannedOrder[] };

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
  positionIdx: 0 | 1 | 2;
}

/** The leg's orders for one trade, split above Bybit's largest market order. */
export function ordersFor(leg: Leg, spec: OrderSpec): LegPlan {
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
    })),
  };
}

/**
 * Orders that bring a leg from what it holds to what it should hold (opening, and a retry of the part an
 * earlier attempt did not fill), capped at the leg's reference price from the confirmation. Done within
 * one step; a remainder Bybit would refuse as too small is a problem, not an order.
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
  },
): LegPlan {
  const { component, holding, instrument } = leg;
  const step = new Dec(instrument.qtyStep);
  const expected = new Dec(component.expected_quantity);
  const remaining = expected.minus(holding.quantity);
  if (remaining.abs().lt(step)) return { done: true };
  const side = remaining.isPositive() ? 'Buy' : 'Sell';
  const quantity = floorToStep(remaining.abs(), step);
  const referenceText = options.reference?.toFixed() ?? component.reference_price;
  // Never guess a reference: a sell capped at a made-up price could sell at any price.
  if (!referenceText) return { problem: `${component.symbol} has no reference price to cap slippage at.` };
  const reference = new Dec(referenceText);
  const limit = cappedLimitPrice(side, reference, options.slippage, new Dec(instrument.tickSize));
  if (quantity.lt(instrument.minOrderQty) || quantity.mul(limit).lt(instrument.minNotionalValue))
    return {
      problem: `${component.symbol} still needs ${quantity.toFixed()}, which is below Bybit's minimum order (${instrument.minOrderQty}, ${instrument.minNotionalValue} USDT).`,
    };
  return ordersFor(leg, {
    ...options,
    side,
    quantity,
    limit,
    reduceOnly: false,
    positionIdx: options.mode === 'hedge' ? (expected.isPositive() ? 1 : 2) : 0,
  });
}

/**
 * Orders that take a leg flat. The netting trap: in one-way mode Bybit nets a symbol across every position
 * of the account, so closing a short leg (a buy) while another position is long RAISES the account's net.
 * `reduceOnly` is set only when the order truly reduces the account's net on that symbol by its whole
 * quantity (Bybit would otherwise shrink a reduce-only order to the net and leave the leg half closed). In
 * hedge mode each side has its own row: a long leg closes on row 1, a short leg on row 2.
 */
export function planFlat(
  leg: Leg,
  options: {
    attempt: number;
    linkKey: string;
    mode: PositionMode;
    rows: readonly ExchangePosition[];
    reference: Dec;
    slippage: Dec;
  },
): LegPlan {
  const held = leg.holding.quantity;
  if (held.isZero()) return { done: true };
  const side = held.isPositive() ? 'Sell' : 'Buy';
  const quantity = held.abs();
  const positionIdx = options.mode === 'hedge' ? (held.isPositive() ? 1 : 2) : 0;
  let reduceOnly: boolean;
  if (options.mode === 'hedge') {
    const row = options.rows.find((r) => r.positionIdx === positionIdx);
    reduceOnly = !!row && new Dec(row.size || '0').gte(quantity);
  } else {
    const net = netOf(options.rows);
    reduceOnly = side === 'Sell' ? net.gte(quantity) : net.neg().gte(quantity);
  }
  const limit = cappedLimitPrice(side, options.reference, options.slippage, new Dec(leg.instrument.tickSize));
  return ordersFor(leg, { ...options, kind: 'close', side, quantity, limit, reduceOnly, positionIdx });
}
