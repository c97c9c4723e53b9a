import type { Kysely, Transaction } from 'kysely';
import type { PositionEvent, PositionEventKind } from '../../../shared/domain/positions';
import type { UserDb } from '../db';

type Db = Kysely<UserDb> | Transaction<UserDb>;

/** How many events a position's page lists (newest first). */
export const positionEventsShown = 100;

export interface NewPositionEvent {
  positionId: number;
  kind: PositionEventKind;
  symbol?: string | null;
  message: string;
  detail?: Record<string, unknown> | null;
}

/**
 * The position's own history in words (docs/architecture.md §7b): what the pre-trade guard refused or cut,
 * legs found closed outside Synthex, liquidations, auto-deleveraging, delistings, the key pointing at
 * another account. Written where it happens, read with the position.
 */
export async function recordPositionEvents(db: Db, events: readonly NewPositionEvent[]): Promise<void> {
  if (events.length === 0) return;
  await db
    .insertInto('position_events')
    .values(
      events.map((event) => ({
        position_id: event.positionId,
        kind: event.kind,
        symbol: event.symbol ?? null,
        message: event.message,
        detail: event.detail ? JSON.stringify(event.detail) : null,
      })),
    )
    .execute();
}

export async function positionEvents(db: Db, positionId: number): Promise<PositionEvent[]> {
  const rows = await db
    .selectFrom('position_events')
    .selectAll()
    .where('position_id', '=', positionId)
    .orderBy('id', 'desc')
    .limit(positionEventsShown)
    .execute();
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind as PositionEventKind,
    symbol: row.symbol,
    message: row.message,
    at: new Date(row.created_at).toISOString(),
  }));
}

/** True when the position already has an event of this kind on this symbol (announce once). */
export async function hasPositionEvent(
  db: Db,
  positionId: number,
  kind: PositionEventKind,
  symbol: string,
): Promise<boolean> {
  const row = await db
    .selectFrom('position_events')
    .select('id')
    .where('position_id', '=', positionId)
    .where('kind', '=', kind)
    .where('symbol', '=', symbol)
    .executeTakeFirst();
  return row !== undefined;
}
