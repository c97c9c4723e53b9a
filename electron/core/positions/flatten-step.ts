import { Dec } from '../../../shared/decimal';
import type { Round } from './guard/account-desk';
import { checkOrder } from './guard/pre-trade-guard';
import { planFlat, rowFor } from './leg-plan';
import type { PlannedOrder, TradingRoundOutcome } from './order-runner';
import { recordGone } from './gone-legs';
import { lockPositionRow, updatePosition, type PositionRow } from '../ledger/position-repository';
import { realizedOf } from './realized-pnl';
import { recordGuardEvents } from './guard/guard-events';
import {
  attemptsCounted,
  attemptsUsed,
  lastRefusal,
  loadLegs,
  progressOf,
  towardsFlat,
  type LegMeasure,
  type StepContext,
} from './step-context';

interface CloseRun {
  roundStart: ReadonlyMap<number, number>;
  /** Legs refused for good in this run, with the reason. */
  refused: Map<number, string>;
  slippage: Dec;
  measure: LegMeasure;
  /** The account's executions were fetched once to explain legs found gone (a liquidation, a delivery). */
  explained: boolean;
  /** The instrument list was read afresh once, for a leg Bybit had no price for. */
  relisted: boolean;
}

/**
 * How a close run ended: `waiting` when only waits held it (a delivery, holdings netting against a remainder,
 * an order still settling), which pass without the trader; `stuck` when a leg needs Close again.
 */
export type FlattenEnd = 'closed' | 'stuck' | 'waiting' | 'stopped';

type RoundOutcome =
  | TradingRoundOutcome
  | { kind: 'done' }
  | { kind: 'stay'; stuck: string[]; waiting: string[] }
  | { kind: 'relist' };

/**
 * CLOSING → CLOSED (or FAILED for a rollback: a position that never was ACTIVE). Each round runs in the
 * account's queue: it reads what the account holds (the stream's view, or REST) and live prices, and sends
 * one order per leg for what it holds, on the opposite side, capped at the price read now, through the
 * pre-trade guard. A leg the account no longer holds (closed by hand, liquidated, delivered) sends nothing:
 * the account's executions are read once to attribute what Bybit did, and what is still unexplained is
 * recorded as closed outside Synthex. A leg that will not close within the round's attempts (or is refused
 * for good) leaves the position CLOSING with the reason; closing it again starts a new round. A leg that must
 * wait (a delisted contract until its delivery, a remainder below the minimum until the holdings netting
 * against it have closed) leaves it CLOSING with that said, and the position is driven again when it can go.
 */
export async function flatten(
  context: StepContext,
  row: PositionRow,
  roundStart: ReadonlyMap<number, number>,
): Promise<FlattenEnd> {
  const first = await loadLegs(context, row);
  const startingHeld = new Map(first.legs.map((leg) => [leg.component.id, leg.holding.quantity.abs()]));
  const run: CloseRun = {
    roundStart,
    refused: new Map(),
    slippage: new Dec(row.max_slippage_percent).div(100),
    measure: towardsFlat(startingHeld),
    explained: false,
    relisted: false,
  };
  for (;;) {
    if (context.stopping()) return 'stopped';
    const outcome = await context.desk.round((round) => closeRound(context, row, round, run));
    if (outcome.kind === 'done') {
      await finish(context, row);
      return 'closed';
    }
    if (outcome.kind === 'stay') {
      await stay(context, row, outcome.stuck, outcome.waiting);
      return outcome.stuck.length > 0 ? 'stuck' : 'waiting';
    }
    if (outcome.kind === 'explain') {
      await context.catchUpExecutions(outcome.symbols, new Date(row.created_at).getTime());
      run.explained = true;
      continue;
    }
    if (outcome.kind === 'relist') {
      await context.session.gateway.getInstruments({ refresh: true });
      run.relisted = true;
      continue;
    }
    if (outcome.kind === 'sent')
      for (const order of outcome.settled) {
        // A contract Bybit no longer trades settles by delivery: the next round reads the leg as delisted.
        if (order.error?.permanent && order.error.code !== 'CONTRACT_NOT_LIVE')
          run.refused.set(order.row.component_id, `${order.row.symbol}: ${order.error.message}`);
        if (order.error?.code === 'INVALID_PARAMETER' && !order.error.permanent)
          context.symbols.forget(order.row.symbol);
      }
    context.updated(row.id);
  }
}

async function closeRound(
  context: StepContext,
  row: PositionRow,
  round: Round,
  run: CloseRun,
): Promise<RoundOutcome> {
  const { legs, delisted, orders } = await loadLegs(context, row);
  const open = legs.filter((leg) => !leg.holding.quantity.isZero());
  const settling = delisted.filter((leg) => !leg.holding.quantity.isZero());
  if (open.length === 0 && settling.length === 0) return { kind: 'done' };
  const stuck = new Map(run.refused);
  const live = open.filter((leg) => {
    const id = leg.component.id;
    if (stuck.has(id)) return false;
    const start = run.roundStart.get(id) ?? 0;
    const used = attemptsUsed(orders, id, 'close') - start;
    if (attemptsCounted(orders, id, 'close', start) < context.maxAttempts && used < context.maxAttempts * 4)
      return true;
    stuck.set(
      id,
      `${leg.component.symbol}: ${lastRefusal(orders, id, 'close') ?? 'not filled inside the slippage cap'}`,
    );
    return false;
  });
  const waiting: string[] = [];
  const gone = new Map<number, { quantity: Dec; why: string }>();
  const addGone = (componentId: number, quantity: Dec, why: string) => {
    const known = gone.get(componentId);
    gone.set(componentId, {
      quantity: (known?.quantity ?? new Dec(0)).plus(quantity),
      why: known?.why ?? why,
    });
  };
  const symbols = [...live, ...settling].map((leg) => leg.component.symbol);
  context.trace('round: legs read');
  const [ledgers, tickers] = await Promise.all([
    round.ledgers(symbols),
    context.prices.tickers(live.map((leg) => leg.component.symbol)),
  ]);
  context.trace('round: account and prices read');
  // A delisted leg settles by Bybit's delivery; if the account no longer holds it, it went without us.
  // Once the account holds nothing of the coin at all (delivered, or netted to zero), nothing is left to
  // deliver: every position's leg of it is gone, whatever the others still expect (they wait on nothing).
  for (const leg of settling) {
    const { symbol, id } = leg.component;
    const ledger = ledgers.get(symbol)!;
    const held = leg.holding.quantity;
    if ([...ledger.actual.values()].every((quantity) => quantity.isZero())) {
      addGone(id, held.abs(), 'its contract was delisted and the account holds none of it');
      continue;
    }
    const side = held.isPositive() ? 'Sell' : 'Buy';
    const verdict = checkOrder(
      {
        positionId: row.id,
        symbol,
        side,
        quantity: held.abs(),
        positionIdx: rowFor(ledger.mode, held, side),
        goal: new Dec(0),
      },
      { ...ledger, qtyStep: new Dec('0.00000001') },
    );
    if (!verdict.send && verdict.why === 'gone') addGone(id, held.abs(), 'its contract was delisted');
    else waiting.push(`${symbol}: delisted by Bybit; its ${held.toFixed()} settles at delivery`);
  }
  const planned: PlannedOrder[] = [];
  for (const leg of live) {
    const symbol = leg.component.symbol;
    const price = tickers.get(symbol)?.lastPrice;
    if (!price) {
      // Bybit lists no ticker for a contract it no longer trades, while the cached instrument list (read every
      // few minutes) may still show it: read the list afresh once, and the next round settles the leg as
      // delisted if it is. Otherwise a missing price is a wait, not a refusal: the close goes on when one comes.
      if (!run.relisted) return { kind: 'relist' };
      waiting.push(`${symbol}: Bybit has no price for it right now; it closes once there is one`);
      continue;
    }
    const plan = planFlat(leg, {
      attempt: attemptsUsed(orders, leg.component.id, 'close') + 1,
      linkKey: row.link_key,
      ledger: ledgers.get(symbol)!,
      reference: new Dec(price),
      slippage: run.slippage,
    });
    if ('problem' in plan) {
      run.refused.set(leg.component.id, plan.problem);
      stuck.set(leg.component.id, plan.problem);
    } else if ('waiting' in plan) waiting.push(plan.waiting);
    else if ('orders' in plan) planned.push(...plan.orders);
  }
  const { guarded, verdicts } = await round.guard(row.id, planned);
  context.trace('round: guard passed');
  for (const { order, verdict } of verdicts) {
    if (verdict.send && verdict.cut.gt(0)) addGone(order.componentId, verdict.cut, verdict.reason ?? '');
    else if (!verdict.send && verdict.why === 'gone')
      addGone(order.componentId, new Dec(order.quantity), verdict.reason);
    else if (!verdict.send) {
      waiting.push(verdict.reason);
      if (verdict.why === 'row') context.symbols.forget(order.symbol);
    }
  }
  if (gone.size > 0) {
    if (!run.explained) return { kind: 'explain', symbols: [...new Set(symbols)] };
    for (const [componentId, { quantity, why }] of gone) {
      const leg = [...open, ...settling].find((l) => l.component.id === componentId)!;
      const price = tickers.get(leg.component.symbol)?.lastPrice;
      await recordGone(context, row, leg, quantity, price ? new Dec(price) : null, why);
    }
    // What was cut is on record now: plan again from the holdings as they are.
    return { kind: 'again' };
  }
  await recordGuardEvents(context.db(), row.id, verdicts);
  if (guarded.orders.length === 0) {
    if (live.length === 0 || stuck.size > 0 || waiting.length > 0)
      return { kind: 'stay', stuck: [...stuck.values()], waiting };
    return { kind: 'again' };
  }
  const sending = new Map(guarded.orders.map((order) => [order.componentId, 'sent' as const]));
  context.progress(progressOf(row, 'closing', legs, `Closing ${sending.size} legs`, run.measure, sending));
  return { kind: 'sent', settled: await context.runner.place(row.id, guarded) };
}

/** The failure that started a rollback, without the close attempts reported after it. */
function openFailure(row: PositionRow): string {
  return (row.failure_reason ?? 'Could not open.').split(' Could not close ')[0]!.split(' Waiting: ')[0]!;
}

/** Flat on every leg: the realised PnL is what the fills made or cost, funding included. */
async function finish(context: StepContext, row: PositionRow): Promise<void> {
  const rollback = row.opened_at === null;
  // With the row locked: a Funding settlement recorded meanwhile is either counted here, or finds the position
  // CLOSED once this commits and updates the figure (account-funding.ts); never lost between the two.
  const final = await context
    .db()
    .transaction()
    .execute(async (trx) => {
      await lockPositionRow(trx, row.id);
      const realized = (await realizedOf(trx, row.id)).toDecimalPlaces(8);
      return updatePosition(trx, row.id, {
        status: rollback ? 'FAILED' : 'CLOSED',
        realizedPnl: realized.toFixed(),
        closedAt: new Date(),
        failureReason: rollback ? `${openFailure(row)} Realised cost: ${realized.toFixed(2)} USDT.` : null,
      });
    });
  const { legs } = await loadLegs(context, final);
  // The status first: its progress is queued behind it (position-engine.ts).
  context.updated(row.id, final);
  context.progress(
    progressOf(
      final,
      rollback ? 'failed' : 'closed',
      legs,
      rollback ? 'Rolled back' : 'Every leg is flat',
      () => ({
        target: new Dec(0),
        done: new Dec(0),
      }),
    ),
  );
  context.finished(final);
}

/** Some leg will not close now: CLOSING stays, with the reasons, until it can (or the trader closes again). */
async function stay(
  context: StepContext,
  row: PositionRow,
  stuck: string[],
  waiting: string[],
): Promise<void> {
  const prefix = row.opened_at === null ? `${openFailure(row)} ` : '';
  const parts = [
    stuck.length > 0 ? `Could not close ${stuck.join('; ')}. Close again to retry.` : '',
    waiting.length > 0 ? `Waiting: ${waiting.join('; ')}.` : '',
  ].filter(Boolean);
  const reason = `${prefix}${parts.join(' ')}`;
  await updatePosition(context.db(), row.id, { failureReason: reason });
  const { legs } = await loadLegs(context, row);
  context.progress(
    progressOf(
      row,
      'stuck',
      legs,
      stuck.length > 0 ? `Could not close ${stuck.length} legs` : 'Waiting',
      () => ({
        target: new Dec(0),
        done: new Dec(0),
      }),
    ),
  );
  context.updated(row.id);
}
