import type { Kysely } from 'kysely';
import { foldFills } from '../../../shared/positions/holdings';
import type { UserDb } from '../db';
import { accountProfiles, type AccountScope } from '../ledger/account-reads';
import { shareFunding, type FundingExecution } from '../pnl/funding-shares';
import { insertFundingShares } from '../pnl/pnl-repository';
import { componentRows, lockPositionRow, tradeRows, updatePosition } from '../ledger/position-repository';
import { realizedOf } from './realized-pnl';

/**
 * Funding settlements of one account (execType Funding), shared out to the Synthex positions that held the
 * symbol on the settled side at the settlement, in proportion to what each held then (pnl/funding-shares.ts),
 * and stored once per position. Followed for every account with open positions, whichever profile the
 * windows show. A settlement that reaches a position already closed (read late over REST) updates its stored
 * realised PnL, which counts funding. Returns the positions it changed.
 */
export async function recordFunding(
  db: Kysely<UserDb>,
  scope: AccountScope,
  executions: readonly FundingExecution[],
): Promise<number[]> {
  const changed = new Set<number>();
  for (const execution of executions) {
    if (execution.execType !== 'Funding') continue;
    const at = new Date(Number(execution.execTime) || Date.now());
    const positions = await db
      .selectFrom('synthetic_positions')
      .selectAll()
      .where('user_id', 'in', await accountProfiles(db, scope))
      .where('environment', '=', scope.environment)
      .where((eb) => eb.or([eb('bybit_account', '=', scope.account), eb('bybit_account', 'is', null)]))
      .where('created_at', '<=', at)
      .where((eb) => eb.or([eb('closed_at', 'is', null), eb('closed_at', '>=', at)]))
      .execute();
    const ids = positions.map((p) => p.id);
    const [components, trades] = await Promise.all([componentRows(db, ids), tradeRows(db, ids)]);
    const holders = positions.flatMap((position) => {
      if (!components.some((c) => c.position_id === position.id && c.symbol === execution.symbol)) return [];
      const fills = trades.filter(
        (t) =>
          t.position_id === position.id &&
          t.symbol === execution.symbol &&
          t.kind !== 'repair' &&
          new Date(t.timestamp).getTime() <= at.getTime(),
      );
      const quantity = foldFills(
        fills.map((t) => ({
          side: t.side as 'Long' | 'Short',
          price: t.price,
          quantity: t.quantity,
          fee: t.fee,
        })),
      ).quantity;
      return quantity.isZero() ? [] : [{ positionId: position.id, quantity }];
    });
    const shares = shareFunding(execution, holders);
    // The shares and the figure of a position already closed commit together: a crash between them would
    // leave the figure short of a settlement no later read stores again (its shares would exist). Each row
    // is locked (in id order) so a close finishing meanwhile counts the settlement, or is updated after.
    const stored = await db.transaction().execute(async (trx) => {
      if ((await insertFundingShares(trx, shares)) === 0) return false;
      for (const id of [...new Set(shares.map((share) => share.positionId))].sort((a, b) => a - b)) {
        const row = await lockPositionRow(trx, id);
        if (row?.status === 'CLOSED' || row?.status === 'FAILED')
          await updatePosition(trx, id, {
            realizedPnl: (await realizedOf(trx, id)).toDecimalPlaces(8).toFixed(),
          });
      }
      return true;
    });
    if (stored) for (const share of shares) changed.add(share.positionId);
  }
  return [...changed];
}
