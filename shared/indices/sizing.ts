import { Dec, sum } from '../decimal';
import type { Direction, Message } from '../domain/preview';
import { formatFixed, formatUsdt, groupDecimal } from '../format/numbers';
import { capWarning, holdWithinCap } from './cap-hold';
import type { Constituent } from './constituents';
import { smallestOrder, valueCheckPrice, type LegMarket } from './leg-market';
import { maxOrdersPerLeg, orderCount, splitQuantity } from './split-orders';
import { keptCap, renormalisedShares, shareValue, type Share } from './weights';

export { smallestOrder, valueCheckPrice, type LegMarket };

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
  /** The most one leg may weigh (a capped market-cap index); kept legs are renormalised under it. */
  cap?: Dec | null;
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
  /** The cap the kept legs are sized under (raised to 1/n when too few are kept); null when uncapped. */
  cap: Dec | null;
}

/** A leg this far (relative) from its target after rounding gets a warning. */
const roughRounding = new Dec('0.05');

/**
 * Quantities for a basket. Each leg's quantity is its target notional divided by the price, rounded to the
 * NEAREST multiple of the quantity step: of all on-step quantities it has the smallest notional error, so
 * each leg is within half a step of its weight (rounding down would bias every leg light and the basket
 * under its size). While some leg is below Bybit's minimum quantity or minimum order value, the one that
 * needs the largest basket to be tradable is dropped and the others are scaled up to fill the size (under
 * the index's cap, if it has one: `renormalisedShares`); one at a time, because scaling up can rescue the
 * others (at 100 USDT a top 50 keeps about 19 legs rather than none). Scaling up only raises quantities, so
 * a kept leg never fails later. Last, a capped leg that rounding left more than a step above its cap is
 * brought back within one step (`holdWithinCap`).
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
  const cap = input.cap ?? null;
  let sized: (Omit<SizedLeg, 'achievedWeight' | 'orders' | 'warnings'> & { share: Share })[] = [];
  let droppedForSize = false;
  for (;;) {
    const shares = renormalisedShares(
      active.map((leg) => leg.constituent.weight),
      cap,
    );
    sized = active.map(({ constituent, market }, i) => {
      const share = shares[i]!;
      const price = new Dec(market.price);
      const quantity = roundedQuantity(share, usdtSize, market);
      const targetWeight = shareValue(share);
      return {
        constituent,
        market,
        share,
        targetWeight,
        price,
        side,
        quantity,
        notional: quantity.mul(price),
      };
    });
    const failing = sized.filter((leg) => sizeProblem(leg, usdtSize, slippage));
    if (failing.length === 0) break;
    droppedForSize = true;
    // On a tie the later (lower-ranked) leg goes, so the larger coins stay.
    const hardest = failing.reduce((a, b) =>
      sizeNeeded(b, b.share, slippage).gte(sizeNeeded(a, a.share, slippage)) ? b : a,
    );
    dropped.push({
      constituent: hardest.constituent,
      quantity: hardest.quantity,
      notional: hardest.notional,
      reason: sizeProblem(hardest, usdtSize, slippage)!,
    });
    active = active.filter((leg) => leg.constituent !== hardest.constituent);
  }
  const keptLegCap = cap && keptCap(cap, sized.length);
  if (keptLegCap) sized = holdWithinCap(sized, keptLegCap, slippage);
  const totalNotional = sum(sized.map((leg) => leg.notional));
  const legs: SizedLeg[] = sized.map(({ share: _share, ...leg }) => {
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
        message: `${groupDecimal(leg.quantity.toFixed())} would take ${count} market orders of at most ${groupDecimal(leg.market.maxMktOrderQty)}; Synthex sends at most ${maxOrdersPerLeg} per leg. Lower the size.`,
      });
    else if (orders.length > 1)
      warnings.push({
        code: 'SPLIT',
        message: `${groupDecimal(leg.quantity.toFixed())} is more than Bybit's largest market order (${groupDecimal(leg.market.maxMktOrderQty)}): sent as ${orders.length} orders.`,
      });
    const drift = leg.targetWeight.isZero()
      ? new Dec(0)
      : achievedWeight.minus(leg.targetWeight).abs().div(leg.targetWeight);
    if (drift.gt(roughRounding))
      warnings.push({
        code: 'ROUNDING',
        message: `Rounding to the quantity step (${leg.market.qtyStep}) puts this leg ${drift.mul(100).toDecimalPlaces(1).toFixed()} % off its target weight.`,
      });
    const overCap = keptLegCap && capWarning(leg, totalNotional, keptLegCap, slippage);
    if (overCap) warnings.push(overCap);
    return { ...leg, achievedWeight, orders, warnings };
  });
  const achieved = new Map(legs.map((leg) => [leg.constituent.symbol, leg.achievedWeight]));
  const trackingError = sum(
    input.constituents.map((c) => (achieved.get(c.symbol) ?? new Dec(0)).minus(c.weight).abs()),
  ).div(2);
  return {
    legs,
    dropped,
    renormalised: droppedForSize && legs.length > 0,
    totalNotional,
    trackingError,
    cap: keptLegCap || null,
  };
}

/**
 * The basket size at which this leg rounds to its smallest acceptable order, divided rounding up (so the
 * minimum size built from it is never a hair too low): with every leg scaled by the same factor, the leg
 * with the largest need is the first that cannot be traded.
 */
export function sizeNeeded(leg: { market: LegMarket }, share: Share, slippage: Dec): Dec {
  const step = new Dec(leg.market.qtyStep);
  return smallestOrder(leg.market, slippage)
    .minus(step.div(2))
    .mul(leg.market.price)
    .mul(share.denominator)
    .div(share.numerator);
}

/**
 * A leg's quantity at a basket size: its share of the size over the price, in whole steps rounded half up.
 * One division of exact products, so a share that is exactly x.5 steps is seen as such.
 */
export function roundedQuantity(share: Share, usdtSize: Dec, market: LegMarket): Dec {
  const step = new Dec(market.qtyStep);
  if (share.numerator.isZero()) return new Dec(0);
  const steps = share.numerator.mul(usdtSize).div(share.denominator.mul(market.price).mul(step));
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
      message: `At ${formatUsdt(usdtSize.toFixed())}, ${symbol} would be ${groupDecimal(leg.quantity.toFixed())}: below Bybit's minimum order of ${groupDecimal(leg.market.minOrderQty)}.`,
    };
  const value = leg.quantity.mul(valueCheckPrice(leg.price, slippage));
  if (value.lt(leg.market.minNotionalValue))
    return {
      code: 'BELOW_MIN_NOTIONAL',
      message: `At ${formatUsdt(usdtSize.toFixed())}, ${symbol} would be worth ${formatFixed(value.toFixed(), 2)} USDT at the slippage-capped price: below Bybit's minimum order value of ${formatUsdt(leg.market.minNotionalValue)}.`,
    };
  return null;
}
