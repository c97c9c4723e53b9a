import type { Kysely } from 'kysely';
import { Dec, sum } from '../../../shared/decimal';
import type { UserDb } from '../db';
import { getPositionRow, listPositionRows, tradeRows, type PositionRow } from '../ledger/position-repository';
import { holdingsBySymbol } from '../ledger/position-views';
import type { PnlPositionInput } from './pnl-book';
import { fundingByPosition } from './pnl-repository';

/**
 * What the PnL book needs of each position, derived from its trades exactly as the positions views derive
 * held quantity, average entry, fees and realised gains (shared/positions/holdings.ts), plus its funding.
 */
export async function pnlInputs(
  db: Kysely<UserDb>,
  rows: readonly PositionRow[],
): Promise<PnlPositionInput[]> {
  const ids = rows.map((row) => row.id);
  const [trades, funding] = await Promise.all([tradeRows(db, ids), fundingByPosition(db, ids)]);
  return rows.map((row) => {
    const holdings = holdingsBySymbol(trades.filter((trade) => trade.position_id === row.id));
    const values = [...holdings.values()];
    return {
      id: row.id,
      name: row.index_name,
      usdtSize: new Dec(row.usdt_size),
      isAltered: row.is_altered,
      legs: [...holdings].map(([symbol, holding]) => ({
        symbol,
        quantity: holding.quantity,
        averageEntry: holding.averageEntry,
      })),
      fees: sum(values.map((holding) => holding.fees)),
      funding: new Dec(funding.get(row.id) ?? 0),
      realized: sum(values.map((holding) => holding.realizedGross)),
      openedAt: row.opened_at === null ? null : new Date(row.opened_at).getTime(),
    };
  });
}

export async function activePnlInputs(db: Kysely<UserDb>, profileId: number): Promise<PnlPositionInput[]> {
  return pnlInputs(db, await listPositionRows(db, profileId, ['ACTIVE']));
}

/** The position's row and, when it is ACTIVE, its input; null for a position that does not exist. */
export async function positionPnlInput(
  db: Kysely<UserDb>,
  id: number,
): Promise<{ row: PositionRow; input: PnlPositionInput | null } | null> {
  const row = await getPositionRow(db, id);
  if (!row) return null;
  return { row, input: row.status === 'ACTIVE' ? ((await pnlInputs(db, [row]))[0] ?? null) : null };
}
