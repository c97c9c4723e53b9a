import { sql, type Kysely, type Selectable, type Transaction, type Updateable } from 'kysely';
import type { OrderKind, PositionStatus, TradeKind } from '../../../shared/domain/positions';
import type { UserDb } from '../db';

export type PositionRow = Selectable<UserDb['synthetic_positions']>;
export type ComponentRow = Selectable<UserDb['position_components']>;
export type OrderRow = Selectable<UserDb['position_orders']>;
export type TradeRow = Selectable<UserDb['trades']>;
type Db = Kysely<UserDb> | Transaction<UserDb>;

export interface NewPosition {
  userId: number;
  requestId: string;
  linkKey: string;
  indexId: string;
  indexName: string;
  usdtSize: string;
  direction: 'long' | 'short';
  leverage: string;
  maxSlippagePercent: string;
  onPartialFailure: 'rollback' | 'keep';
  environment: string;
  /** The Bybit account it is opened on (accountRef): orders for it only ever go to that account. */
  bybitAccount: string;
  components: { symbol: string; expectedQuantity: string; targetWeight: string; referencePrice: string }[];
}

/** The position (PENDING) and its frozen components, in one transaction: both or neither. */
export async function createPosition(
  db: Kysely<UserDb>,
  position: NewPosition & {
    /** More rows written with the position, in its transaction (the risk rules an open carries). */
    inTransaction?: (trx: Transaction<UserDb>, row: PositionRow) => Promise<void>;
  },
): Promise<PositionRow> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('synthetic_positions')
      .values({
        user_id: position.userId,
        request_id: position.requestId,
        link_key: position.linkKey,
        index_id: position.indexId,
        index_name: position.indexName,
        usdt_size: position.usdtSize,
        direction: position.direction,
        leverage: position.leverage,
        max_slippage_percent: position.maxSlippagePercent,
        on_partial_failure: position.onPartialFailure,
        environment: position.environment,
        bybit_account: position.bybitAccount,
        status: 'PENDING',
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('position_components')
      .values(
        position.components.map((c) => ({
          position_id: row.id,
          symbol: c.symbol,
          expected_quantity: c.expectedQuantity,
          target_weight: c.targetWeight,
          reference_price: c.referencePrice,
        })),
      )
      .execute();
    await position.inTransaction?.(trx, row);
    return row;
  });
}

export async function findPositionByRequest(
  db: Db,
  userId: number,
  requestId: string,
): Promise<PositionRow | undefined> {
  return db
    .selectFrom('synthetic_positions')
    .selectAll()
    .where('user_id', '=', userId)
    .where('request_id', '=', requestId)
    .executeTakeFirst();
}

export async function getPositionRow(db: Db, id: number): Promise<PositionRow | undefined> {
  return db.selectFrom('synthetic_positions').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listPositionRows(
  db: Db,
  userId: number,
  statuses: readonly PositionStatus[] | null,
): Promise<PositionRow[]> {
  let query = db.selectFrom('synthetic_positions').selectAll().where('user_id', '=', userId);
  if (statuses) query = query.where('status', 'in', [...statuses]);
  return query.orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
}

/**
 * Every position some earlier run left in PENDING, EXECUTING or CLOSING, or ACTIVE with a repair or
 * rebalance under way, oldest first.
 */
export async function unfinishedPositionRows(db: Db): Promise<PositionRow[]> {
  return db
    .selectFrom('synthetic_positions')
    .selectAll()
    .where((eb) =>
      eb.or([
        eb('status', 'in', ['PENDING', 'EXECUTING', 'CLOSING']),
        eb.and([eb('status', '=', 'ACTIVE'), eb('pending_action', 'is not', null)]),
      ]),
    )
    .orderBy('id')
    .execute();
}

/**
 * Locks the position's row until the transaction ends, for writing its realised PnL from what is read after:
 * the close that stores it and a Funding settlement that reaches it take turns. (FOR NO KEY UPDATE: the
 * foreign keys of rows inserted for the position meanwhile do not wait on it.)
 */
export async function lockPositionRow(
  trx: Transaction<UserDb>,
  id: number,
): Promise<PositionRow | undefined> {
  return trx
    .selectFrom('synthetic_positions')
    .selectAll()
    .where('id', '=', id)
    .forNoKeyUpdate()
    .executeTakeFirst();
}

/** The positions of an environment left CLOSING, but for one (the one that just ended). */
export async function closingPositionIds(db: Db, environment: string, exceptId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('synthetic_positions')
    .select('id')
    .where('status', '=', 'CLOSING')
    .where('environment', '=', environment)
    .where('id', '!=', exceptId)
    .execute();
  return rows.map((row) => row.id);
}

export interface PositionPatch {
  status?: PositionStatus;
  isAltered?: boolean;
  failureReason?: string | null;
  realizedPnl?: string | null;
  openedAt?: Date;
  closedAt?: Date;
  pendingAction?: 'repair' | 'rebalance' | null;
}

/** For each field of a patch, the column it sets; a value may only go to a column that accepts it. */
type ColumnsOf<P, U> = {
  readonly [K in keyof P]-?: { [C in keyof U]-?: Exclude<P[K], undefined> extends U[C] ? C : never }[keyof U];
};

/** The columns a patch sets: each field it gives (null included) under its column's name; the rest stay. */
function patchColumns<P extends object, U>(patch: P, columns: ColumnsOf<P, U>): Updateable<U> {
  const set: Record<string, unknown> = {};
  for (const field of Object.keys(columns) as (keyof P)[])
    if (patch[field] !== undefined) set[columns[field] as string] = patch[field];
  return set as Updateable<U>;
}

const positionColumns: ColumnsOf<PositionPatch, Updateable<UserDb['synthetic_positions']>> = {
  status: 'status',
  isAltered: 'is_altered',
  failureReason: 'failure_reason',
  realizedPnl: 'realized_pnl',
  openedAt: 'opened_at',
  closedAt: 'closed_at',
  pendingAction: 'pending_action',
};

export async function updatePosition(db: Db, id: number, patch: PositionPatch): Promise<PositionRow> {
  return db
    .updateTable('synthetic_positions')
    .set({ ...patchColumns(patch, positionColumns), updated_at: sql`now()` })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * Marks an ACTIVE position with nothing under way as being repaired or rebalanced, atomically: two
 * requests (or a close) arriving together cannot both start. False when the position was not free.
 */
export async function claimAction(db: Db, id: number, action: 'repair' | 'rebalance'): Promise<boolean> {
  return updateIfFree(db, id, { pending_action: action });
}

/** ACTIVE → CLOSING unless a repair or rebalance started meanwhile; false then. */
export async function beginClosing(db: Db, id: number): Promise<boolean> {
  return updateIfFree(db, id, { status: 'CLOSING' });
}

/** Sets the columns of an ACTIVE position with nothing under way, in one statement; false when it was not. */
async function updateIfFree(
  db: Db,
  id: number,
  set: Updateable<UserDb['synthetic_positions']>,
): Promise<boolean> {
  const result = await db
    .updateTable('synthetic_positions')
    .set({ ...set, updated_at: sql`now()` })
    .where('id', '=', id)
    .where('status', '=', 'ACTIVE')
    .where('pending_action', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function componentRows(db: Db, positionIds: readonly number[]): Promise<ComponentRow[]> {
  if (positionIds.length === 0) return [];
  return db
    .selectFrom('position_components')
    .selectAll()
    .where('position_id', 'in', [...positionIds])
    .orderBy('id')
    .execute();
}

/**
 * Keeps the components a rebalance or an adoption replaces in position_component_history, under the
 * snapshot they belonged to, before they are changed (in the same transaction).
 */
export async function archiveComponents(
  db: Db,
  positionId: number,
  snapshot: number,
  components: readonly ComponentRow[],
  replacedBy: 'rebalance' | 'adopt',
): Promise<void> {
  await db
    .insertInto('position_component_history')
    .values(
      components.map((c) => ({
        position_id: positionId,
        snapshot,
        symbol: c.symbol,
        expected_quantity: c.expected_quantity,
        target_weight: c.target_weight,
        reference_price: c.reference_price,
        replaced_by: replacedBy,
      })),
    )
    .execute();
}

/** Fills in the order they happened (execution time, then the order they were stored). */
export async function tradeRows(db: Db, positionIds: readonly number[]): Promise<TradeRow[]> {
  if (positionIds.length === 0) return [];
  return db
    .selectFrom('trades')
    .selectAll()
    .where('position_id', 'in', [...positionIds])
    .orderBy('timestamp')
    .orderBy('id')
    .execute();
}

export async function orderRows(db: Db, positionId: number): Promise<OrderRow[]> {
  return db
    .selectFrom('position_orders')
    .selectAll()
    .where('position_id', '=', positionId)
    .orderBy('id')
    .execute();
}

export async function orderRowByLinkId(db: Db, orderLinkId: string): Promise<OrderRow | undefined> {
  return db
    .selectFrom('position_orders')
    .selectAll()
    .where('order_link_id', '=', orderLinkId)
    .executeTakeFirst();
}

export interface OrderIntent {
  positionId: number;
  componentId: number;
  symbol: string;
  kind: OrderKind;
  attempt: number;
  chunk: number;
  orderLinkId: string;
  side: 'Buy' | 'Sell';
  quantity: string;
  limitPrice: string | null;
  reduceOnly: boolean;
  positionIdx: 0 | 1 | 2;
}

/**
 * Writes the orders about to be sent, all in one statement, BEFORE they are sent: after a crash these rows
 * say which orderLinkIds may exist on Bybit and must be looked up before anything is sent again.
 */
export async function insertOrderIntents(db: Db, intents: readonly OrderIntent[]): Promise<OrderRow[]> {
  if (intents.length === 0) return [];
  return db
    .insertInto('position_orders')
    .values(
      intents.map((o) => ({
        position_id: o.positionId,
        component_id: o.componentId,
        symbol: o.symbol,
        kind: o.kind,
        attempt: o.attempt,
        chunk: o.chunk,
        order_link_id: o.orderLinkId,
        side: o.side,
        quantity: o.quantity,
        limit_price: o.limitPrice,
        reduce_only: o.reduceOnly,
        position_idx: o.positionIdx,
        state: 'intent',
        sent_at: new Date(),
      })),
    )
    .returningAll()
    .execute();
}

export interface OrderPatch {
  state?: OrderRow['state'];
  bybitOrderId?: string | null;
  bybitStatus?: string | null;
  filledQuantity?: string;
  errorCode?: string | null;
  errorMessage?: string | null;
}

const orderColumns: ColumnsOf<OrderPatch, Updateable<UserDb['position_orders']>> = {
  state: 'state',
  bybitOrderId: 'bybit_order_id',
  bybitStatus: 'bybit_status',
  filledQuantity: 'filled_quantity',
  errorCode: 'error_code',
  errorMessage: 'error_message',
};

export async function updateOrder(db: Db, orderLinkId: string, patch: OrderPatch): Promise<void> {
  await db
    .updateTable('position_orders')
    .set({ ...patchColumns(patch, orderColumns), updated_at: sql`now()` })
    .where('order_link_id', '=', orderLinkId)
    .execute();
}

export interface NewTrade {
  positionId: number;
  /** Null for what no Synthex order did (a liquidation, a delivery, a leg closed outside). */
  orderLinkId: string | null;
  bybitOrderId: string;
  execId: string;
  symbol: string;
  side: 'Long' | 'Short';
  price: string;
  quantity: string;
  fee: string;
  feeCurrency: string;
  kind: TradeKind;
  timestamp: Date;
}

/** Stores a fill once, whichever path (stream or REST) saw it first; true when this call stored it. */
export async function insertTrade(db: Db, trade: NewTrade): Promise<boolean> {
  const inserted = await db
    .insertInto('trades')
    .values({
      position_id: trade.positionId,
      order_link_id: trade.orderLinkId,
      bybit_order_id: trade.bybitOrderId,
      exec_id: trade.execId,
      symbol: trade.symbol,
      side: trade.side,
      price: trade.price,
      quantity: trade.quantity,
      fee: trade.fee,
      fee_currency: trade.feeCurrency,
      kind: trade.kind,
      timestamp: trade.timestamp,
    })
    .onConflict((conflict) => conflict.column('exec_id').doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted !== undefined;
}

/** Σ quantity of the fills stored for one order. */
/** What the position's stored fills add up to, per orderLinkId (one read for all of its orders). */
export async function storedFillsByOrder(db: Db, positionId: number): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('trades')
    .select(['order_link_id', sql<string>`sum(quantity)::text`.as('filled')])
    .where('position_id', '=', positionId)
    .where('order_link_id', 'is not', null)
    .groupBy('order_link_id')
    .execute();
  return new Map(rows.map((row) => [row.order_link_id!, row.filled]));
}

export async function filledByOrder(db: Db, orderLinkId: string): Promise<string> {
  const row = await db
    .selectFrom('trades')
    .select(sql<string>`coalesce(sum(quantity), 0)::text`.as('filled'))
    .where('order_link_id', '=', orderLinkId)
    .executeTakeFirstOrThrow();
  return row.filled;
}
