import type { Kysely } from 'kysely';
import { SynthexError } from '../../../shared/contract';
import type { Position, PositionDetail, PositionStatus } from '../../../shared/domain/positions';
import type { UserDb } from '../db';
import { alterationHistory } from '../drift/drift-repository';
import {
  componentRows,
  getPositionRow,
  listPositionRows,
  orderRows,
  tradeRows,
  type PositionRow,
} from './position-repository';
import { componentView, holdingsBySymbol, orderView, positionView, tradeView } from './position-views';

export function positionNotFound(id: number): SynthexError {
  return new SynthexError('NOT_FOUND', `There is no position ${id}.`);
}

/** Contract views of several positions, with two queries for all of them (components, trades). */
export async function positionViews(db: Kysely<UserDb>, rows: readonly PositionRow[]): Promise<Position[]> {
  const ids = rows.map((row) => row.id);
  const [components, trades] = await Promise.all([componentRows(db, ids), tradeRows(db, ids)]);
  return rows.map((row) =>
    positionView(
      row,
      components.filter((c) => c.position_id === row.id).length,
      holdingsBySymbol(trades.filter((t) => t.position_id === row.id)),
    ),
  );
}

export async function positionViewById(db: Kysely<UserDb>, id: number): Promise<Position> {
  const row = await getPositionRow(db, id);
  if (!row) throw positionNotFound(id);
  return (await positionViews(db, [row]))[0]!;
}

export async function listPositions(
  db: Kysely<UserDb>,
  profileId: number,
  statuses: readonly PositionStatus[] | null,
): Promise<Position[]> {
  return positionViews(db, await listPositionRows(db, profileId, statuses));
}

/** The position with its legs (target, held, entry), every fill and every order Synthex sent for it. */
export async function positionDetail(db: Kysely<UserDb>, id: number): Promise<PositionDetail> {
  const row = await getPositionRow(db, id);
  if (!row) throw positionNotFound(id);
  const [components, trades, orders, alterations] = await Promise.all([
    componentRows(db, [id]),
    tradeRows(db, [id]),
    orderRows(db, id),
    alterationHistory(db, id),
  ]);
  const holdings = holdingsBySymbol(trades);
  return {
    position: positionView(row, components.length, holdings),
    components: components.map((c) => componentView(c, holdings.get(c.symbol), trades, orders)),
    trades: trades.map(tradeView),
    orders: orders.map(orderView),
    alterations,
  };
}
