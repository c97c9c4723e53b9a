import { Dec } from '../decimal';
import type { Constituent } from './constituents';
import { smallestOrder, type LegMarket } from './leg-market';
import { roundedQuantity, sizeNeeded } from './sizing';
import { renormalisedShares, type Share } from './weights';

/**
 * How far any price may move between the preview and the open for the suggested minimum ("Apply minimum")
 * to still keep every leg. The exact minimum sits on a rounding edge: the hardest leg rounds up to its
 * smallest order by a hair, so the next preview, a moment later, could drop it.
 */
export const minimumSizePriceMove = new Dec('0.005');

interface Tradable {
  constituent: Constituent;
  market: LegMarket;
  share: Share;
}

/** Every leg kept at `size` when each leg is priced at `price(market)`. */
function keepsAll(legs: readonly Tradable[], size: Dec, slippage: Dec, priceFactor: Dec): boolean {
  return legs.every(({ market, share }) => {
    const moved = { ...market, price: new Dec(market.price).mul(priceFactor).toFixed() };
    return roundedQuantity(share, size, moved).gte(smallestOrder(moved, slippage));
  });
}

function tradableLegs(
  constituents: readonly Constituent[],
  markets: ReadonlyMap<string, LegMarket>,
  cap: Dec | null,
): Tradable[] {
  const tradable = constituents.filter((c) => markets.has(c.symbol) && c.weight.gt(0));
  const shares = renormalisedShares(
    tradable.map((c) => c.weight),
    cap,
  );
  return tradable.map((constituent, i) => ({
    constituent,
    market: markets.get(constituent.symbol)!,
    share: shares[i]!,
  }));
}

/**
 * The smallest whole-USDT size at which no tradable leg is dropped for size, or null when nothing can be
 * priced. With every leg kept, leg i's quantity rounds to at least its smallest order q once
 * share·S/p ≥ q − step/2 (halves round up), so S ≥ (q − step/2)·p/share for every leg; quantities only
 * grow with S, so every larger size keeps every leg too.
 */
export function minimumUsdtSize(
  constituents: readonly Constituent[],
  markets: ReadonlyMap<string, LegMarket>,
  slippage: Dec,
  cap: Dec | null = null,
): Dec | null {
  const legs = tradableLegs(constituents, markets, cap);
  if (legs.length === 0) return null;
  let minimum = new Dec(0);
  for (const leg of legs) minimum = Dec.max(minimum, sizeNeeded(leg, leg.share, slippage));
  // The bound is exact on paper; in 40 digits a bound that is a whole number may land a hair either side of
  // it. Settle it with the sizing's own rounding: the smallest whole size at which every leg is kept.
  const one = new Dec(1);
  let size = Dec.max(one, minimum.ceil());
  while (!keepsAll(legs, size, slippage, one)) size = size.plus(1);
  while (size.gt(1) && keepsAll(legs, size.minus(1), slippage, one)) size = size.minus(1);
  return size;
}

/**
 * The smallest whole-USDT size that keeps every leg for any price within ±`move` of today's: what "Apply
 * minimum" applies. A leg needs S ≥ (q − step/2)·p′/share at every price p′ in the range, and its smallest
 * order q grows as the price falls (Bybit's minimum order value buys more coins), so the largest q (at the
 * lowest price) with the highest price bounds them all. Never below the exact minimum.
 */
export function minimumUsdtSizeWithMargin(
  constituents: readonly Constituent[],
  markets: ReadonlyMap<string, LegMarket>,
  slippage: Dec,
  cap: Dec | null = null,
  move: Dec = minimumSizePriceMove,
): Dec | null {
  const exact = minimumUsdtSize(constituents, markets, slippage, cap);
  if (exact === null) return null;
  const legs = tradableLegs(constituents, markets, cap);
  const low = new Dec(1).minus(move);
  const high = new Dec(1).plus(move);
  let bound = exact;
  for (const { market, share } of legs) {
    const step = new Dec(market.qtyStep);
    const atLow = { ...market, price: new Dec(market.price).mul(low).toFixed() };
    const need = smallestOrder(atLow, slippage)
      .minus(step.div(2))
      .mul(new Dec(market.price).mul(high))
      .mul(share.denominator)
      .div(share.numerator);
    bound = Dec.max(bound, need);
  }
  let size = bound.ceil();
  // The bound holds on paper for every price in the range; check its two ends for a 40-digit hair.
  while (!keepsAll(legs, size, slippage, low) || !keepsAll(legs, size, slippage, high)) size = size.plus(1);
  return size;
}
