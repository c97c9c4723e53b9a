import { sql, type Kysely } from 'kysely';
import { SynthexError } from '../../../shared/contract';
import { Dec, sum } from '../../../shared/decimal';
import type { AlterationLeg } from '../../../shared/domain/drift';
import type { AccountSession } from '../bybit-account/exchange-sessions';
import type { UserDb } from '../db';
import type { BybitGateway } from '../exchange';
import { archiveComponents, componentRows, type PositionRow } from '../ledger/position-repository';
import { actualsOf, differenceOf } from '../ledger/account-expectation';
import { readExpectations, scopeOf } from '../ledger/account-reads';
import { appendAlterationEvent, listOutside } from '../ledger/drift-repository';

/**
 * `positions.adopt`: today's holdings become what the position should hold. The differences are read
 * fresh (never from the stored alteration, which may be a moment old); each becomes a trade of kind
 * `adopt` at the price of the outside executions that explain it (or the mark price when none do), and
 * the components get a new snapshot, the old one kept in position_component_history. Refused, with the
 * reason, when a difference is on a coin another open position also holds (the split would be invented)
 * or when it would flip the leg's side.
 */
export async function adoptHoldings(
  db: Kysely<UserDb>,
  session: AccountSession,
  row: PositionRow,
): Promise<AlterationLeg[]> {
  const gateway = session.gateway;
  const [components, expectations, positions, instruments] = await Promise.all([
    componentRows(db, [row.id]),
    readExpectations(db, scopeOf(session)),
    gateway.getPositions({ settleCoin: 'USDT' }),
    gateway.getInstruments(),
  ]);
  const steps = new Map(instruments.map((i) => [i.symbol, new Dec(i.qtyStep)]));
  const actuals = actualsOf(positions);
  const legs: Omit<AlterationLeg, 'outside'>[] = [];
  for (const component of components) {
    const expected = expectations.bySymbol.get(component.symbol);
    if (!expected) continue;
    if (expected.inFlight)
      throw new SynthexError(
        'CONFLICT',
        `Synthex has orders on their way on ${component.symbol}; try again.`,
      );
    const leg = differenceOf(
      expected,
      actuals.get(component.symbol),
      steps.get(component.symbol) ?? new Dec(0),
    );
    if (leg) legs.push(leg);
  }
  if (legs.length === 0)
    throw new SynthexError('CONFLICT', 'Nothing to adopt: the position’s holdings match Bybit’s now.');
  const problems: string[] = [];
  for (const leg of legs) {
    const others = leg.positionIds.filter((id) => id !== row.id);
    if (others.length > 0)
      problems.push(
        `${leg.symbol} is also held by position ${others.join(', ')}: which of them the difference belongs to cannot be known, so it is not adopted (repair it, or close one of them)`,
      );
    else if (leg.rows && !new Dec(leg.rows.long.actual).isZero() && !new Dec(leg.rows.short.actual).isZero())
      problems.push(`${leg.symbol} holds both a long and a short row on Bybit; one leg cannot adopt both`);
    else if (new Dec(leg.expected).mul(leg.actual).isNegative())
      problems.push(
        `${leg.symbol} would flip from ${leg.expected} to ${leg.actual}: a leg keeps its side (close the position and open a new one)`,
      );
  }
  if (problems.length > 0) throw new SynthexError('CONFLICT', `Cannot adopt: ${problems.join('; ')}.`);

  const priced = await Promise.all(
    legs.map(async (leg) => ({ leg, price: await priceOf(db, gateway, row, leg) })),
  );
  const snapshot = row.component_snapshot;
  await db.transaction().execute(async (trx) => {
    await archiveComponents(trx, row.id, snapshot, components, 'adopt');
    for (const { leg, price } of priced) {
      const difference = new Dec(leg.difference);
      await trx
        .updateTable('position_components')
        .set({ expected_quantity: leg.actual })
        .where('position_id', '=', row.id)
        .where('symbol', '=', leg.symbol)
        .execute();
      await trx
        .insertInto('trades')
        .values({
          position_id: row.id,
          bybit_order_id: '',
          exec_id: `adopt-${row.id}-${snapshot + 1}-${leg.symbol}`,
          symbol: leg.symbol,
          side: difference.isPositive() ? 'Long' : 'Short',
          price: price.toFixed(),
          quantity: difference.abs().toFixed(),
          fee: '0',
          fee_currency: 'USDT',
          kind: 'adopt',
          timestamp: new Date(),
        })
        .execute();
    }
    await trx
      .updateTable('synthetic_positions')
      .set({
        component_snapshot: snapshot + 1,
        alteration: null,
        altered_at: null,
        is_altered: false,
        updated_at: sql`now()`,
      })
      .where('id', '=', row.id)
      .execute();
    await appendAlterationEvent(
      trx,
      row.id,
      'adopted',
      legs.map((l) => ({ ...l, outside: [] })),
    );
  });
  return legs.map((l) => ({ ...l, outside: [] }));
}

/**
 * The price an adopted quantity is booked at: the average of the outside executions on the symbol, on the
 * side of the difference, since the position opened, when they cover it; otherwise the mark price now.
 */
async function priceOf(
  db: Kysely<UserDb>,
  gateway: BybitGateway,
  row: PositionRow,
  leg: Omit<AlterationLeg, 'outside'>,
): Promise<Dec> {
  const side = new Dec(leg.difference).isPositive() ? 'Buy' : 'Sell';
  const outside = (
    await listOutside(db, row.user_id, { symbol: leg.symbol, since: new Date(row.created_at), limit: 100 })
  ).filter((e) => e.side === side);
  const quantity = sum(outside.map((e) => new Dec(e.quantity)));
  if (outside.length > 0 && quantity.gte(new Dec(leg.difference).abs()))
    return sum(outside.map((e) => new Dec(e.quantity).mul(e.price)))
      .div(quantity)
      .toDecimalPlaces(12);
  const [ticker] = await gateway.getTickers(leg.symbol);
  if (!ticker) throw new SynthexError('UNAVAILABLE', `Bybit has no price for ${leg.symbol} right now.`);
  return new Dec(ticker.markPrice || ticker.lastPrice);
}
