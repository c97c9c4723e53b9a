import { Dec } from '../../../shared/decimal';
import type { RiskAction, RiskRuleName, RiskRules } from '../../../shared/domain/risk';
import { estimatedTakerFeeRate } from '../../../shared/domain/preview';
import { trackingError } from '../../../shared/indices/tracking-error';
import {
  levelUsdt,
  percentOfMargin,
  takeProfitLevel,
  type StopLevel,
  type StopMemory,
} from '../../../shared/risk/levels';

/** One leg as the PnL book holds it: signed quantity and the mark folded in (null before the first). */
export interface LegMark {
  symbol: string;
  quantity: Dec;
  mark: Dec | null;
}

/** What the evaluator knows of one position with rules. */
export interface ArmedPrices {
  rules: RiskRules;
  /** Initial margin (size ÷ leverage): what percentages are of. */
  margin: Dec;
  memory: StopMemory;
  /** Target weights the threshold rebalance measures the drift from; null while not loaded. */
  targets: ReadonlyMap<string, Dec> | null;
  /** When the threshold rebalance last fired (ms), for its cool-down. */
  lastThresholdAt: number | null;
}

export interface PriceDecision {
  rule: RiskRuleName;
  action: RiskAction;
  /** The level crossed: a PnL in USDT, or the tracking error (fraction) for a threshold rebalance. */
  level: Dec;
}

export interface PriceOutcome {
  /** A new best PnL (the trailing stop's reference) to remember. */
  peakMoved: boolean;
  /** Break-even was reached now, at this level (the fees the close will pay). */
  breakEven: Dec | null;
  decision: PriceDecision | null;
}

/** The rules' levels in USDT, worked out once per rules and margin: a fold then only compares. */
interface Levels {
  margin: Dec;
  stopLoss: Dec | null;
  takeProfit: Dec | null;
  trailingDistance: Dec | null;
  breakEvenTrigger: Dec | null;
}
const levelsCache = new WeakMap<RiskRules, Levels>();

function levelsOf(rules: RiskRules, margin: Dec): Levels {
  const cached = levelsCache.get(rules);
  if (cached && cached.margin.eq(margin)) return cached;
  const levels: Levels = {
    margin,
    stopLoss: rules.stopLoss ? levelUsdt(rules.stopLoss, margin) : null,
    takeProfit: takeProfitLevel(rules, margin),
    trailingDistance: rules.trailingStop ? percentOfMargin(rules.trailingStop.percent, margin) : null,
    breakEvenTrigger: rules.breakEvenAfter ? percentOfMargin(rules.breakEvenAfter.percent, margin) : null,
  };
  levelsCache.set(rules, levels);
  return levels;
}

/** effectiveStop (shared/risk/levels.ts) from the cached levels: the highest of the stops that apply. */
function stopNow(levels: Levels, memory: StopMemory): StopLevel | null {
  let best: StopLevel | null = null;
  const consider = (rule: StopLevel['rule'], usdt: Dec) => {
    if (!best || usdt.gt(best.usdt)) best = { rule, usdt };
  };
  if (levels.stopLoss) consider('stopLoss', levels.stopLoss);
  if (levels.trailingDistance && memory.peak)
    consider('trailingStop', memory.peak.minus(levels.trailingDistance));
  if (levels.breakEvenTrigger && memory.breakEven) consider('breakEven', memory.breakEven);
  return best;
}

/** The fees closing every leg at its mark will cost (Bybit's base taker fee): break-even's level. */
export function closingFees(legs: readonly LegMark[]): Dec {
  let total = new Dec(0);
  for (const leg of legs) if (leg.mark) total = total.plus(leg.quantity.abs().mul(leg.mark));
  return total.mul(estimatedTakerFeeRate).toDecimalPlaces(8);
}

/**
 * Evaluates the price rules of one position against its PnL as just folded (docs/risk.md): the best PnL
 * moves up, break-even arms once reached, then the stop that applies now (the highest of stop-loss, trailing
 * and break-even) and the take-profit are checked, then the drift of the weights. `legs` is read only when a
 * rule needs the marks, so a position with plain stops costs a comparison or two per fold. The caller makes
 * sure the figure is live (a stale feed never gets here).
 */
export function evaluatePrices(
  armed: ArmedPrices,
  pnl: Dec,
  legs: () => readonly LegMark[],
  now: number,
  thresholdCooldownMs: number,
): PriceOutcome {
  const { rules, memory } = armed;
  const levels = levelsOf(rules, armed.margin);
  const outcome: PriceOutcome = { peakMoved: false, breakEven: null, decision: null };
  if (rules.trailingStop && (!memory.peak || pnl.gt(memory.peak))) {
    memory.peak = pnl;
    outcome.peakMoved = true;
  }
  if (levels.breakEvenTrigger && !memory.breakEven && pnl.gte(levels.breakEvenTrigger)) {
    memory.breakEven = closingFees(legs());
    outcome.breakEven = memory.breakEven;
  }
  const stop = stopNow(levels, memory);
  if (stop && pnl.lte(stop.usdt)) {
    outcome.decision = { rule: stop.rule, action: 'close', level: stop.usdt };
    return outcome;
  }
  const take = levels.takeProfit;
  if (take && pnl.gte(take)) {
    outcome.decision = { rule: 'takeProfit', action: 'close', level: take };
    return outcome;
  }
  const threshold = rules.rebalance?.trackingErrorAbove;
  if (
    threshold &&
    armed.targets &&
    (armed.lastThresholdAt === null || now - armed.lastThresholdAt >= thresholdCooldownMs)
  ) {
    const values = new Map<string, Dec>();
    for (const leg of legs()) {
      if (!leg.mark) return outcome;
      values.set(leg.symbol, leg.quantity.mul(leg.mark));
    }
    const drift = trackingError(values, armed.targets);
    if (drift.gt(threshold))
      outcome.decision = { rule: 'rebalanceThreshold', action: 'rebalance', level: drift };
  }
  return outcome;
}
