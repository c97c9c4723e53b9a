import { Dec } from '../../../shared/decimal';
import type { Round } from './guard/account-desk';
import { recordGuardEvents } from './guard/guard-events';
import { recordGone } from './gone-legs';
import { planTowardsExpected } from './leg-plan';
import type { PlannedOrder, SettledOrder, TradingRoundOutcome } from './order-runner';
import { hasPositionEvent, recordPositionEvents } from './position-events';
import type { PositionRow } from '../ledger/position-repository';
import { isPermanentRejection } from './rejections';
import {
  attemptsCounted,
  attemptsUsed,
  lastRefusal,
  legDone,
  loadLegs,
  progressOf,
  towardsExpected,
  type StepContext,
} from './step-context';

/** One run of opening or rebalancing a position: what has failed so far, and whether gone legs were explained. */
export interface TargetRun {
  kind: 'open' | 'rebalance';
  failed: Map<number, string>;
  slippage: Dec;
  explained: boolean;
  /** Stop planning as soon as a leg fails (opening with `rollback`). */
  giveUpEarly: boolean;
}

/** A run just started: nothing failed yet, each order capped at the position's own slippage. */
export function newTargetRun(row: PositionRow, kind: TargetRun['kind'], giveUpEarly: boolean): TargetRun {
  return {
    kind,
    failed: new Map(),
    slippage: new Dec(row.max_slippage_percent).div(100),
    explained: false,
    giveUpEarly,
  };
}

export type TargetOutcome = TradingRoundOutcome | { kind: 'finished' } | { kind: 'wait' };

/**
 * One round (inside the account's queue) that trades every leg toward its expected quantity: opening, and a
 * rebalance's resized, new and dropped coins. A leg fails on a permanent refusal, when its attempts run out,
 * when Bybit no longer lists its contract, or when the guard finds the account contradicting the addition;
 * a remainder below Bybit's minimum is done, with a warning on the position. A reduction whose holding is no
 * longer on the account is attributed (the account's executions read once) or recorded as closed outside.
 */
export async function targetRound(
  context: StepContext,
  row: PositionRow,
  round: Round,
  run: TargetRun,
): Promise<TargetOutcome> {
  const { legs, delisted, orders } = await loadLegs(context, row);
  // An open's refusals are read back from the order log (a resumed open decides as before); a rebalance's
  // are its run's own, since the log also holds earlier rebalances of the same legs.
  for (const order of orders) {
    if (run.kind !== 'open' || order.kind !== 'open' || order.state !== 'rejected') continue;
    const code = order.error_code ?? '';
    if (isPermanentRejection({ code, message: order.error_message ?? '' }))
      run.failed.set(order.component_id, `${order.symbol}: ${order.error_message ?? code}`);
  }
  for (const leg of delisted)
    if (!new Dec(leg.component.expected_quantity).minus(leg.holding.quantity).isZero())
      run.failed.set(
        leg.component.id,
        `${leg.component.symbol}: Bybit no longer lists it for trading (delisted)`,
      );
  const todo = legs.filter((leg) => !legDone(leg) && !run.failed.has(leg.component.id));
  context.trace('round: legs read');
  const ledgers = await round.ledgers(todo.map((leg) => leg.component.symbol));
  context.trace('round: account read');
  const planned: PlannedOrder[] = [];
  for (const leg of todo) {
    const { id, symbol } = leg.component;
    const used = attemptsUsed(orders, id, run.kind);
    const counted = attemptsCounted(orders, id, run.kind);
    // Crashes can only add uncounted attempts a few at a time; the hard stop keeps the loop finite.
    if (counted >= context.maxAttempts || used >= context.maxAttempts * 4) {
      run.failed.set(
        id,
        `${symbol}: ${lastRefusal(orders, id, run.kind) ?? `not filled inside the ${row.max_slippage_percent} % slippage cap after ${counted} attempts`}`,
      );
      continue;
    }
    const ledger = ledgers.get(symbol)!;
    const plan = planTowardsExpected(leg, {
      kind: run.kind,
      attempt: used + 1,
      linkKey: row.link_key,
      mode: ledger.mode,
      slippage: run.slippage,
      ledger,
    });
    if ('problem' in plan) run.failed.set(id, plan.problem);
    else if ('orders' in plan) planned.push(...plan.orders);
    else if (
      'done' in plan &&
      plan.warning &&
      !(await hasPositionEvent(context.db(), row.id, 'remainder', symbol))
    )
      await recordPositionEvents(context.db(), [
        { positionId: row.id, kind: 'remainder', symbol, message: plan.warning },
      ]);
  }
  if (planned.length === 0 || (run.giveUpEarly && run.failed.size > 0)) return { kind: 'finished' };

  const { guarded, verdicts } = await round.guard(row.id, planned);
  context.trace('round: guard passed');
  const gone = new Map<number, { quantity: Dec; why: string }>();
  let waiting = false;
  for (const { order, verdict } of verdicts) {
    const goneQuantity = verdict.send ? verdict.cut : verdict.why === 'gone' ? new Dec(order.quantity) : null;
    if (goneQuantity?.gt(0)) {
      const known = gone.get(order.componentId);
      gone.set(order.componentId, {
        quantity: (known?.quantity ?? new Dec(0)).plus(goneQuantity),
        why: verdict.reason ?? '',
      });
    } else if (!verdict.send && verdict.why === 'away') run.failed.set(order.componentId, verdict.reason);
    else if (!verdict.send && verdict.why === 'row') context.symbols.forget(order.symbol);
    else if (!verdict.send) waiting = true;
  }
  await recordGuardEvents(context.db(), row.id, verdicts);
  if (gone.size > 0) {
    if (!run.explained) return { kind: 'explain', symbols: [...gone.keys()].map((id) => symbolOf(legs, id)) };
    for (const [componentId, { quantity, why }] of gone) {
      const leg = legs.find((l) => l.component.id === componentId)!;
      await recordGone(context, row, leg, quantity, null, why);
    }
    return { kind: 'again' };
  }
  if (guarded.orders.length === 0) return waiting ? { kind: 'wait' } : { kind: 'again' };
  const sending = new Map(guarded.orders.map((order) => [order.componentId, 'sent' as const]));
  const message =
    run.kind === 'open'
      ? `Placing ${guarded.orders.length} orders`
      : `Rebalancing: ${guarded.orders.length} orders`;
  context.progress(progressOf(row, 'placing', legs, message, towardsExpected, sending));
  return { kind: 'sent', settled: await context.runner.place(row.id, guarded) };
}

const symbolOf = (legs: readonly { component: { id: number; symbol: string } }[], id: number) =>
  legs.find((leg) => leg.component.id === id)!.component.symbol;

/**
 * Works rounds until nothing is left to send toward the targets: explains gone legs once, waits out a busy
 * symbol, pauses after a round that left something unfilled (an IOC that found no liquidity inside the cap
 * would meet the same book at once).
 */
export async function workTowardsTargets(
  context: StepContext,
  row: PositionRow,
  run: TargetRun,
  afterSend?: (settled: SettledOrder[]) => Promise<void>,
): Promise<'finished' | 'stopped'> {
  for (;;) {
    if (context.stopping()) return 'stopped';
    const outcome = await context.desk.round((round) => targetRound(context, row, round, run));
    if (outcome.kind === 'finished') return 'finished';
    if (outcome.kind === 'explain') {
      await context.catchUpExecutions(outcome.symbols, new Date(row.created_at).getTime());
      run.explained = true;
    } else if (outcome.kind === 'wait') await sleep(context.retryPauseMs);
    else if (outcome.kind === 'sent') {
      for (const order of outcome.settled) {
        if (order.error?.permanent && run.kind === 'rebalance')
          run.failed.set(order.row.component_id, `${order.row.symbol}: ${order.error.message}`);
        if (order.error?.code === 'INVALID_PARAMETER' && !order.error.permanent)
          context.symbols.forget(order.row.symbol);
      }
      await afterSend?.(outcome.settled);
      context.updated(row.id);
      if (outcome.settled.some((order) => order.state !== 'filled')) await sleep(context.retryPauseMs);
    }
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
