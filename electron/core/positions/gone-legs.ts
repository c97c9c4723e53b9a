import { sql } from 'kysely';
import { Dec } from '../../../shared/decimal';
import { insertTrade, type ComponentRow, type PositionRow } from '../ledger/position-repository';
import { recordPositionEvents } from './position-events';
import type { StepContext } from './step-context';
import type { Holding } from '../../../shared/positions/holdings';

/**
 * The price that explains a holding gone from the account: the average of the account's executions made
 * outside Synthex on the symbol, on the side that reduced it, since the position opened; else the reference
 * price of the moment (the mark Synthex closed the other legs at); else the leg's own entry (no gain or loss).
 */
async function explainingPrice(
  context: StepContext,
  row: PositionRow,
  symbol: string,
  side: 'Buy' | 'Sell',
  fallback: Dec | null,
  entry: Dec,
): Promise<{ price: Dec; source: string }> {
  const found = await context
    .db()
    .selectFrom('outside_executions')
    .select([
      sql<string>`sum(price * quantity)::text`.as('value'),
      sql<string>`sum(quantity)::text`.as('quantity'),
    ])
    .where('user_id', '=', row.user_id)
    .where('symbol', '=', symbol)
    .where('side', '=', side)
    .where('exec_type', '=', 'Trade')
    .where('exec_time', '>=', new Date(row.created_at))
    .executeTakeFirst();
  if (found?.quantity && new Dec(found.quantity).gt(0))
    return {
      price: new Dec(found.value).div(found.quantity),
      source: 'the trades made outside Synthex on it',
    };
  if (fallback) return { price: fallback, source: 'the price when Synthex found it gone' };
  return { price: entry, source: 'its entry price (no price was available)' };
}

/**
 * Records that `quantity` of a leg left the account without a Synthex order (a hand close, or a liquidation,
 * auto-deleveraging or delivery nobody reported): a trade of kind `outside` takes it off the position's
 * holding, so the position can reach CLOSED and its realised PnL counts it, and an event says so in words.
 */
export async function recordGone(
  context: StepContext,
  row: PositionRow,
  leg: { component: ComponentRow; holding: Holding },
  quantity: Dec,
  reference: Dec | null,
  why: string,
): Promise<void> {
  if (quantity.lte(0)) return;
  const held = leg.holding.quantity;
  const side = held.isPositive() ? 'Sell' : 'Buy';
  const { symbol, id: componentId } = leg.component;
  const { price, source } = await explainingPrice(
    context,
    row,
    symbol,
    side,
    reference,
    leg.holding.averageEntry,
  );
  const db = context.db();
  const earlier = await db
    .selectFrom('trades')
    .select(sql<string>`count(*)::text`.as('n'))
    .where('position_id', '=', row.id)
    .where('kind', '=', 'outside')
    .where('symbol', '=', symbol)
    .executeTakeFirstOrThrow();
  await insertTrade(db, {
    positionId: row.id,
    orderLinkId: null,
    bybitOrderId: '',
    execId: `outside:${row.id}:${componentId}:${Number(earlier.n) + 1}`,
    symbol,
    side: side === 'Buy' ? 'Long' : 'Short',
    price: price.toDecimalPlaces(12).toFixed(),
    quantity: quantity.toFixed(),
    fee: '0',
    feeCurrency: 'USDT',
    kind: 'outside',
    timestamp: new Date(),
  });
  await recordPositionEvents(db, [
    {
      positionId: row.id,
      kind: 'closed_outside',
      symbol,
      message: `${symbol}: ${quantity.toFixed()} of this leg was no longer on the account (${why}); recorded as closed outside Synthex at ${price.toDecimalPlaces(8).toFixed()} (${source}). Nothing was sent for it.`,
    },
  ]);
  context.logger.warn('leg closed outside Synthex', {
    positionId: row.id,
    symbol,
    quantity: quantity.toFixed(),
  });
}
