import { type Dec, floorToStep } from '../decimal';

/** One leg may need at most this many orders (one Bybit batch); beyond it the size is refused. */
export const maxOrdersPerLeg = 20;

/** How many orders `quantity` needs when no order may exceed `maxQty`. */
export function orderCount(quantity: Dec, maxQty: Dec, step: Dec): number {
  const max = floorToStep(maxQty, step);
  if (quantity.lte(0)) return 0;
  return max.lte(0) || quantity.lte(max) ? 1 : quantity.div(max).ceil().toNumber();
}

/**
 * Splits a leg that exceeds Bybit's largest market order into the fewest orders, as equal as the step
 * allows (an uneven split could leave a last order below the minimum). Every part is on step and at most
 * `maxQty` (taken down to the step if Bybit's value is not on it); the parts add up to `quantity` exactly.
 */
export function splitQuantity(quantity: Dec, maxQty: Dec, step: Dec): Dec[] {
  const count = orderCount(quantity, maxQty, step);
  if (count > maxOrdersPerLeg)
    throw new RangeError(`${quantity.toFixed()} would need ${count} orders (at most ${maxOrdersPerLeg})`);
  if (count <= 1) return count === 1 ? [quantity] : [];
  const base = floorToStep(quantity.div(count), step);
  const extraSteps = quantity.minus(base.mul(count)).div(step).round().toNumber();
  return Array.from({ length: count }, (_, i) => (i < extraSteps ? base.plus(step) : base));
}
