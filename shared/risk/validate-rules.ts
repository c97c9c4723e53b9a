import { Dec } from '../decimal';
import type { RiskRules } from '../domain/risk';
import { levelUsdt } from './levels';

/** What the rules are checked against: the position (or the one about to be opened) and the clock. */
export interface RuleContext {
  /** The position's initial margin (size ÷ leverage), in USDT. */
  margin: Dec;
  /** The basket's PnL now; null for a position not open yet (or without a live figure). */
  pnl: Dec | null;
  /** ms since the epoch. */
  now: number;
  /** A rule-based index can change coins; a custom basket holds fixed ones. */
  indexKind: 'rule' | 'basket';
}

export interface RuleIssue {
  /** Relative to the rules object ("stopLoss", "closeAt.time"). */
  path: string;
  message: string;
}

const usdt = (value: Dec) => `${value.toDecimalPlaces(2).toFixed(2)} USDT`;

/**
 * What is wrong with rules that are well-formed on their own, in words: a stop at or above the take-profit,
 * a level the PnL is already past (it would fire at once), a time in the past, a rank buffer on a basket of
 * fixed coins. Empty when they can be armed.
 */
export function riskRuleIssues(rules: RiskRules, context: RuleContext): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const stop = rules.stopLoss ? levelUsdt(rules.stopLoss, context.margin) : null;
  const take = rules.takeProfit ? levelUsdt(rules.takeProfit, context.margin) : null;
  if (stop && take && stop.gte(take))
    issues.push({
      path: 'stopLoss',
      message: `the stop-loss (${usdt(stop)}) must be below the take-profit (${usdt(take)})`,
    });
  const pnl = context.pnl;
  if (pnl && stop && pnl.lte(stop))
    issues.push({
      path: 'stopLoss',
      message: `the basket's PnL is ${usdt(pnl)} now, already at or below this stop (${usdt(stop)}): it would close at once`,
    });
  if (pnl && take && pnl.gte(take))
    issues.push({
      path: 'takeProfit',
      message: `the basket's PnL is ${usdt(pnl)} now, already at or above this take-profit (${usdt(take)}): it would close at once`,
    });
  if (!pnl && stop && stop.gte(0))
    issues.push({
      path: 'stopLoss',
      message: `a new position starts at about 0 USDT less fees: a stop at ${usdt(stop)} would close it at once; give a loss (a negative level)`,
    });
  if (!pnl && take && take.lte(0))
    issues.push({
      path: 'takeProfit',
      message: `a take-profit at ${usdt(take)} would close a new position at once; give a gain (a positive level)`,
    });
  if (
    rules.breakEvenAfter &&
    take &&
    new Dec(rules.breakEvenAfter.percent).mul(context.margin).div(100).gte(take)
  )
    issues.push({
      path: 'breakEvenAfter.percent',
      message: 'break-even would only arm at or above the take-profit, where the position is closed already',
    });
  if (rules.closeAt && Date.parse(rules.closeAt.time) <= context.now)
    issues.push({
      path: 'closeAt.time',
      message: `this time is in the past (it is ${new Date(context.now).toISOString().slice(0, 16).replace('T', ' ')} UTC now)`,
    });
  if (rules.rebalance?.bufferRanks && context.indexKind === 'basket')
    issues.push({
      path: 'rebalance.bufferRanks',
      message:
        'a custom basket holds fixed coins, so there are no ranks to buffer: only a rule-based index changes coins (a basket still rebalances its weights)',
    });
  return issues;
}
