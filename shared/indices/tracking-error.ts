import { Dec, sum } from '../decimal';

/**
 * ½ Σ |weight held − target weight| over every coin either side has: how far a basket's notional split is
 * from the one it should have (0 = exactly on target, 1 = nothing in common). `values` are notionals (their
 * sign is ignored), `targets` fractions summing to 1.
 */
export function trackingError(values: ReadonlyMap<string, Dec>, targets: ReadonlyMap<string, Dec>): Dec {
  const total = sum([...values.values()].map((v) => v.abs()));
  const symbols = new Set([...values.keys(), ...targets.keys()]);
  return sum(
    [...symbols].map((symbol) => {
      const held = total.isZero() ? new Dec(0) : (values.get(symbol) ?? new Dec(0)).abs().div(total);
      return held.minus(targets.get(symbol) ?? new Dec(0)).abs();
    }),
  ).div(2);
}
