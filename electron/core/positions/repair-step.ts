import { Dec, floorToStep, sum } from '../../../shared/decimal';
import type { Alteration, RepairPlan } from '../../../shared/domain/drift';
import { appendAlterationEvent } from '../drift/drift-repository';
import { estimatedTakerFeeRate } from '../../../shared/domain/preview';
import { emptyHolding } from '../../../shared/positions/holdings';
import { actualsOf, type SymbolActual } from '../drift/account-expectation';
import { readExpectations } from '../drift/account-reads';
import { cappedLimitPrice, ordersFor } from './leg-plan';
import type { PlannedOrder } from './order-runner';
import { componentRows, orderRows, updatePosition, type PositionRow } from './position-repository';
import { attemptsUsed, type StepContext } from './step-context';

const flat: SymbolActual = { mode: 'one-way', net: new Dec(0), long: new Dec(0), short: new Dec(0) };

/** One trade that moves a hedge row or the one-way net by `need` (signed: + buys into the row's side). */
interface Need {
  symbol: string;
  expected: Dec;
  actual: Dec;
  /** Signed change of the account's net this trade makes. */
  change: Dec;
  positionIdx: 0 | 1 | 2;
}

/**
 * The repair of a position: for every symbol it holds, the trade that brings the account back to what the
 * open positions on it should hold together (Σ of their held quantities), on the symbol's mode (one-way net,
 * or each hedge row). Prices are read now and capped at the position's slippage limit. A symbol with
 * Synthex orders on their way is not planned; nothing is sent here.
 */
export async function planRepair(
  context: StepContext,
  row: PositionRow,
): Promise<{ plan: RepairPlan; orders: PlannedOrder[] }> {
  const db = context.db();
  const gateway = context.session.gateway;
  const [components, expectations, positions, tickers, instruments, orders] = await Promise.all([
    componentRows(db, [row.id]),
    readExpectations(db, { profileId: row.user_id, uid: context.session.uid, environment: row.environment }),
    gateway.getPositions({ settleCoin: 'USDT' }),
    gateway.getTickers(),
    gateway.getInstruments(),
    orderRows(db, row.id),
  ]);
  const actuals = actualsOf(positions);
  const prices = new Map(tickers.map((t) => [t.symbol, t.lastPrice]));
  const filters = new Map(instruments.map((i) => [i.symbol, i]));
  const slippage = new Dec(row.max_slippage_percent).div(100);
  const legs: RepairPlan['legs'] = [];
  const planned: PlannedOrder[] = [];
  for (const component of components) {
    const expected = expectations.bySymbol.get(component.symbol);
    const instrument = filters.get(component.symbol);
    if (!expected || !instrument) continue;
    const step = new Dec(instrument.qtyStep);
    const actual = actuals.get(component.symbol) ?? flat;
    const needs: Need[] =
      actual.mode === 'hedge'
        ? [
            { ...base(component.symbol, expected.long, actual.long), positionIdx: 1 as const },
            {
              ...base(component.symbol, expected.short.neg(), actual.short.neg()),
              positionIdx: 2 as const,
            },
          ]
        : [{ ...base(component.symbol, expected.net, actual.net), positionIdx: 0 as const }];
    let attempt = attemptsUsed(orders, component.id, 'repair');
    for (const need of needs) {
      if (need.change.abs().lt(step)) continue;
      const leg = {
        symbol: need.symbol,
        expected: need.expected.toFixed(),
        actual: need.actual.toFixed(),
        trade: null,
        problem: null,
      };
      if (expected.inFlight) {
        legs.push({
          ...leg,
          problem: 'Synthex has orders on their way on this coin; try again in a moment.',
        });
        continue;
      }
      const price = prices.get(need.symbol);
      if (!price) {
        legs.push({ ...leg, problem: 'Bybit has no price for it right now.' });
        continue;
      }
      const side = need.change.isPositive() ? ('Buy' as const) : ('Sell' as const);
      const quantity = floorToStep(need.change.abs(), step);
      const reference = new Dec(price);
      const limit = cappedLimitPrice(side, reference, slippage, new Dec(instrument.tickSize));
      const notional = quantity.mul(limit);
      if (quantity.lt(instrument.minOrderQty) || notional.lt(instrument.minNotionalValue)) {
        legs.push({
          ...leg,
          problem: `${quantity.toFixed()} is below Bybit's minimum order (${instrument.minOrderQty}, ${instrument.minNotionalValue} USDT).`,
        });
        continue;
      }
      attempt += 1;
      const plan = ordersFor(
        { component, holding: emptyHolding(), instrument },
        {
          kind: 'repair',
          attempt,
          linkKey: row.link_key,
          side,
          quantity,
          limit,
          reduceOnly: false,
          positionIdx: need.positionIdx,
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

function base(symbol: string, expected: Dec, actual: Dec) {
  return { symbol, expected, actual, change: expected.minus(actual) };
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
    const settled = await context.accountLock.run(async () => {
      const { orders } = await planRepair(context, row);
      if (orders.length === 0 || rounds >= context.maxAttempts) return null;
      rounds += 1;
      context.progress({
        positionId: row.id,
        stage: 'placing',
        legsDone: 0,
        legsTotal: orders.length,
        message: `Repairing ${orders.length} legs`,
      });
      return context.runner.place(row.id, orders);
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
