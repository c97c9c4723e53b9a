import { ceilToStep, Dec, sum } from '../decimal';
import type { Direction, Message } from '../domain/preview';
import type { Constituent } from './constituents';
import { maxOrdersPerLeg, orderCount, splitQuantity } from './split-orders';

/** Bybit's filters and price for one leg (decimal strings as the exchange sends them). */
export interface LegMarket {
  symbol: string;
  /** The price quantities are sized at (last traded). */
  price: string;
  qtyStep: string;
  minOrderQty: string;
  minNotionalValue: string;
  maxMktOrderQty: string;
  maxLeverage: string;
}

export interface SizingInput {
  constituents: readonly Constituent[];
  /** A constituent without an entry cannot be traded at all. */
  markets: ReadonlyMap<string, LegMarket>;
  /** Why a constituent has no market, when the caller knows better than "not tradable". */
  unavailable?: ReadonlyMap<string, Message>;
  usdtSize: Dec;
  direction: Direction;
  /** Worst fill allowed, as a fraction (0.005 = 0.5 %). */
  slippage: Dec;
}

export interface SizedLeg {
  constituent: Constituent;
  market: LegMarket;
  targetWeight: Dec;
  price: Dec;
  side: 'Buy' | 'Sell';
  quantity: Dec;
  notional: Dec;
  achievedWeight: Dec;
  orders: Dec[];
  warnings: Message[];
}

export interface DroppedLeg {
  constituent: Constituent;
  quantity: Dec;
  notional: Dec;
  reason: Message;
}

export interface Sizing {
  legs: SizedLeg[];
  dropped: DroppedLeg[];
  /** Legs were dropped for size and the others scaled up to fill it. */
  renormalised: boolean;
  totalNotional: Dec;
  /** ½ Σ |achieved − index weight| over every constituent (dropped ones achieve 0). */
  trackingError: Dec;
}

/** A leg this far (relative) from its target after rounding gets a warning. */
const roughRounding = new Dec('0.05');

/**
 * The price an order's value is checked at: our orders are IOC limits at most `slippage` away, and a sell
 * limit below the market is worth less than the same quantity at the last price. Using the lower price
 * for both sides keeps a short basket the exact mirror of the long one.
 */
export function valueCheckPrice(price: Dec, slippage: Dec): Dec {
  return price.mul(new Dec(1).minus(slippage));
}

/** The smallest quantity on step that Bybit accepts as an order for this leg at this price. */
export function smallestOrder(market: LegMarket, slippage: Dec): Dec {
  const step = new Dec(market.qtyStep);
  const byValue = new Dec(market.minNotionalValue).div(valueCheckPrice(new Dec(market.price), slippage));
  return Dec.max(ceilToStep(new Dec(market.minOrderQty), step), ceilToStep(byValue, step));
}

/**
 * Quantities for a basket. Each leg's quantity is its target notional divided by the price, rounded to the
 * NEAREST multiple of the quantity step: of all on-step quantities it has the smallest notional error, so
 * each leg is within half a step of its weight (rounding down would bias every leg light and the basket
 * under its size). While some leg is below Bybit's minimum quantity or minimum order value, the one that
 * needs the largest basket to be tradable is dropped and the others are scaled up to fill the size; one at
 * a time, because scaling up can rescue the others (at 100 USDT a top 50 keeps about 19 legs rather than
 * none). Scaling up only raises quantities, so a kept leg never fails later.
 */
export function sizeBasket(input: SizingInput): Sizing {
  const { usdtSize, slippage } = input;
  const side = input.direction === 'long' ? 'Buy' : 'Sell';
  const dropped: DroppedLeg[] = [];
  let active: { constituent: Constituent; market: LegMarket }[] = [];
  for (const constituent of input.constituents) {
    const market = input.markets.get(constituent.symbol);
    if (market) active.push({ constituent, market });
    else
      dropped.push({
        constituent,
        quantity: new Dec(0),
        notional: new Dec(0),
        reason: input.unavailable?.get(constituent.symbol) ?? {
          code: 'NOT_TRADABLE',
          message: `${constituent.symbol} is not a tradable USDT perpetual on Bybit right now.`,
        },
      });
  }
  let sized: Omit<SizedLeg, 'achievedWeight' | 'orders' | 'warnings'>[] = [];
  let droppedForSize = false;
  for (;;) {
    const weightTotal = sum(active.map((leg) => leg.constituent.weight));
    sized = active.map(({ constituent, market }) => {
      const price = new Dec(market.price);
      const targetWeight = weightTotal.isZero() ? new Dec(0) : constituent.weight.div(weightTotal);
      const quantity = roundedQuantity(constituent.weight, weightTotal, usdtSize, market);
      return { constituent, market, targetWeight, price, side, quantity, notional: quantity.mul(price) };
    });
    const failing = sized.filter((leg) => sizeProblem(leg, usdtSize, slippage));
    if (failing.length === 0) break;
    droppedForSize = true;
    // On a tie the later (lower-ranked) leg goes, so the larger coins stay.
    const hardest = failing.reduce((a, b) => (sizeNeeded(b, slippage).gte(sizeNeeded(a, slippage)) ? b : a));
    dropped.push({
      constituent: hardest.constituent,
      quantity: hardest.quantity,
      notional: hardest.notional,
      reason: sizeProblem(hardest, usdtSize, slippage)!,
    });
    active = active.filter((leg) => leg.constituent !== hardest.constituent);
  }
  const totalNotional = sum(sized.map((leg) => leg.notional));
  const legs: SizedLeg[] = sized.map((leg) => {
    const achievedWeight = totalNotional.isZero() ? new Dec(0) : leg.notional.div(totalNotional);
    const step = new Dec(leg.market.qtyStep);
    const maxQty = new Dec(leg.market.maxMktOrderQty);
    const count = orderCount(leg.quantity, maxQty, step);
    const warnings: Message[] = [];
    // Past one batch of orders the leg is refused (a blocking problem), not split into hundreds.
    const orders = count > maxOrdersPerLeg ? [] : splitQuantity(leg.quantity, maxQty, step);
    if (count > maxOrdersPerLeg)
      warnings.push({
        code: 'TOO_MANY_ORDERS',
        message: `${leg.quantity.toFixed()} would take ${count} market orders of at most ${leg.market.maxMktOrderQty}; Synthex sends at most ${maxOrdersPerLeg} per leg. Lower the size.`,
      });
    else if (orders.length > 1)
      warnings.push({
        code: 'SPLIT',
        message: `${leg.quantity.toFixed()} is more than Bybit's largest market order (${leg.market.maxMktOrderQty}): sent as ${orders.length} orders.`,
      });
    const drift = leg.targetWeight.isZero()
      ? new Dec(0)
      : achievedWeight.minus(leg.targetWeight).abs().div(leg.targetWeight);
    if (drift.gt(roughRounding))
      warnings.push({
        code: 'ROUNDING',
        message: `Rounding to the quantity step (${leg.market.qtyStep}) puts this leg ${drift.mul(100).toDecimalPlaces(1).toFixed()} % off its target weight.`,
      });
    return { ...leg, achievedWeight, orders, warnings };
  });
  const achieved = new Map(legs.map((leg) => [leg.constituent.symbol, leg.achievedWeight]));
  const trackingError = sum(
    input.constituents.map((c) => (achieved.get(c.symbol) ?? new Dec(0)).minus(c.weight).abs()),
  ).div(2);
  return { legs, dropped, renormalised: droppedForSize && legs.length > 0, totalNotional, trackingError };
}

/**
 * The basket size at which this leg rounds to its smallest acceptable order, divided rounding up (so the
 * minimum size built from it is never a hair too low): with every leg scaled by the same factor, the leg
 * with the largest need is the first that cannot be traded.
 */
function sizeNeeded(leg: { constituent: Constituent; market: LegMarket }, slippage: Dec): Dec {
  const step = new Dec(leg.market.qtyStep);
  return smallestOrder(leg.market, slippage)
    .minus(step.div(2))
    .mul(leg.market.price)
    .div(leg.constituent.weight);
}

/**
 * A leg's quantity at a basket size: its share of the size over the price, in whole steps rounded half up.
 * One division of exact products, so a share that is exactly x.5 steps is seen as such.
 */
function roundedQuantity(weight: Dec, weightTotal: Dec, usdtSize: Dec, market: LegMarket): Dec {
  const step = new Dec(market.qtyStep);
  if (weightTotal.isZero()) return new Dec(0);
  const steps = weight.mul(usdtSize).div(weightTotal.mul(market.price).mul(step));
  return steps.toDecimalPlaces(0, Dec.ROUND_HALF_UP).mul(step);
}

function sizeProblem(
  leg: { constituent: Constituent; market: LegMarket; quantity: Dec; price: Dec },
  usdtSize: Dec,
  slippage: Dec,
): Message | null {
  const { symbol } = leg.constituent;
  const minQty = new Dec(leg.market.minOrderQty);
  if (leg.quantity.isZero() || leg.quantity.lt(minQty))
    return {
      code: 'BELOW_MIN_QTY',
      message: `At ${usdtSize.toFixed()} USDT, ${symbol} would be ${leg.quantity.toFixed()}: below Bybit's minimum order of ${leg.market.minOrderQty}.`,
    };
  const value = leg.quantity.mul(valueCheckPrice(leg.price, slippage));
  if (value.lt(leg.market.minNotionalValue))
    return {
      code: 'BELOW_MIN_NOTIONAL',
      message: `At ${usdtSize.toFixed()} USDT, ${symbol} would be worth ${value.toDecimalPlaces(2).toFixed()} USDT at the slippage-capped price: below Bybit's minimum order value of ${leg.market.minNotionalValue} USDT.`,
    };
  return null;
}

/**
 * The smallest whole-USDT size at which no tradable leg is dropped for size, or null when nothing can be
 * priced. With every leg kept, leg i's quantity rounds to at least its smallest order q once
 * w·S/p ≥ q − step/2 (halves round up), so S ≥ (q − step/2)·p/w for every leg; quantities only grow
 * with S, so every larger size keeps every leg too.
 */
export function minimumUsdtSize(
  constituents: readonly Constituent[],
  markets: ReadonlyMap<string, LegMarket>,
  slippage: Dec,
): Dec | null {
  const tradable = constituents.filter((c) => markets.has(c.symbol) && c.weight.gt(0));
  if (tradable.length === 0) return null;
  const weightTotal = sum(tradable.map((c) => c.weight));
  let minimum = new Dec(0);
  for (const constituent of tradable) {
    const market = markets.get(constituent.symbol)!;
    minimum = Dec.max(minimum, sizeNeeded({ constituent, market }, slippage).mul(weightTotal));
  }
  // The bound is exact on paper; in 40 digits a bound that is a whole number may land a hair either side of
  // it. Settle it with the sizing's own rounding: the smallest whole size at which every leg is kept.
  const keepsAll = (size: Dec) =>
    tradable.every((c) => {
      const market = markets.get(c.symbol)!;
      return roundedQuantity(c.weight, weightTotal, size, market).gte(smallestOrder(market, slippage));
    });
  let size = Dec.max(new Dec(1), minimum.ceil());
  while (!keepsAll(size)) size = size.plus(1);
  while (size.gt(1) && keepsAll(size.minus(1))) size = size.minus(1);
  return size;
}
