import { Dec } from '../../../shared/decimal';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
import { ExchangeError } from '../exchange';
import { isPermanentRejection } from './rejections';
import type { PlannedOrder } from './order-runner';
import { planTowardsExpected } from './leg-plan';
import { componentRows, updatePosition, type PositionRow } from './position-repository';
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

/**
 * PENDING → EXECUTING: every symbol gets the position's leverage where it differs (read once per symbol
 * and session; 110043 "not modified" is done). Bybit refusing the leverage fails the position before any
 * order exists; a transient failure leaves it PENDING to be driven again.
 */
export async function prepareLeverage(context: StepContext, row: PositionRow): Promise<PositionRow> {
  const symbols = (await componentRows(context.db(), [row.id])).map((c) => c.symbol);
  context.progress({
    positionId: row.id,
    stage: 'leverage',
    legsDone: 0,
    legsTotal: symbols.length,
    message: `Setting ${row.leverage}× leverage where it differs`,
  });
  try {
    await context.symbols.ensureLeverage(symbols, row.leverage);
  } catch (error) {
    if (error instanceof ExchangeError && isPermanentRejection(error)) {
      const failed = await updatePosition(context.db(), row.id, {
        status: 'FAILED',
        failureReason: `Bybit refused ${row.leverage}× leverage: ${error.message} No order was sent.`,
        realizedPnl: '0',
        closedAt: new Date(),
      });
      context.updated(row.id);
      return failed;
    }
    throw error;
  }
  const next = await updatePosition(context.db(), row.id, { status: 'EXECUTING' });
  context.updated(row.id, next);
  return next;
}

/**
 * EXECUTING → ACTIVE (every leg holds its expected quantity within one step), or, when a leg fails, the
 * partial-failure policy: `rollback` → CLOSING (what filled is closed, then FAILED), `keep` → ACTIVE and
 * altered with the missing legs named. A leg fails on a permanent refusal, a remainder below Bybit's
 * minimum, or when its attempts run out (an IOC limit that cannot fill inside the slippage cap).
 * Attempts and refusals are read from the order log, so a resumed position decides exactly as before.
 */
export async function executeOpen(context: StepContext, row: PositionRow): Promise<PositionRow> {
  const slippage = new Dec(row.max_slippage_percent).div(100);
  for (;;) {
    if (context.stopping()) return row;
    const { legs, orders } = await loadLegs(context, row);
    const failed = new Map<number, string>();
    for (const order of orders) {
      if (order.kind !== 'open' || order.state !== 'rejected') continue;
      const code = order.error_code ?? '';
      if (isPermanentRejection({ code, message: order.error_message ?? '' }))
        failed.set(order.component_id, `${order.symbol}: ${order.error_message ?? code}`);
    }
    const todo = legs.filter((leg) => !legDone(leg) && !failed.has(leg.component.id));
    const planned: PlannedOrder[] = [];
    for (const leg of todo) {
      const used = attemptsUsed(orders, leg.component.id, 'open');
      const counted = attemptsCounted(orders, leg.component.id, 'open');
      // Crashes can only add uncounted attempts a few at a time; the hard stop keeps the loop finite.
      if (counted >= context.maxAttempts || used >= context.maxAttempts * 4) {
        failed.set(
          leg.component.id,
          `${leg.component.symbol}: ${lastRefusal(orders, leg.component.id, 'open') ?? `not filled inside the ${row.max_slippage_percent} % slippage cap after ${counted} attempts`}`,
        );
        continue;
      }
      const plan = planTowardsExpected(leg, {
        kind: 'open',
        attempt: used + 1,
        linkKey: row.link_key,
        mode: await context.symbols.mode(leg.component.symbol),
        slippage,
      });
      if ('problem' in plan) failed.set(leg.component.id, plan.problem);
      else if ('orders' in plan) planned.push(...plan.orders);
    }
    const giveUp = failed.size > 0 && row.on_partial_failure === 'rollback';
    if (planned.length === 0 || giveUp) return decide(context, row, failed);
    // A retry right after an IOC found no liquidity inside the cap would meet the same book: let it move.
    if (planned.some((order) => order.attempt > 1)) await sleep(context.retryPauseMs);
    const sent = new Map(planned.map((order) => [order.componentId, 'sent' as const]));
    context.progress(
      progressOf(row, 'placing', legs, `Placing ${planned.length} orders`, towardsExpected, sent),
    );
    const settled = await context.runner.place(row.id, planned);
    for (const order of settled)
      if (order.error?.code === 'INVALID_PARAMETER' && !order.error.permanent)
        context.symbols.forget(order.row.symbol);
    const after = await loadLegs(context, row);
    const retrying = settled.some((order) => order.state !== 'filled');
    context.progress(
      progressOf(
        row,
        retrying ? 'retrying' : 'filling',
        after.legs,
        retrying ? 'Retrying the legs that did not fill' : 'Filled',
        towardsExpected,
      ),
    );
    context.updated(row.id);
  }
}

async function decide(
  context: StepContext,
  row: PositionRow,
  failed: Map<number, string>,
): Promise<PositionRow> {
  const db = context.db();
  const { legs } = await loadLegs(context, row);
  if (failed.size === 0) {
    const active = await updatePosition(db, row.id, {
      status: 'ACTIVE',
      openedAt: new Date(),
      failureReason: null,
    });
    // The status first: its progress is queued behind it (position-engine.ts).
    context.updated(row.id, active);
    context.progress(progressOf(row, 'active', legs, 'Every leg holds its quantity', towardsExpected));
    return active;
  }
  const reasons = [...failed.values()].map((reason) => reason.replace(/\.$/, '')).join('; ');
  if (row.on_partial_failure === 'keep') {
    const kept = await updatePosition(db, row.id, {
      status: 'ACTIVE',
      openedAt: new Date(),
      isAltered: true,
      failureReason: `Opened without ${failed.size} leg${failed.size === 1 ? '' : 's'} (kept as asked): ${reasons}`,
    });
    const marks = new Map([...failed.keys()].map((id) => [id, 'failed' as const]));
    context.updated(row.id, kept);
    context.progress(
      progressOf(row, 'active', legs, `Active without ${failed.size} legs`, towardsExpected, marks),
    );
    return kept;
  }
  const rolling = await updatePosition(db, row.id, {
    status: 'CLOSING',
    failureReason: `Could not open: ${reasons}. What filled was closed again.`,
  });
  const marks = new Map([...failed.keys()].map((id) => [id, 'failed' as const]));
  context.updated(row.id, rolling);
  context.progress(progressOf(row, 'rollback', legs, `Rolling back: ${reasons}`, towardsExpected, marks));
  return rolling;
}
