import { Dec } from '../../../shared/decimal';
import type { Violation, World } from './world';

const cent = new Dec('0.01');

/**
 * I5: the realised PnL stored for every CLOSED or FAILED position equals its cash flows to the cent:
 * Σ sell value − Σ buy value − fees − funding paid + funding received, over its `trades` and
 * `position_funding` rows. A repair's fills put back what someone else moved, so only their fees count
 * against the position (docs/drift.md); everything else it traded counts, adoptions included.
 */
export function realisedPnlMismatches(world: World): Violation[] {
  const violations: Violation[] = [];
  const trades = groupBy(world.db.trades, (t) => t.positionId);
  const funding = groupBy(world.db.funding, (f) => f.positionId);
  for (const position of world.db.positions) {
    if (position.status !== 'CLOSED' && position.status !== 'FAILED') continue;
    const own = trades.get(position.id) ?? [];
    const shares = funding.get(position.id) ?? [];
    let cash = new Dec(0);
    let fees = new Dec(0);
    for (const trade of own) {
      fees = fees.plus(trade.fee);
      if (trade.kind === 'repair') continue;
      const value = new Dec(trade.quantity).mul(trade.price);
      cash = trade.side === 'Short' ? cash.plus(value) : cash.minus(value);
    }
    const fundingPaid = shares.reduce((total, f) => total.plus(f.amount), new Dec(0));
    const expected = cash.minus(fees).minus(fundingPaid);
    const stored = position.realizedPnl === null ? null : new Dec(position.realizedPnl);
    if (stored !== null && stored.minus(expected).abs().lt(cent)) continue;
    violations.push({
      invariant: 'I5',
      key: `I5|${position.id}`,
      message:
        `position ${position.id} is ${position.status} with realised PnL ${stored?.toFixed() ?? 'unset'}, but its ` +
        `cash flows come to ${expected.toFixed()} (fills ${cash.toFixed()}, fees ${fees.toFixed()}, funding paid ` +
        `${fundingPaid.toFixed()} over ${shares.length} settlements)`,
    });
  }
  return violations;
}

function groupBy<T>(rows: readonly T[], key: (row: T) => number): Map<number, T[]> {
  const groups = new Map<number, T[]>();
  for (const row of rows) {
    const group = groups.get(key(row));
    if (group) group.push(row);
    else groups.set(key(row), [row]);
  }
  return groups;
}
