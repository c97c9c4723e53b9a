import type { Kysely } from 'kysely';
import type { UserDb } from '../../db';
import type { PlannedOrder } from '../order-runner';
import { recordPositionEvents } from '../position-events';
import type { GuardVerdict } from './pre-trade-guard';

/**
 * The guard's refusals the trader should see on the position: an addition the account contradicts, an order
 * for the wrong row. (A leg found gone is recorded with how it went by recordGone; an order held back while
 * another one settles is only a wait.)
 */
export async function recordGuardEvents(
  db: Kysely<UserDb>,
  positionId: number,
  verdicts: readonly { order: PlannedOrder; verdict: GuardVerdict }[],
): Promise<void> {
  await recordPositionEvents(
    db,
    verdicts.flatMap(({ order, verdict }) =>
      !verdict.send && (verdict.why === 'away' || verdict.why === 'row')
        ? [{ positionId, kind: 'guard' as const, symbol: order.symbol, message: verdict.reason }]
        : [],
    ),
  );
}
