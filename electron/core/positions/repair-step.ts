import { Dec, floorToStep, sum } from '../../../shared/decimal';
import type { Alteration, RepairPlan } from '../../../shared/domain/drift';
import { appendAlterationEvent } from '../ledger/drift-repository';
import { estimatedTakerFeeRate } from '../../../shared/domain/preview';
import type { Round } from './guard/account-desk';
import { recordGuardEvents } from './guard/guard-events';
import { onRow, type Row } from './guard/pre-trade-guard';
import { cappedLimitPrice, ordersFor, reducesWhole } from './leg-plan';
import type { PlannedOrder } from './order-runner';
import { componentRows, orderRows, updatePosition, type PositionRow } from '../ledger/position-repository';
import { attemptsUsed, type StepContext } from './step-context';

/** One trade that moves a hedge row or the one-way net by `change` (signed: + buys into the row). */
interface Need {
  symbol: string;
  expected: Dec;
  actual: Dec;
  change: Dec;
  positionIdx: Row;
}

/**
 * The repair of a position, planned inside a round of the account's queue: for every symbol it holds, the
 * trade that brings the account back to what the open positions on it should hold together (Σ of their held
 * quantities), on the symbol's mode (one-way net, or each hedge row). What the account holds comes from the
 * round's view, what the positions hold from the database right after it (every execution seen stored
 * first), inside the account's queue, so an open of another position on the same coins cannot slip in between. Prices are fresh and capped at the position's slippage limit. A
 * symbol with a Synthex order not yet settled is not planned; nothing is sent here.
 */
export async function planRepair(
  context: StepContext,
  row: PositionRow,
  round: Round,
): Promise<{ plan: RepairPlan; orders: PlannedOrder[] }> {
  const db = context.db();
  const [components, orders, instruments] = await Promise.all([
    componentRows(db, [row.id]),
    orderRows(db, row.id),
    context.session.gateway.getInstruments(),
  ]);
  const symbols = components.map((c) => c.symbol);
  const [ledgers, tickers] = await Promise.all([round.ledgers(symbols), context.prices.tickers(symbols)]);
  const filters = new Map(instruments.map((i) => [i.symbol, i]));
  const slippage = new Dec(row.max_slippage_percent).div(100);
  const legs: RepairPlan['legs'] = [];
  const planned: PlannedOrder[] = [];
  for (const component of components) {
    const instrument = filters.get(component.symbol);
    const ledger = ledgers.get(component.symbol)!;
    if (!instrument || ledger.held.size === 0) continue;
    const step = new Dec(instrument.qtyStep);
    const holders = [...ledger.held.values()];
    const needs: Need[] = (ledger.mode === 'hedge' ? ([1, 2] as const) : ([0] as const)).map((idx) => {
      const expected = sum(holders.map((held) => onRow(held, idx)));
      const actual = ledger.actual.get(idx) ?? new Dec(0);
      return { symbol: component.symbol, expected, actual, change: expected.minus(actual), positionIdx: idx };
    });
    let attempt = attemptsUsed(orders, component.id, 'repair');
    const goal = ledger.held.get(row.id) ?? new Dec(0);
    for (const need of needs) {
      if (need.change.abs().lt(step)) continue;
      const leg = {
        symbol: need.symbol,
        expected: need.expected.toFixed(),
        actual: need.actual.toFixed(),
        trade: null,
        problem: null,
      };
      if (ledger.unsettled) {
        legs.push({
          ...leg,
          problem: 'Synthex has orders on their way on this coin; try again in a moment.',
        });
        continue;
      }
      const price = tickers.get(need.symbol)?.lastPrice;
      if (!price) {
        legs.push({ ...leg, problem: 'Bybit has no price for it right now.' });
        continue;
      }
      const side = need.change.isPositive() ? ('Buy' as const) : ('Sell' as const);
      const quantity = floorToStep(need.change.abs(), step);
      const reference = new Dec(price);
      const limit = cappedLimitPrice(side, reference, slippage, new Dec(instrument.tickSize));
      const reduceOnly = reducesWhole(ledger, need.positionIdx, side, quantity);
      if (
        !reduceOnly &&
        (quantity.lt(instrument.minOrderQty) || quantity.mul(limit).lt(instrument.minNotionalValue))
      ) {
        legs.push({
          ...leg,
          problem: `${quantity.toFixed()} is below Bybit's minimum order (${instrument.minOrderQty}, ${instrument.minNotionalValue} USDT).`,
        });
        continue;
      }
      attempt += 1;
      const plan = ordersFor(
        { component, instrument },
        {
          kind: 'repair',
          attempt,
          linkKey: row.link_key,
          side,
          quantity,
          limit,
          reduceOnly,
          positionIdx: need.positionIdx,
          goal,
        },
      );
      if ('problem' in plan) {
        legs.push({ ...leg, problem: plan.problem });
        continue;
      }
      if ('orders' in plan) planned.push(...plan.orders);
      legs.push({
        ...leg,
        trade: {
          symbol: need.symbol,
          side,
          quantity: quantity.toFixed(),
          limitPrice: limit.toFixed(),
          referencePrice: reference.toFixed(),
          notional: quantity.mul(reference).toFixed(),
          estimatedFee: quantity.mul(reference).mul(estimatedTakerFeeRate).toDecimalPlaces(8).toFixed(),
        },
      });
    }
  }
  const trades = legs.flatMap((leg) => (leg.trade ? [leg.trade] : []));
  return {
    plan: {
      positionId: row.id,
      legs,
      notional: sum(trades.map((t) => new Dec(t.notional))).toFixed(),
      estimatedFees: sum(trades.map((t) => new Dec(t.estimatedFee))).toFixed(),
      maxSlippagePercent: row.max_slippage_percent,
    },
    orders: planned,
  };
}

/**
 * Works a repair to its end: plans against the account as it is now (under the account's lock), sends
 * through the position's runner (orders written before they are sent, fills stored as trades of kind
 * `repair`), and plans again until nothing is left or the attempts run out. A crash resumes here with the
 * orders settled first, and the next plan starts from what Bybit then holds, so nothing is traded twice.
 */
export async function executeRepair(context: StepContext, row: PositionRow): Promise<PositionRow> {
  let rounds = 0;
  for (;;) {
    if (context.stopping()) return row;
    const settled = await context.desk.round(async (round) => {
      const { orders } = await planRepair(context, row, round);
      if (orders.length === 0 || rounds >= context.maxAttempts) return null;
      rounds += 1;
      context.progress({
        positionId: row.id,
        stage: 'placing',
        legsDone: 0,
        legsTotal: orders.length,
        message: `Repairing ${orders.length} legs`,
      });
      const { guarded, verdicts } = await round.guard(row.id, orders);
      await recordGuardEvents(context.db(), row.id, verdicts);
      return context.runner.place(row.id, guarded);
    });
    context.updated(row.id);
    if (settled === null) break;
    for (const order of settled)
      if (order.error?.code === 'INVALID_PARAMETER' && !order.error.permanent)
        context.symbols.forget(order.row.symbol);
    if (settled.some((order) => order.state !== 'filled')) await sleep(context.retryPauseMs);
  }
  const done = await updatePosition(context.db(), row.id, { pendingAction: null });
  // The flag itself clears when the next reconciliation finds the account in line.
  const legs = (row.alteration as Alteration | null)?.legs ?? [];
  await appendAlterationEvent(context.db(), row.id, 'repaired', legs);
  context.progress({
    positionId: row.id,
    stage: 'active',
    legsDone: 0,
    legsTotal: 0,
    message: 'Repair finished',
  });
  context.updated(row.id);
  return done;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
