import type { Kysely } from 'kysely';
import { Dec, sum } from '../../../shared/decimal';
import type { PositionEventKind, TradeKind } from '../../../shared/domain/positions';
import type { UserDb } from '../db';
import { livePositions, type AccountScope } from '../ledger/account-reads';
import type { Execution } from '../exchange';
import { recordPositionEvents, type NewPositionEvent } from './position-events';
import { componentRows, insertTrade, tradeRows } from '../ledger/position-repository';
import { holdingsBySymbol } from '../ledger/position-views';

const kinds: Record<string, { trade: TradeKind; event: PositionEventKind; words: string }> = {
  BustTrade: { trade: 'liquidation', event: 'liquidation', words: 'liquidated by Bybit' },
  AdlTrade: { trade: 'adl', event: 'adl', words: 'reduced by Bybit’s auto-deleveraging' },
  Delivery: {
    trade: 'delivery',
    event: 'delivery',
    words: 'settled at delivery (the contract was delisted)',
  },
};

/** Who held the side an execution reduced: positions by id, and what the account held outside Synthex. */
export interface Holder {
  id: number | 'outside';
  quantity: Dec;
}

const unit = new Dec('0.00000001');

/**
 * Shares `quantity` out among holders: each takes all it holds when that covers the execution (the rest is
 * the account's outside holding); otherwise each takes its pro-rata part, rounded down to 1e-8, and the
 * rounding rest goes a unit at a time to the largest holders. The shares add up to `quantity` exactly.
 */
export function shareOut(quantity: Dec, holders: readonly Holder[]): Map<Holder['id'], Dec> {
  const shares = new Map<Holder['id'], Dec>();
  const positive = holders.filter((h) => h.quantity.gt(0));
  const total = sum(positive.map((h) => h.quantity));
  if (total.lte(quantity)) {
    for (const h of positive) shares.set(h.id, h.quantity);
    const rest = quantity.minus(total);
    if (rest.gt(0)) shares.set('outside', (shares.get('outside') ?? new Dec(0)).plus(rest));
    return shares;
  }
  for (const h of positive)
    shares.set(h.id, quantity.mul(h.quantity).div(total).toDecimalPlaces(8, Dec.ROUND_DOWN));
  let rest = quantity.minus(sum([...shares.values()]));
  const largest = [...positive].sort((a, b) => b.quantity.comparedTo(a.quantity));
  for (let i = 0; rest.gt(0); i = (i + 1) % largest.length) {
    const id = largest[i]!.id;
    const give = Dec.min(unit, rest);
    shares.set(id, shares.get(id)!.plus(give));
    rest = rest.minus(give);
  }
  return shares;
}

export interface AdverseDeps {
  db: () => Kysely<UserDb>;
  scope: AccountScope;
  /** What the account held on the execution's side just before it, when known (else taken as Synthex's only). */
  heldBefore?(execution: Execution): Dec | null;
}

export interface AdverseOutcome {
  positionIds: number[];
  events: (NewPositionEvent & { symbol: string | null; at: string })[];
}

/**
 * A liquidation (BustTrade), auto-deleveraging (AdlTrade) or delivery (Delivery) on the account is the
 * history of the Synthex positions holding the symbol (docs/architecture.md §7b): it is shared out among the
 * live positions holding the side it reduced, in proportion to what each holds, with the account's holding
 * outside Synthex counted as one more holder; each share is a trade of the position (kind liquidation, adl or
 * delivery, at Bybit's price, with its part of the fee), so held quantity and realised PnL include it, and an
 * event says so. Logged once per account and execId: whichever stream or read sees it first shares it out.
 */
export async function attributeAdverse(
  deps: AdverseDeps,
  executions: readonly Execution[],
): Promise<AdverseOutcome> {
  const outcome: AdverseOutcome = { positionIds: [], events: [] };
  for (const execution of executions) {
    const kind = kinds[execution.execType];
    const quantity = new Dec(execution.execQty);
    if (!kind || quantity.lte(0)) continue;
    await deps
      .db()
      .transaction()
      .execute(async (trx) => {
        const logged = await trx
          .insertInto('adverse_executions')
          .values({
            environment: deps.scope.environment,
            bybit_account: deps.scope.account,
            exec_id: execution.execId,
            symbol: execution.symbol,
            exec_type: execution.execType,
            side: execution.side,
            price: execution.execPrice,
            quantity: quantity.toFixed(),
            fee: execution.execFee,
            exec_time: new Date(Number(execution.execTime) || Date.now()),
            shares: JSON.stringify([]),
          })
          .onConflict((c) => c.columns(['environment', 'bybit_account', 'exec_id']).doNothing())
          .returning('id')
          .executeTakeFirst();
        if (!logged) return;
        const positions = await livePositions(trx, deps.scope);
        const ids = positions.map((p) => p.id);
        const [components, trades] = await Promise.all([componentRows(trx, ids), tradeRows(trx, ids)]);
        // A sell reduces long holdings, a buy short ones.
        const reducesLong = execution.side === 'Sell';
        const holders: Holder[] = [];
        for (const position of positions) {
          if (!components.some((c) => c.position_id === position.id && c.symbol === execution.symbol))
            continue;
          const held =
            holdingsBySymbol(trades.filter((t) => t.position_id === position.id)).get(execution.symbol)
              ?.quantity ?? new Dec(0);
          if (!held.isZero() && held.isPositive() === reducesLong)
            holders.push({ id: position.id, quantity: held.abs() });
        }
        const before = deps.heldBefore?.(execution);
        const synthex = sum(holders.map((h) => h.quantity));
        if (before && before.gt(synthex)) holders.push({ id: 'outside', quantity: before.minus(synthex) });
        const shares = shareOut(quantity, holders);
        const fee = new Dec(execution.execFee);
        const price = new Dec(execution.execPrice);
        const record: { positionId: number | 'outside'; quantity: string; fee: string }[] = [];
        const events: AdverseOutcome['events'] = [];
        for (const [id, share] of shares) {
          const shareFee = fee.mul(share).div(quantity).toDecimalPlaces(8);
          record.push({ positionId: id, quantity: share.toFixed(), fee: shareFee.toFixed() });
          if (id === 'outside' || share.lte(0)) continue;
          await insertTrade(trx, {
            positionId: id,
            orderLinkId: null,
            bybitOrderId: execution.orderId || '',
            execId: `${execution.execId}/${id}`,
            symbol: execution.symbol,
            side: execution.side === 'Buy' ? 'Long' : 'Short',
            price: price.gt(0) ? price.toFixed() : '0.00000001',
            quantity: share.toFixed(),
            fee: shareFee.toFixed(),
            feeCurrency: execution.feeCurrency,
            kind: kind.trade,
            timestamp: new Date(Number(execution.execTime) || Date.now()),
          });
          const event = {
            positionId: id,
            kind: kind.event,
            symbol: execution.symbol as string | null,
            message: `${execution.symbol}: ${share.toFixed()} of this leg was ${kind.words} at ${price.toFixed()} (fee ${shareFee.toFixed()} USDT)${shares.size > 1 ? `; ${quantity.toFixed()} in all, shared out among the holders in proportion to what each held` : ''}.`,
          };
          events.push({ ...event, at: new Date().toISOString() });
        }
        await trx
          .updateTable('adverse_executions')
          .set({ shares: JSON.stringify(record) })
          .where('id', '=', logged.id)
          .execute();
        await recordPositionEvents(trx, events);
        outcome.events.push(...events);
        outcome.positionIds.push(...events.map((e) => e.positionId));
      });
  }
  return outcome;
}
