import { type Dec } from '../../../shared/decimal';
import type {
  LegLevel,
  RiskRuleName,
  RiskRules,
  RiskTrigger,
  RiskView,
  TriggerState,
} from '../../../shared/domain/risk';
import {
  describeRules,
  effectiveStop,
  legPriceFor,
  takeProfitLevel,
  type StopMemory,
} from '../../../shared/risk/levels';
import type { LegMark } from './risk-evaluator';
import type { ProtectionState, TriggerRow } from './risk-repository';

const text = (value: Dec | null) => (value === null ? null : value.toDecimalPlaces(8).toFixed());
const iso = (at: Date | string | number | null) => (at === null ? null : new Date(at).toISOString());

export function triggerView(row: TriggerRow): RiskTrigger {
  return {
    id: row.id,
    positionId: row.position_id,
    rule: row.rule as RiskRuleName,
    action: row.action as RiskTrigger['action'],
    state: row.state as TriggerState,
    pnlSeen: row.pnl_seen,
    level: row.level,
    marks: (row.marks ?? {}) as Record<string, string>,
    outcome: row.outcome,
    decidedAt: iso(row.decided_at)!,
    finishedAt: iso(row.finished_at),
  };
}

/** What each rule is called in words. */
export const ruleWords: Record<RiskRuleName, string> = {
  stopLoss: 'Stop-loss',
  takeProfit: 'Take-profit',
  trailingStop: 'Trailing stop',
  breakEven: 'Break-even stop',
  closeAt: 'Time exit',
  rebalanceCalendar: 'Scheduled rebalance',
  rebalanceThreshold: 'Tracking-error rebalance',
  exitBeforeDelivery: 'Exit before delivery',
  exchangeStop: 'Bybit stop',
};

/** The one line for lists and the tray: the armed rules, or the decision under way. */
export function summaryOf(rules: RiskRules | null, open: TriggerRow | null): string {
  if (open)
    return `${ruleWords[open.rule as RiskRuleName]} fired: ${open.action === 'close' ? 'closing' : 'rebalancing'}`;
  return describeRules(rules);
}

export interface ViewInput {
  positionId: number;
  rules: RiskRules | null;
  armedAt: number | null;
  margin: Dec;
  memory: StopMemory;
  protection: ProtectionState;
  /** The basket's PnL and legs from the PnL engine, when it follows the position and its prices are live. */
  live: { pnl: Dec; legs: readonly (LegMark & { averageEntry?: Dec })[] } | null;
  /** The legs without live prices (quantities only), when `live` is null. */
  legs: readonly { symbol: string; quantity: Dec }[];
  watchNote: string | null;
  nextRebalanceAt: number | null;
  triggers: readonly TriggerRow[];
}

/** `risk.get`'s answer: the rules, where they stand, and the price of each leg they mean today. */
export function riskView(input: ViewInput): RiskView {
  const { rules, margin, memory, live } = input;
  const stop = rules ? effectiveStop(rules, memory, margin) : null;
  const take = rules ? takeProfitLevel(rules, margin) : null;
  const legs: LegLevel[] = live
    ? live.legs.map((leg) => {
        const places = leg.mark?.decimalPlaces() ?? 8;
        const at = (level: Dec | null) => {
          if (!level || !leg.mark) return null;
          const price = legPriceFor(leg.quantity, leg.mark, live.pnl, level);
          return price ? price.toDecimalPlaces(places).toFixed() : null;
        };
        return {
          symbol: leg.symbol,
          quantity: leg.quantity.toFixed(),
          markPrice: leg.mark?.toFixed() ?? null,
          stopPrice: at(stop?.usdt ?? null),
          takeProfitPrice: at(take),
        };
      })
    : input.legs.map((leg) => ({
        symbol: leg.symbol,
        quantity: leg.quantity.toFixed(),
        markPrice: null,
        stopPrice: null,
        takeProfitPrice: null,
      }));
  const open = input.triggers.find((t) => t.state === 'decided' || t.state === 'handed') ?? null;
  return {
    positionId: input.positionId,
    rules,
    armedAt: iso(input.armedAt),
    initialMargin: margin.toDecimalPlaces(8).toFixed(),
    pnl: text(live?.pnl ?? null),
    peakPnl: text(memory.peak),
    breakEvenReached: memory.breakEven !== null,
    stopLevel: stop ? { rule: stop.rule, usdt: text(stop.usdt)! } : null,
    takeProfitLevel: text(take),
    nextRebalanceAt: iso(input.nextRebalanceAt),
    watchNote: input.watchNote,
    legs,
    protection: Object.values(input.protection).map(({ positionIdx: _row, ...leg }) => leg),
    triggers: input.triggers.map(triggerView),
    summary: summaryOf(rules, open),
  };
}
