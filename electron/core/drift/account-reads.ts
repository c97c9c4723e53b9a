import type { Kysely } from 'kysely';
import type { UserDb } from '../db';
import { componentRows, tradeRows, type PositionRow } from '../positions/position-repository';
import { expectationsOf, reconciledStatuses, type SymbolExpectation } from './account-expectation';
import { orderSettlement } from './drift-repository';

/** The profile's positions whose holdings the account should show, in one environment. */
export function livePositions(
  db: Kysely<UserDb>,
  userId: number,
  environment: string,
): Promise<PositionRow[]> {
  return db
    .selectFrom('synthetic_positions')
    .selectAll()
    .where('user_id', '=', userId)
    .where('environment', '=', environment)
    .where('status', 'in', [...reconciledStatuses])
    .orderBy('id')
    .execute();
}

/** What the account should hold per symbol, with whether Synthex has orders of its own on their way. */
export async function readExpectations(
  db: Kysely<UserDb>,
  userId: number,
  environment: string,
): Promise<{ positions: PositionRow[]; bySymbol: Map<string, SymbolExpectation> }> {
  const positions = await livePositions(db, userId, environment);
  const ids = positions.map((p) => p.id);
  const [components, trades, orders] = await Promise.all([
    componentRows(db, ids),
    tradeRows(db, ids),
    orderSettlement(db, ids),
  ]);
  return { positions, bySymbol: expectationsOf({ positions, components, trades, orders }) };
}
