import { Dec } from '../../../../shared/decimal';
import type { Component } from '../../../../shared/domain/positions';
import { compareDecimalStrings } from '../../components/universe-table-model';

export type LegColumn =
  'symbol' | 'mark' | 'unrealized' | 'unrealizedPercent' | 'weight' | 'liq' | 'distance' | 'funding' | 'fees';

/** What each column sorts by (decimal text compared exactly; unknown figures last). */
const sortValue: Record<LegColumn, (leg: Component) => string | null> = {
  symbol: (leg) => leg.symbol,
  mark: (leg) => leg.markPrice ?? null,
  unrealized: (leg) => leg.unrealizedPnl ?? null,
  unrealizedPercent: (leg) => leg.unrealizedPercent ?? null,
  weight: (leg) => leg.weightNow ?? null,
  liq: (leg) => leg.liqPrice ?? null,
  distance: (leg) => leg.liqDistancePercent ?? null,
  funding: (leg) => leg.fundingPaid ?? null,
  fees: (leg) => leg.feesPaid,
};

export function sortLegs(
  legs: readonly Component[],
  sort: { column: LegColumn; direction: 'asc' | 'desc' },
): Component[] {
  const value = sortValue[sort.column];
  return [...legs].sort((a, b) => {
    const x = value(a);
    const y = value(b);
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
    const order = sort.column === 'symbol' ? x.localeCompare(y) : compareDecimalStrings(x, y);
    return (sort.direction === 'asc' ? order : -order) || a.symbol.localeCompare(b.symbol);
  });
}

/** The leg that stands out: the one losing most, or, when one is near liquidation, the nearest. */
export function worstLeg(legs: readonly Component[], nearPercent: string): string | null {
  const near = legs
    .filter((l) => l.liqDistancePercent != null && new Dec(l.liqDistancePercent).lte(nearPercent))
    .sort((a, b) => compareDecimalStrings(a.liqDistancePercent!, b.liqDistancePercent!));
  if (near[0]) return near[0].symbol;
  const losing = legs
    .filter((l) => l.unrealizedPnl != null && new Dec(l.unrealizedPnl).isNegative())
    .sort((a, b) => compareDecimalStrings(a.unrealizedPnl!, b.unrealizedPnl!));
  return losing[0]?.symbol ?? null;
}
