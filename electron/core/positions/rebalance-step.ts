import { sql, type Kysely } from 'kysely';
import { SynthexError } from '../../../shared/contract';
import { Dec, floorToStep, sum } from '../../../shared/decimal';
import type { RebalancePlan } from '../../../shared/domain/drift';
import { estimatedTakerFeeRate } from '../../../shared/domain/preview';
import { trackingError } from '../../../shared/indices/tracking-error';
import type { UserDb } from '../db';
import { appendAlterationEvent } from '../ledger/drift-repository';
import type { PreviewService } from '../indices/preview-service';
import { cappedLimitPrice } from './leg-plan';
import {
  archiveComponents,
  componentRows,
  tradeRows,
  updatePosition,
  type PositionRow,
} from '../ledger/position-repository';
import { holdingsBySymbol } from '../ledger/position-views';
import type { StepContext } from './step-context';
import { newTargetRun, workTowardsTargets } from './towards-targets';

/** The composition a rebalance moves to: per symbol the signed quantity, weight and price of today's index. */
export interface TargetComponent {
  symbol: string;
  expectedQuantity: string;
  targetWeight: string;
  referencePrice: string;
}

const percent = (fraction: Dec) => fraction.mul(100).toDecimalPlaces(3).toFixed();

/**
 * What bringing the position to its index's composition today would trade: a fresh preview of the same
 * index, size, direction and leverage (today's universe: ranks and weights), against what each leg holds.
 * Coins that left the index go to zero, new ones are bought, the rest resized. With `bufferRanks` (a risk
 * rule's rank buffer, docs/risk.md) a held coin stays until it ranks that many places outside the index and
 * a new one enters only that many places inside it. Nothing is sent.
 */
export async function planRebalance(
  context: StepContext,
  row: PositionRow,
  previews: PreviewService,
  options: { bufferRanks?: number } = {},
): Promise<{ plan: RebalancePlan; components: TargetComponent[] }> {
  const db = context.db();
  const [components, trades, instruments] = await Promise.all([
    componentRows(db, [row.id]),
    tradeRows(db, [row.id]),
    context.session.gateway.getInstruments(),
  ]);
  const holdings = holdingsBySymbol(trades);
  const held = new Set([...holdings].filter(([, h]) => !h.quantity.isZero()).map(([symbol]) => symbol));
  const { preview } = await previews.compute(
    {
      profileId: row.user_id,
      indexId: row.index_id,
      usdtSize: row.usdt_size,
      direction: row.direction as 'long' | 'short',
      leverage: row.leverage,
      strict: false,
      maxSlippagePercent: row.max_slippage_percent,
    },
    options.bufferRanks ? { held, ranks: options.bufferRanks } : undefined,
  );
  const filters = new Map(instruments.map((i) => [i.symbol, i]));
  const slippage = new Dec(row.max_slippage_percent).div(100);
  const indexWeights = new Map<string, Dec>([
    ...preview.legs.map((l) => [l.symbol, new Dec(l.indexWeight)] as const),
    ...preview.dropped.map((d) => [d.symbol, new Dec(d.indexWeight)] as const),
  ]);
  const targets = new Map(
    preview.legs.map((leg) => [
      leg.symbol,
      {
        symbol: leg.symbol,
        expectedQuantity: leg.side === 'Buy' ? leg.quantity : `-${leg.quantity}`,
        targetWeight: leg.targetWeight,
        referencePrice: leg.price,
        rank: leg.rank,
      },
    ]),
  );
  const prices = new Map(preview.legs.map((l) => [l.symbol, new Dec(l.price)]));
  const missingPrices = components.filter((c) => !prices.has(c.symbol)).map((c) => c.symbol);
  if (missingPrices.length > 0) {
    const tickers = await context.session.gateway.getTickers();
    for (const t of tickers) if (missingPrices.includes(t.symbol)) prices.set(t.symbol, new Dec(t.lastPrice));
  }
  const symbols = [...new Set([...components.map((c) => c.symbol), ...targets.keys()])];
  const before = new Map<string, Dec>();
  const after = new Map<string, Dec>();
  const legs: Omit<RebalancePlan['legs'][number], 'currentWeight' | 'targetWeight'>[] = [];
  const problems = preview.problems.map((p) => p.message);
  if (row.alteration)
    problems.push(
      'Bybit’s holdings differ from this position’s: repair or adopt them first, or the difference would stay on the account.',
    );
  for (const symbol of symbols) {
    const held = holdings.get(symbol)?.quantity ?? new Dec(0);
    const target = new Dec(targets.get(symbol)?.expectedQuantity ?? '0');
    const price = prices.get(symbol) ?? new Dec(0);
    const instrument = filters.get(symbol);
    before.set(symbol, held.mul(price));
    after.set(symbol, target.mul(price));
    const step = new Dec(instrument?.qtyStep ?? '0');
    const change = target.minus(held);
    const inNow = components.some((c) => c.symbol === symbol && !new Dec(c.expected_quantity).isZero());
    const action =
      change.abs().lt(step) || change.isZero()
        ? 'keep'
        : !targets.has(symbol)
          ? 'exit'
          : inNow
            ? 'resize'
            : 'enter';
    let trade: RebalancePlan['legs'][number]['trade'] = null;
    if (action !== 'keep' && instrument) {
      const side = change.isPositive() ? ('Buy' as const) : ('Sell' as const);
      const quantity = floorToStep(change.abs(), step);
      const limit = cappedLimitPrice(side, price, slippage, new Dec(instrument.tickSize));
      const notional = quantity.mul(price);
      trade = {
        symbol,
        side,
        quantity: quantity.toFixed(),
        limitPrice: limit.toFixed(),
        referencePrice: price.toFixed(),
        notional: notional.toFixed(),
        estimatedFee: notional.mul(estimatedTakerFeeRate).toDecimalPlaces(8).toFixed(),
      };
      if (quantity.lt(instrument.minOrderQty) || quantity.mul(limit).lt(instrument.minNotionalValue))
        problems.push(
          `${symbol} would trade ${quantity.toFixed()}, below Bybit's minimum order (${instrument.minOrderQty}, ${instrument.minNotionalValue} USDT).`,
        );
    }
    if (!instrument) problems.push(`Bybit no longer lists ${symbol}.`);
    else if (action !== 'keep' && price.isZero())
      problems.push(`Bybit has no price for ${symbol} right now.`);
    legs.push({
      symbol,
      action,
      rank: targets.get(symbol)?.rank ?? null,
      currentQuantity: held.toFixed(),
      targetQuantity: target.toFixed(),
      trade,
    });
  }
  // Weights only once `before` and `after` hold every symbol: a running total gave the first leg 100 %.
  const weighted = legs.map((leg) => ({
    ...leg,
    currentWeight: percent(weightOf(before, leg.symbol)),
    targetWeight: percent(weightOf(after, leg.symbol)),
  }));
  const traded = legs.flatMap((l) => (l.trade ? [l.trade] : []));
  if (traded.length === 0) problems.push('The position already holds its index’s composition today.');
  const plan: RebalancePlan = {
    positionId: row.id,
    legs: weighted,
    turnover: sum(traded.map((t) => new Dec(t.notional)))
      .toDecimalPlaces(8)
      .toFixed(),
    estimatedFees: sum(traded.map((t) => new Dec(t.estimatedFee))).toFixed(),
    trackingErrorBefore: percent(trackingError(before, indexWeights)),
    trackingErrorAfter: percent(trackingError(after, indexWeights)),
    problems,
  };
  const next = symbols.map((symbol) => {
    const target = targets.get(symbol);
    return {
      symbol,
      expectedQuantity: target?.expectedQuantity ?? '0',
      targetWeight: target?.targetWeight ?? '0',
      referencePrice: (prices.get(symbol) ?? new Dec(0)).toFixed(),
    };
  });
  return { plan, components: next };
}

function weightOf(values: ReadonlyMap<string, Dec>, symbol: string): Dec {
  const total = sum([...values.values()].map((v) => v.abs()));
  return total.isZero() ? new Dec(0) : (values.get(symbol) ?? new Dec(0)).abs().div(total);
}

/**
 * The new composition becomes the position's components (the old snapshot kept in history) and the
 * rebalance is recorded as under way, in one transaction: a crash after it resumes the rebalance.
 */
export async function startRebalance(
  db: Kysely<UserDb>,
  row: PositionRow,
  next: readonly TargetComponent[],
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const current = await componentRows(trx, [row.id]);
    if (current.length > 0)
      await archiveComponents(trx, row.id, row.component_snapshot, current, 'rebalance');
    for (const target of next) {
      const existing = current.find((c) => c.symbol === target.symbol);
      if (existing)
        await trx
          .updateTable('position_components')
          .set({
            expected_quantity: target.expectedQuantity,
            target_weight: target.targetWeight,
            reference_price: target.referencePrice,
          })
          .where('id', '=', existing.id)
          .execute();
      else
        await trx
          .insertInto('position_components')
          .values({
            position_id: row.id,
            symbol: target.symbol,
            expected_quantity: target.expectedQuantity,
            target_weight: target.targetWeight,
            reference_price: target.referencePrice,
          })
          .execute();
    }
    const updated = await trx
      .updateTable('synthetic_positions')
      .set({
        component_snapshot: row.component_snapshot + 1,
        pending_action: 'rebalance',
        updated_at: sql`now()`,
      })
      .where('id', '=', row.id)
      .where('status', '=', 'ACTIVE')
      .where('pending_action', 'is', null)
      .executeTakeFirst();
    if (updated.numUpdatedRows === 0n)
      throw new SynthexError('CONFLICT', 'Another action on this position started first.');
  });
}

/**
 * Works a rebalance to its end through the same runner as opening: each leg traded towards its new
 * expected quantity (IOC limits capped at the rebalance's prices), fills stored as trades of kind
 * `rebalance`, at most `maxAttempts` counted attempts per leg. Legs that cannot reach their target are
 * named in the failure reason; the position stays ACTIVE either way.
 */
export async function executeRebalance(context: StepContext, row: PositionRow): Promise<PositionRow> {
  const run = newTargetRun(row, 'rebalance', false);
  if ((await workTowardsTargets(context, row, run)) === 'stopped') return row;
  const failed = run.failed;
  const reasons = [...failed.values()];
  const done = await updatePosition(context.db(), row.id, {
    pendingAction: null,
    ...(reasons.length > 0 && {
      failureReason: `Rebalance left ${reasons.length} legs short: ${reasons.join('; ')}`,
    }),
  });
  await appendAlterationEvent(context.db(), row.id, 'rebalanced', []);
  context.progress({
    positionId: row.id,
    stage: 'active',
    legsDone: 0,
    legsTotal: 0,
    message: reasons.length > 0 ? `Rebalanced, ${reasons.length} legs short` : 'Rebalanced',
  });
  context.updated(row.id);
  return done;
}
