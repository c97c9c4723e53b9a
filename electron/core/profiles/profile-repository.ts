import { sql, type Kysely, type Transaction } from 'kysely';
import { SynthexError } from '../../../shared/contract';
import type { Profile, ProfileList } from '../../../shared/domain/profile';
import type { UserDb } from '../db';

/** Positions in these states are history; any other state may still hold coins on Bybit. */
const finishedStatuses = ['CLOSED', 'FAILED'];

type Db = Kysely<UserDb> | Transaction<UserDb>;

export async function listProfiles(db: Db): Promise<ProfileList> {
  const rows = await db
    .selectFrom('users')
    .select((eb) => [
      'users.id',
      'users.name',
      'users.email',
      'users.subscription_tier',
      'users.selected_at',
      eb
        .exists(eb.selectFrom('bybit_credentials').whereRef('user_id', '=', 'users.id'))
        .as('has_credentials'),
      eb
        .selectFrom('synthetic_positions')
        .whereRef('user_id', '=', 'users.id')
        .select(sql<number>`count(*)::int`.as('n'))
        .as('position_count'),
    ])
    .orderBy('users.id')
    .execute();
  const profiles: Profile[] = rows.map((row) => ({
    id: row.id,
    name: row.name ?? `Profile ${row.id}`,
    email: row.email,
    tier: row.subscription_tier,
    hasCredentials: Boolean(row.has_credentials),
    positionCount: Number(row.position_count ?? 0),
  }));
  // The most recently selected profile is active; before any selection, the oldest one.
  const active = [...rows].sort(
    (a, b) => (b.selected_at?.getTime() ?? 0) - (a.selected_at?.getTime() ?? 0) || a.id - b.id,
  )[0];
  return { profiles, activeProfileId: active?.id ?? null };
}

export async function getProfile(db: Db, id: number): Promise<Profile> {
  const profile = (await listProfiles(db)).profiles.find((candidate) => candidate.id === id);
  if (!profile) throw profileNotFound(id);
  return profile;
}

export function profileNotFound(id: number): SynthexError {
  return new SynthexError('NOT_FOUND', `There is no profile with id ${id}; it may have been deleted.`);
}

/** Names are compared without case: two profiles called "Main" and "main" would be indistinguishable in the switcher. */
export async function assertNameFree(db: Db, name: string, exceptId: number | null): Promise<void> {
  let query = db
    .selectFrom('users')
    .select('id')
    .where(sql<boolean>`lower(name) = lower(${name})`);
  if (exceptId !== null) query = query.where('id', '<>', exceptId);
  if (await query.executeTakeFirst()) {
    throw new SynthexError('CONFLICT', `A profile named "${name}" already exists. Choose another name.`, [
      { path: 'name', message: 'already used by another profile' },
    ]);
  }
}

/** The users_email_key violation as a sentence; anything else is rethrown unchanged. */
export function duplicateEmail(error: unknown, email: string | null | undefined): never {
  const pgError = error as { code?: string; constraint?: string };
  if (pgError.code === '23505' && pgError.constraint === 'users_email_key') {
    throw new SynthexError('CONFLICT', `Another profile already uses the email ${email}.`, [
      { path: 'email', message: 'already used by another profile' },
    ]);
  }
  throw error;
}

export interface HistoryCount {
  positions: number;
  open: number;
  trades: number;
}

export async function countHistory(db: Db, userId: number): Promise<HistoryCount> {
  const row = await db
    .selectFrom('synthetic_positions as p')
    .where('p.user_id', '=', userId)
    .select([
      sql<number>`count(*)::int`.as('positions'),
      sql<number>`count(*) FILTER (WHERE p.status NOT IN (${sql.join(finishedStatuses)}))::int`.as('open'),
      sql<number>`(SELECT count(*)::int FROM trades t JOIN synthetic_positions q ON q.id = t.position_id WHERE q.user_id = ${userId})`.as(
        'trades',
      ),
    ])
    .executeTakeFirstOrThrow();
  return { positions: row.positions, open: row.open, trades: row.trades };
}

/**
 * Deletes the profile and, when asked, its history, all in one transaction: trades first (they RESTRICT
 * their order and position), then the order log, then positions (components go with them), then the user
 * (credentials, custom indices, Auth.js accounts and sessions cascade).
 */
export async function deleteProfileRows(trx: Transaction<UserDb>, userId: number): Promise<void> {
  const positions = trx.selectFrom('synthetic_positions').select('id').where('user_id', '=', userId);
  await trx.deleteFrom('trades').where('position_id', 'in', positions).execute();
  await trx.deleteFrom('position_orders').where('position_id', 'in', positions).execute();
  await trx.deleteFrom('synthetic_positions').where('user_id', '=', userId).execute();
  await trx.deleteFrom('users').where('id', '=', userId).execute();
}

/** Locks the row for the rest of the transaction, so a concurrent delete or insert cannot race the checks. */
export async function lockProfile(trx: Transaction<UserDb>, id: number): Promise<void> {
  const row = await trx.selectFrom('users').select('id').where('id', '=', id).forUpdate().executeTakeFirst();
  if (!row) throw profileNotFound(id);
}
