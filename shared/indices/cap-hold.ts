import { Dec, floorToStep, sum } from '../decimal';
import type { Message } from '../domain/preview';
import { formatPercent, formatUsdt } from '../format/numbers';
import { smallestOrder, type LegMarket } from './leg-market';

interface CappedLeg {
  constituent: { symbol: string };
  market: LegMarket;
  price: Dec;
  quantity: Dec;
  notional: Dec;
}

/** What one quantity step of the leg is worth at its price (USDT). */
const stepValue = (leg: CappedLeg) => new Dec(leg.market.qtyStep).mul(leg.price);

/**
 * True when even one step less would leave the leg above the cap: its achieved weight (notional ÷ the
 * basket's total) is more than one quantity step over it. Compared as products, so no division rounds.
 */
const beyondOneStep = (leg: CappedLeg, total: Dec, cap: Dec) =>
  leg.notional.minus(stepValue(leg)).gt(cap.mul(total));

/**
 * Rounding to the nearest step keeps each leg within half a step of its target, but the basket's total
 * moves with every leg's rounding, so a capped leg's achieved weight can end up more than a step above
 * the cap. Such a leg is taken down to the largest quantity on step that is within one step of the cap
 * (q·p − step·p ≤ cap·(rest + q·p)), never below its smallest acceptable order; one leg at a time, since
 * each cut lowers the total the others are measured against. Quantities only go down, so it ends.
 */
export function holdWithinCap<L extends CappedLeg>(legs: readonly L[], cap: Dec, slippage: Dec): L[] {
  if (cap.gte(1)) return [...legs];
  let held = [...legs];
  for (;;) {
    const total = sum(held.map((leg) => leg.notional));
    const index = held.findIndex(
      (leg) => beyondOneStep(leg, total, cap) && leg.quantity.gt(smallestOrder(leg.market, slippage)),
    );
    if (index < 0) return held;
    const leg = held[index]!;
    const step = new Dec(leg.market.qtyStep);
    const rest = total.minus(leg.notional);
    const within = cap
      .mul(rest)
      .plus(stepValue(leg))
      .div(leg.price.mul(new Dec(1).minus(cap)));
    const quantity = Dec.max(
      smallestOrder(leg.market, slippage),
      Dec.min(floorToStep(within, step), leg.quantity.minus(step)),
    );
    held = held.map((other, i) =>
      i === index ? { ...other, quantity, notional: quantity.mul(other.price) } : other,
    );
  }
}

/**
 * The warning of a leg whose achieved weight is above the cap, in words: within one step, the step is
 * why (the nearest quantity on step is over it); beyond one, Bybit's smallest order for it is, and only a
 * larger size brings it back.
 */
export function capWarning(leg: CappedLeg, total: Dec, cap: Dec, slippage: Dec): Message | null {
  if (total.isZero() || !leg.notional.gt(cap.mul(total))) return null;
  const achieved = leg.notional.div(total);
  const { symbol } = leg.constituent;
  const holds = `${symbol} holds ${formatPercent(achieved.toFixed(), 2)} of the basket, above the ${formatPercent(cap.toFixed(), 2)} cap`;
  if (!beyondOneStep(leg, total, cap))
    return {
      code: 'ABOVE_CAP',
      message: `${holds}: one quantity step (${leg.market.qtyStep} ≈ ${formatUsdt(stepValue(leg).toDecimalPlaces(2).toFixed())}) is ${formatPercent(stepValue(leg).div(total).toFixed(), 2)} of this size, and the nearest step is over the cap.`,
    };
  const smallest = smallestOrder(leg.market, slippage);
  const needed = smallest.mul(leg.price).minus(stepValue(leg)).div(cap).ceil();
  return {
    code: 'ABOVE_CAP',
    message: `${holds}: Bybit's smallest order for it (${smallest.toFixed()} ≈ ${formatUsdt(smallest.mul(leg.price).toDecimalPlaces(2).toFixed())}) is more than the cap allows at this size. A size of about ${formatUsdt(needed.toFixed())} brings it within one step of the cap.`,
  };
}
