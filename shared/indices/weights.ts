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
 * A weight as an exact fraction. Sizing divides once (share × size ÷ price ÷ step), so a leg whose share
 * of the size is exactly x.5 steps is seen as such, and comparing a share with a cap needs no division.
 */
export interface Share {
  numerator: Dec;
  denominator: Dec;
}

export const shareValue = (share: Share): Dec => share.numerator.div(share.denominator);

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
  return cappedShares(marketCaps, cap).map(shareValue);
}

/** The capped redistribution as exact fractions: a coin is over the cap when m·remaining > cap·Σ uncapped. */
function cappedShares(values: readonly Dec[], cap: Dec): Share[] {
  const capped = new Set<number>();
  for (;;) {
    const remaining = new Dec(1).minus(cap.mul(capped.size));
    const uncappedTotal = sum(values.filter((_, i) => !capped.has(i)));
    const over = values.flatMap((v, i) =>
      !capped.has(i) && v.mul(remaining).gt(cap.mul(uncappedTotal)) ? [i] : [],
    );
    if (over.length === 0)
      return values.map((v, i) =>
        capped.has(i)
          ? { numerator: cap, denominator: new Dec(1) }
          : { numerator: v.mul(remaining), denominator: uncappedTotal },
      );
    over.forEach((i) => capped.add(i));
  }
}

/**
 * The weights of the legs that are kept, scaled back up to 100 % after others were dropped. Without a cap
 * that is pro rata. With one it is the index's own redistribution again, over the kept legs: a coin that
 * was capped stays at the cap and what the dropped legs held goes to the others, pro rata, until none
 * exceeds it (scaling everything up pro rata put BTC at 25.76 % of a "25 % at most" index). Fewer legs
 * than 1/cap cannot all stay under it; they get equal weights (the cap is raised to 1/n, see `keptCap`).
 */
export function renormalisedShares(weights: readonly Dec[], cap: Dec | null): Share[] {
  const total = sum(weights);
  if (weights.length === 0) return [];
  if (cap === null) return weights.map((w) => ({ numerator: w, denominator: total }));
  return cappedShares(weights, keptCap(cap, weights.length));
}

/** The cap n kept legs can meet: the index's own, or 1/n when n legs at the cap cannot add up to 100 %. */
export function keptCap(cap: Dec, legs: number): Dec {
  return legs === 0 ? cap : Dec.max(cap, new Dec(1).div(legs));
}

/** Scales positive values so they sum to 1. */
export function normalise(values: readonly Dec[]): Dec[] {
  const total = sum(values);
  if (total.lte(0)) throw new RangeError('weights must add up to more than zero');
  return values.map((v) => v.div(total));
}
