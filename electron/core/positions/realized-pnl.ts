import { sql, type Kysely } from 'kysely';
import { Dec } from '../../../shared/decimal';
import type { UserDb } from '../db';
import { tradeRows } from '../ledger/position-repository';
import { cashResult, holdingsBySymbol } from '../ledger/position-views';

/**
 * The realised PnL of a flat position: Σ sell value − Σ buy value − fees − funding paid (+ funding received),
 * from its own trades (liquidations, deliveries and legs closed outside included) and the Funding settlements
 * shared out to it. The live figures fold the same cash flows, so the stored figure is the last live one.
 */
export async function realizedOf(db: Kysely<UserDb>, positionId: number): Promise<Dec> {
  const [trades, funding] = await Promise.all([
    tradeRows(db, [positionId]),
    db
      .selectFrom('position_funding')
      .select(sql<string>`coalesce(sum(amount), 0)::text`.as('paid'))
      .where('position_id', '=', positionId)
      .executeTakeFirstOrThrow(),
  ]);
  return cashResult(holdingsBySymbol(trades)).minus(new Dec(funding.paid));
}
