import { Dec } from '../../../shared/decimal';
import type { Position as ExchangePosition } from '../exchange';
import { planFlat } from './leg-plan';
import type { PlannedOrder } from './order-runner';
import { tradeRows, updatePosition, type PositionRow } from './position-repository';
import { cashResult, holdingsBySymbol } from './position-views';
import {
  attemptsCounted,
  attemptsUsed,
  lastRefusal,
  loadLegs,
  progressOf,
  towardsFlat,
  type StepContext,
} from './step-context';

/**
 * CLOSING → CLOSED (or FAILED for a rollback: a position that never was ACTIVE). Each round takes the
 * account's lock, reads the account's net on every symbol and live prices, and sends one order per leg
 * for what it holds, on the opposite side, capped at the price read now. A leg that will not close within
 * the round's attempts (or is refused for good) leaves the position CLOSING with the reason; closing it
 * again starts a new round. `roundStart` is the highest close attempt before this round.
 */
export async function flatten(
  context: StepContext,
  row: PositionRow,
  roundStart: ReadonlyMap<number, number>,
): Promise<PositionRow> {
  const slippage = new Dec(row.max_slippage_percent).div(100);
  const first = await loadLegs(context, row);
  const startingHeld = new Map(first.legs.map((leg) => [leg.component.id, leg.holding.quantity.abs()]));
  const measure = towardsFlat(startingHeld);
  const refused = new Map<number, string>();
  for (;;) {
    if (context.stopping()) return row;
    const { legs, orders } = await loadLegs(context, row);
    const open = legs.filter((leg) => !leg.holding.quantity.isZero());
    if (open.length === 0) return finish(context, row);
    const stuck = new Map(refused);
    const live = open.filter((leg) => {
      const id = leg.component.id;
      if (stuck.has(id)) return false;
      const start = roundStart.get(id) ?? 0;
      const used = attemptsUsed(orders, id, 'close') - start;
      if (attemptsCounted(orders, id, 'close', start) < context.maxAttempts && used < context.maxAttempts * 4)
        return true;
      stuck.set(
        id,
        `${leg.component.symbol}: ${lastRefusal(orders, id, 'close') ?? 'not filled inside the slippage cap'}`,
      );
      return false;
    });
    if (live.length === 0) return stay(context, row, [...stuck.values()]);
    const sending = new Map(live.map((leg) => [leg.component.id, 'sent' as const]));
    context.progress(progressOf(row, 'closing', legs, `Closing ${live.length} legs`, measure, sending));
    const settled = await context.accountLock.run(async () => {
      const gateway = context.session.gateway;
      // Prices come from the ticker stream the position is already followed on (REST for a symbol it has
      // not seen), as opening's do: the account's positions are then the round's only read.
      const [tickers, rows] = await Promise.all([
        context.prices.tickers(live.map((leg) => leg.component.symbol)),
        gateway.getPositions({ settleCoin: 'USDT' }),
      ]);
      const prices = new Map([...tickers.values()].map((t) => [t.symbol, t.lastPrice]));
      const planned: PlannedOrder[] = [];
      for (const leg of live) {
        const symbol = leg.component.symbol;
        const price = prices.get(symbol);
        if (!price) {
          refused.set(leg.component.id, `${symbol}: Bybit has no price for it right now`);
          continue;
        }
        const plan = planFlat(leg, {
          attempt: attemptsUsed(orders, leg.component.id, 'close') + 1,
          linkKey: row.link_key,
          mode: await context.symbols.mode(symbol),
          rows: rows.filter((r: ExchangePosition) => r.symbol === symbol),
          reference: new Dec(price),
          slippage,
        });
        if ('problem' in plan) refused.set(leg.component.id, plan.problem);
        else if ('orders' in plan) planned.push(...plan.orders);
      }
      return planned.length > 0 ? context.runner.place(row.id, planned) : [];
    });
    for (const order of settled) {
      if (order.error?.permanent)
        refused.set(order.row.component_id, `${order.row.symbol}: ${order.error.message}`);
      if (order.error?.code === 'INVALID_PARAMETER' && !order.error.permanent)
        context.symbols.forget(order.row.symbol);
    }
    context.updated(row.id);
  }
}

/** The failure that started a rollback, without the close attempts reported after it. */
function openFailure(row: PositionRow): string {
  return (row.failure_reason ?? 'Could not open.').split(' Could not close ')[0]!;
}

/** Flat on every leg: the realised PnL is what the fills made or cost. */
async function finish(context: StepContext, row: PositionRow): Promise<PositionRow> {
  const trades = await tradeRows(context.db(), [row.id]);
  const realized = cashResult(holdingsBySymbol(trades)).toDecimalPlaces(8);
  const rollback = row.opened_at === null;
  const final = await updatePosition(context.db(), row.id, {
    status: rollback ? 'FAILED' : 'CLOSED',
    realizedPnl: realized.toFixed(),
    closedAt: new Date(),
    failureReason: rollback ? `${openFailure(row)} Realised cost: ${realized.toFixed(2)} USDT.` : null,
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
  return final;
}

/** Some leg will not close now: CLOSING stays, with the reason, until the trader closes again. */
async function stay(context: StepContext, row: PositionRow, reasons: string[]): Promise<PositionRow> {
  const prefix = row.opened_at === null ? `${openFailure(row)} ` : '';
  const stuck = await updatePosition(context.db(), row.id, {
    failureReason: `${prefix}Could not close ${reasons.join('; ')}. Close again to retry.`,
  });
  const { legs } = await loadLegs(context, row);
  context.progress(
    progressOf(row, 'stuck', legs, `Could not close ${reasons.length} legs`, () => ({
      target: new Dec(0),
      done: new Dec(0),
    })),
  );
  context.updated(row.id);
  return stuck;
}
