import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type {
  Alteration,
  AlterationHistoryEntry,
  AlterationLeg,
  OutsideExecution,
} from '../../../shared/domain/drift';
import { Dec } from '../../../shared/decimal';
import type { UserDb } from '../db';
import type { Execution } from '../exchange';

export type OutsideRow = Selectable<UserDb['outside_executions']>;

/** How many alteration events are kept per position (the oldest go first). */
export const alterationHistoryLimit = 50;

/** Bybit execTypes that change a position's size (docs/bybit-v5.md); Funding and settlements do not. */
const sizeChanging = new Set(['Trade', 'BustTrade', 'AdlTrade', 'Delivery', 'BlockTrade', 'MovePosition']);
/** A fill that moved the size; Bybit prints the quantity as "0", "0.0" or "0.000" alike, so it is read as a number. */
export const changesSize = (execution: Execution) =>
  sizeChanging.has(execution.execType) && !new Dec(execution.execQty).isZero();

/** Stores outside executions once each (per profile); returns the symbols of the ones new to the log. */
export async function recordOutside(
  db: Kysely<UserDb>,
  userId: number,
  environment: string,
  executions: readonly Execution[],
): Promise<string[]> {
  const rows = executions.filter(changesSize);
  if (rows.length === 0) return [];
  const inserted = await db
    .insertInto('outside_executions')
    .values(
      rows.map((e) => ({
        user_id: userId,
        environment,
        exec_id: e.execId,
        bybit_order_id: e.orderId,
        order_link_id: e.orderLinkId ?? '',
        symbol: e.symbol,
        side: e.side,
        exec_type: e.execType,
        price: e.execPrice,
        quantity: e.execQty,
        fee: e.execFee,
        exec_time: new Date(Number(e.execTime) || Date.now()),
      })),
    )
    .onConflict((c) => c.columns(['user_id', 'exec_id']).doNothing())
    .returning('symbol')
    .execute();
  return [...new Set(inserted.map((row) => row.symbol))];
}

export function outsideView(row: OutsideRow): OutsideExecution {
  return {
    execId: row.exec_id,
    orderLinkId: row.order_link_id,
    symbol: row.symbol,
    side: row.side as OutsideExecution['side'],
    execType: row.exec_type,
    price: row.price,
    quantity: row.quantity,
    fee: row.fee,
    execTime: new Date(row.exec_time).toISOString(),
    recordedAt: new Date(row.recorded_at).toISOString(),
  };
}

export async function listOutside(
  db: Kysely<UserDb>,
  userId: number,
  options: { symbol?: string; since?: Date; limit: number },
): Promise<OutsideExecution[]> {
  let query = db.selectFrom('outside_executions').selectAll().where('user_id', '=', userId);
  if (options.symbol) query = query.where('symbol', '=', options.symbol);
  if (options.since) query = query.where('exec_time', '>=', options.since);
  const rows = await query.orderBy('exec_time', 'desc').orderBy('id', 'desc').limit(options.limit).execute();
  return rows.map(outsideView);
}

/**
 * Sets (or clears) a position's alteration and logs the event in its bounded history, in one
 * transaction. `isAltered` may stay true without an alteration (a position kept without legs).
 */
export async function writeAlteration(
  db: Kysely<UserDb>,
  positionId: number,
  change: {
    alteration: Alteration | null;
    isAltered: boolean;
    event: AlterationHistoryEntry['event'];
    legs: AlterationLeg[];
  },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('synthetic_positions')
      .set({
        alteration: change.alteration === null ? null : JSON.stringify(change.alteration),
        altered_at: change.alteration === null ? null : new Date(change.alteration.detectedAt),
        is_altered: change.isAltered,
        updated_at: sql`now()`,
      })
      .where('id', '=', positionId)
      .execute();
    await appendAlterationEvent(trx, positionId, change.event, change.legs);
  });
}

/** One event in the position's alteration history; only the latest `alterationHistoryLimit` are kept. */
export async function appendAlterationEvent(
  db: Kysely<UserDb> | Transaction<UserDb>,
  positionId: number,
  event: AlterationHistoryEntry['event'],
  legs: readonly AlterationLeg[],
): Promise<void> {
  await db
    .insertInto('position_alterations')
    .values({ position_id: positionId, event, legs: JSON.stringify(legs) })
    .execute();
  await db
    .deleteFrom('position_alterations')
    .where('position_id', '=', positionId)
    .where(
      'id',
      'not in',
      db
        .selectFrom('position_alterations')
        .select('id')
        .where('position_id', '=', positionId)
        .orderBy('id', 'desc')
        .limit(alterationHistoryLimit),
    )
    .execute();
}

export async function alterationHistory(
  db: Kysely<UserDb>,
  positionId: number,
): Promise<AlterationHistoryEntry[]> {
  const rows = await db
    .selectFrom('position_alterations')
    .selectAll()
    .where('position_id', '=', positionId)
    .orderBy('id', 'desc')
    .limit(alterationHistoryLimit)
    .execute();
  return rows.map((row) => ({
    event: row.event as AlterationHistoryEntry['event'],
    legs: row.legs as AlterationLeg[],
    at: new Date(row.created_at).toISOString(),
  }));
}

/** Per order of the positions: its state and how much of what it filled is stored as trades. */
export async function orderSettlement(
  db: Kysely<UserDb>,
  positionIds: readonly number[],
): Promise<{ symbol: string; state: string; filled: string; stored: string }[]> {
  if (positionIds.length === 0) return [];
  return db
    .selectFrom('position_orders as o')
    .leftJoin('trades as t', 't.order_link_id', 'o.order_link_id')
    .select([
      'o.symbol',
      'o.state',
      'o.filled_quantity as filled',
      sql<string>`coalesce(sum(t.quantity), 0)::text`.as('stored'),
    ])
    .where('o.position_id', 'in', [...positionIds])
    .groupBy(['o.id', 'o.symbol', 'o.state', 'o.filled_quantity'])
    .execute();
}
