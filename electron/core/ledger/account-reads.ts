import type { Kysely } from 'kysely';
import type { UserDb } from '../db';
import { componentRows, tradeRows, type PositionRow } from './position-repository';
import { expectationsOf, reconciledStatuses, type SymbolExpectation } from './account-expectation';
import { orderSettlement } from './drift-repository';

/** Whose positions share one Bybit account: a profile and every profile with a key of the same UID. */
export interface AccountScope {
  profileId: number;
  uid: string | null;
  environment: string;
  /** The account the key trades (accountRef): positions bound to another account are not on this one. */
  account: string;
}

/** The scope of a session's account. */
export function scopeOf(session: {
  profileId: number;
  uid: string | null;
  account: string;
  endpoints: { environment: string };
}): AccountScope {
  return {
    profileId: session.profileId,
    uid: session.uid,
    environment: session.endpoints.environment,
    account: session.account,
  };
}

/**
 * The profiles trading the scope's Bybit account. Bybit nets a symbol over the whole account, so two
 * profiles with keys of one UID expect their positions' holdings together; without a known UID (demo
 * trading cannot say) a profile stands alone.
 */
export async function accountProfiles(db: Kysely<UserDb>, scope: AccountScope): Promise<number[]> {
  if (!scope.uid) return [scope.profileId];
  const rows = await db
    .selectFrom('bybit_credentials')
    .select('user_id')
    .where('bybit_uid', '=', scope.uid)
    .where('environment', '=', scope.environment)
    .execute();
  return [...new Set([scope.profileId, ...rows.map((r) => r.user_id)])];
}

/**
 * The positions whose holdings the account should show: open positions of its profiles that live on this
 * account (a position opened before positions were bound to an account is taken to live on its profile's).
 */
export async function livePositions(db: Kysely<UserDb>, scope: AccountScope): Promise<PositionRow[]> {
  return db
    .selectFrom('synthetic_positions')
    .selectAll()
    .where('user_id', 'in', await accountProfiles(db, scope))
    .where('environment', '=', scope.environment)
    .where('status', 'in', [...reconciledStatuses])
    .where((eb) => eb.or([eb('bybit_account', '=', scope.account), eb('bybit_account', 'is', null)]))
    .orderBy('id')
    .execute();
}

/** The account's live positions with their legs, fills and how far their orders have settled. */
export async function readLiveLedger(db: Kysely<UserDb>, scope: AccountScope) {
  const positions = await livePositions(db, scope);
  const ids = positions.map((p) => p.id);
  const [components, trades, orders] = await Promise.all([
    componentRows(db, ids),
    tradeRows(db, ids),
    orderSettlement(db, ids),
  ]);
  return { positions, components, trades, orders };
}

/** What the account should hold per symbol, with whether Synthex has orders of its own on their way. */
export async function readExpectations(
  db: Kysely<UserDb>,
  scope: AccountScope,
): Promise<{ positions: PositionRow[]; bySymbol: Map<string, SymbolExpectation> }> {
  const ledger = await readLiveLedger(db, scope);
  return { positions: ledger.positions, bySymbol: expectationsOf(ledger) };
}
