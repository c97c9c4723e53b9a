import type { Kysely } from 'kysely';
import { Dec } from '../../../../shared/decimal';
import type { UserDb } from '../../db';
import { readLiveLedger, type AccountScope } from '../../ledger/account-reads';
import type { PositionRow } from '../../ledger/position-repository';
import { holdingsBySymbol } from '../../ledger/position-views';

/** Synthex's side of one account, as the pre-trade guard needs it. */
export interface AccountPositions {
  positions: PositionRow[];
  /** symbol → position id → held quantity (signed), for every live position with the symbol as a leg. */
  held: Map<string, Map<number, Dec>>;
  /** Symbols with a Synthex order not settled yet (not final on Bybit, or its fills not all stored). */
  unsettled: Set<string>;
}

const settledStates = new Set(['filled', 'cancelled', 'rejected']);

/** Read inside the account's queue, so nothing of Synthex's moves the account while it is used. */
export async function readAccountPositions(
  db: Kysely<UserDb>,
  scope: AccountScope,
): Promise<AccountPositions> {
  const { positions, components, trades, orders } = await readLiveLedger(db, scope);
  const held = new Map<string, Map<number, Dec>>();
  for (const position of positions) {
    const holdings = holdingsBySymbol(trades.filter((t) => t.position_id === position.id));
    for (const component of components.filter((c) => c.position_id === position.id)) {
      const bySymbol = held.get(component.symbol) ?? new Map<number, Dec>();
      held.set(component.symbol, bySymbol);
      bySymbol.set(position.id, holdings.get(component.symbol)?.quantity ?? new Dec(0));
    }
  }
  const unsettled = new Set(
    orders.filter((o) => !settledStates.has(o.state) || new Dec(o.stored).lt(o.filled)).map((o) => o.symbol),
  );
  return { positions, held, unsettled };
}
