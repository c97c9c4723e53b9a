import { Dec, sum } from '../decimal';

/** n weights of 1/n each. */
export function equalWeights(n: number): Dec[] {
  if (!Number.isInteger(n) || n < 1) throw new RangeError('an index needs at least one constituent');
  const weight = new Dec(1).div(n);
  return Array.from({ length: n }, () => weight);
}

/** Why a cap cannot be met: n coins capped at `cap` cannot add up to 100 %. */
export function capProblem(n: number, cap: Dec): string | null {
  if (cap.lte(0) || cap.gt(1)) return 'the cap must be above 0 % and at most 100 %';
  // 1/3 × 3 is 0.99…9 in 40 digits: an exact cap of 1/n is feasible.
  if (cap.mul(n).lt(new Dec(1).minus('1e-30')))
    return `${n} coins capped at ${cap.mul(100).toFixed()} % cannot add up to 100 % (needs at least ${new Dec(1).div(cap).ceil().toFixed()} coins)`;
  return null;
}

/**
 * Market-cap weights with a per-coin cap, the way capped indices (CoinDesk 20, COIN50) are built: weights
 * above the cap are set to the cap and the excess is redistributed pro rata (by market cap) over the
 * uncapped coins; that can push another coin over the cap, so it repeats until none exceeds it. Each
 * round caps at least one more coin, so it ends within n rounds.
 */
export function cappedMarketCapWeights(marketCaps: readonly Dec[], cap: Dec): Dec[] {
  const problem = capProblem(marketCaps.length, cap);
  if (problem) throw new RangeError(problem);
  if (marketCaps.some((m) => !m.isFinite() || m.lte(0)))
    throw new RangeError('every market cap must be positive');
  const capped = new Set<number>();
  let weights = normalise(marketCaps);
  for (;;) {
    const over = weights.flatMap((w, i) => (!capped.has(i) && w.gt(cap) ? [i] : []));
    if (over.length === 0) return weights;
    over.forEach((i) => capped.add(i));
    const remaining = new Dec(1).minus(cap.mul(capped.size));
    const uncappedTotal = sum(marketCaps.filter((_, i) => !capped.has(i)));
    weights = marketCaps.map((m, i) =>
      capped.has(i) ? cap : uncappedTotal.isZero() ? new Dec(0) : m.div(uncappedTotal).mul(remaining),
    );
  }
}

/** Scales positive values so they sum to 1. */
export function normalise(values: readonly Dec[]): Dec[] {
  const total = sum(values);
  if (total.lte(0)) throw new RangeError('weights must add up to more than zero');
  return values.map((v) => v.div(total));
}
