import type { Kysely } from 'kysely';
import { SynthexError } from '../../../shared/contract';
import type { Position, PositionDetail, PositionStatus } from '../../../shared/domain/positions';
import type { UserDb } from '../db';
import { alterationHistory } from '../ledger/drift-repository';
import {
  componentRows,
  getPositionRow,
  listPositionRows,
  orderRows,
  tradeRows,
  type PositionRow,
} from '../ledger/position-repository';
import { accountRef } from '../bybit-account/account-ref';
import { positionEvents } from './position-events';
import {
  componentView,
  holdingsBySymbol,
  orderView,
  positionView,
  tradeView,
  type KeyAccount,
} from '../ledger/position-views';

export function positionNotFound(id: number): SynthexError {
  return new SynthexError('NOT_FOUND', `There is no position ${id}.`);
}

/** The account each profile's stored key trades (positions are bound to one; a mismatch is shown). */
async function keyAccounts(db: Kysely<UserDb>, userIds: readonly number[]): Promise<Map<number, KeyAccount>> {
  if (userIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('bybit_credentials')
    .select(['user_id', 'bybit_uid', 'masked_api_key', 'environment'])
    .where('user_id', 'in', [...new Set(userIds)])
    .execute();
  return new Map(
    rows.map((r) => [
      r.user_id,
      { account: accountRef(r.bybit_uid, r.masked_api_key), environment: r.environment },
    ]),
  );
}

/** Contract views of several positions, with three queries for all of them (components, trades, keys). */
export async function positionViews(db: Kysely<UserDb>, rows: readonly PositionRow[]): Promise<Position[]> {
  const ids = rows.map((row) => row.id);
  const [components, trades, keys] = await Promise.all([
    componentRows(db, ids),
    tradeRows(db, ids),
    keyAccounts(
      db,
      rows.map((row) => row.user_id),
    ),
  ]);
  return rows.map((row) =>
    positionView(
      row,
      components.filter((c) => c.position_id === row.id).length,
      holdingsBySymbol(trades.filter((t) => t.position_id === row.id)),
      keys.get(row.user_id) ?? null,
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

/**
 * The position with its legs (target, held, entry), every fill and every order Synthex sent for it, read as
 * one snapshot: a Bybit liquidation's trade and the event that tells it (written together) show together.
 */
export async function positionDetail(db: Kysely<UserDb>, id: number): Promise<PositionDetail> {
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute((trx) => detailOf(trx, id));
}

async function detailOf(db: Kysely<UserDb>, id: number): Promise<PositionDetail> {
  const row = await getPositionRow(db, id);
  if (!row) throw positionNotFound(id);
  const [components, trades, orders, alterations, events, keys] = await Promise.all([
    componentRows(db, [id]),
    tradeRows(db, [id]),
    orderRows(db, id),
    alterationHistory(db, id),
    positionEvents(db, id),
    keyAccounts(db, [row.user_id]),
  ]);
  const holdings = holdingsBySymbol(trades);
  return {
    position: positionView(row, components.length, holdings, keys.get(row.user_id) ?? null),
    components: components.map((c) => componentView(c, holdings.get(c.symbol), trades, orders)),
    trades: trades.map(tradeView),
    orders: orders.map(orderView),
    alterations,
    events,
  };
}
