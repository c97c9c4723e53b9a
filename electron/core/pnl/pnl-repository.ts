import { sql, type Kysely } from 'kysely';
import type { PnlPoint } from '../../../shared/domain/pnl';
import type { UserDb } from '../db';

type Db = Kysely<UserDb>;

/**
 * Every position's unrealized_pnl in ONE statement (the engine calls this every few seconds and at close
 * or stop, never per tick). updated_at is left alone: a price move is not a change of the position.
 */
export async function writeUnrealized(db: Db, values: ReadonlyMap<number, string>): Promise<void> {
  if (values.size === 0) return;
  const ids = [...values.keys()];
  const amounts = [...values.values()];
  await sql`
    UPDATE synthetic_positions AS p SET unrealized_pnl = v.pnl
    FROM unnest(${ids}::int[], ${amounts}::numeric[]) AS v(id, pnl)
    WHERE p.id = v.id AND p.unrealized_pnl IS DISTINCT FROM v.pnl`.execute(db);
}

export interface PnlSnapshotRow {
  positionId: number;
  unrealizedPnl: string;
  realizedPnl: string;
}

/** One snapshot per position for `minute` (whole minute), all in one statement; a rewrite updates it. */
export async function writeSnapshots(db: Db, minute: Date, rows: readonly PnlSnapshotRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('position_pnl_snapshots')
    .values(
      rows.map((row) => ({
        position_id: row.positionId,
        minute,
        unrealized_pnl: row.unrealizedPnl,
        realized_pnl: row.realizedPnl,
      })),
    )
    .onConflict((conflict) =>
      conflict.columns(['position_id', 'minute']).doUpdateSet((eb) => ({
        unrealized_pnl: eb.ref('excluded.unrealized_pnl'),
        realized_pnl: eb.ref('excluded.realized_pnl'),
      })),
    )
    .execute();
}

/** Drops snapshots older than `keepDays`; returns how many went. */
export async function pruneSnapshots(db: Db, now: Date, keepDays: number): Promise<number> {
  const cutoff = new Date(now.getTime() - keepDays * 86_400_000);
  const result = await db
    .deleteFrom('position_pnl_snapshots')
    .where('minute', '<', cutoff)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

const point = (row: { minute: Date | string; unrealized: string; realized: string }): PnlPoint => ({
  at: new Date(row.minute).toISOString(),
  unrealizedPnl: row.unrealized,
  realizedPnl: row.realized,
});

/** The profile's total per minute since `since` (Σ over its positions snapshotted in that minute). */
export async function totalHistory(db: Db, profileId: number, since: Date): Promise<PnlPoint[]> {
  const rows = await db
    .selectFrom('position_pnl_snapshots as s')
    .innerJoin('synthetic_positions as p', 'p.id', 's.position_id')
    .where('p.user_id', '=', profileId)
    .where('s.minute', '>=', since)
    .groupBy('s.minute')
    .orderBy('s.minute')
    .select([
      's.minute',
      sql<string>`sum(s.unrealized_pnl)::text`.as('unrealized'),
      sql<string>`sum(s.realized_pnl)::text`.as('realized'),
    ])
    .execute();
  return rows.map(point);
}

/** Each position's own minute series since `since`, for those of the profile among `ids`. */
export async function positionHistory(
  db: Db,
  profileId: number,
  ids: readonly number[],
  since: Date,
): Promise<Map<number, PnlPoint[]>> {
  const series = new Map<number, PnlPoint[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return series;
  const rows = await db
    .selectFrom('position_pnl_snapshots as s')
    .innerJoin('synthetic_positions as p', 'p.id', 's.position_id')
    .where('p.user_id', '=', profileId)
    .where('s.position_id', 'in', [...ids])
    .where('s.minute', '>=', since)
    .orderBy('s.position_id')
    .orderBy('s.minute')
    .select([
      's.position_id',
      's.minute',
      sql<string>`s.unrealized_pnl::text`.as('unrealized'),
      sql<string>`s.realized_pnl::text`.as('realized'),
    ])
    .execute();
  for (const row of rows) series.get(row.position_id)?.push(point(row));
  return series;
}

/** Funding each position paid (positive) or received, from the Funding executions shared out to it. */
export async function fundingByPosition(db: Db, ids: readonly number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('position_funding')
    .where('position_id', 'in', [...ids])
    .groupBy('position_id')
    .select(['position_id', sql<string>`sum(amount)::text`.as('total')])
    .execute();
  return new Map(rows.map((row) => [row.position_id, row.total]));
}

export interface FundingShare {
  positionId: number;
  execId: string;
  symbol: string;
  amount: string;
  settledAt: Date;
}

/** Stores each share once (a settlement seen by the stream and by REST is one row per position). */
export async function insertFundingShares(db: Db, shares: readonly FundingShare[]): Promise<number> {
  if (shares.length === 0) return 0;
  const result = await db
    .insertInto('position_funding')
    .values(
      shares.map((share) => ({
        position_id: share.positionId,
        exec_id: share.execId,
        symbol: share.symbol,
        amount: share.amount,
        settled_at: share.settledAt,
      })),
    )
    .onConflict((conflict) => conflict.columns(['exec_id', 'position_id']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0);
}
