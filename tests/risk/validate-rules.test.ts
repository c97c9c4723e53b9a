import { describe, expect, it } from 'vitest';
import { Dec } from '../../shared/decimal';
import { riskRuleIssues, type RuleContext } from '../../shared/risk/validate-rules';

/** Rules that are well-formed but wrong for this position or this moment: refused in words, at the field. */

const now = Date.parse('2026-06-01T12:00:00Z');
const live: RuleContext = { margin: new Dec(100), pnl: new Dec(0), now, indexKind: 'rule' };
const paths = (issues: { path: string }[]) => issues.map((issue) => issue.path);

describe('rule issues', () => {
  it('a stop at or above the take-profit', () => {
    const issues = riskRuleIssues({ stopLoss: { percent: '3' }, takeProfit: { usdt: '3' } }, live);
    expect(issues[0]).toEqual({
      path: 'stopLoss',
      message: 'the stop-loss (3.00 USDT) must be below the take-profit (3.00 USDT)',
    });
  });

  it('a level the PnL is already past would fire at once', () => {
    const context = { ...live, pnl: new Dec(-4) };
    expect(paths(riskRuleIssues({ stopLoss: { percent: '-3' } }, context))).toEqual(['stopLoss']);
    expect(riskRuleIssues({ stopLoss: { percent: '-5' } }, context)).toEqual([]);
    expect(paths(riskRuleIssues({ takeProfit: { usdt: '-5' } }, context))).toEqual(['takeProfit']);
  });

  it('a new position (no PnL yet) needs a loss for its stop and a gain for its take-profit', () => {
    const opening = { ...live, pnl: null };
    expect(paths(riskRuleIssues({ stopLoss: { usdt: '0' } }, opening))).toEqual(['stopLoss']);
    expect(paths(riskRuleIssues({ takeProfit: { usdt: '0' } }, opening))).toEqual(['takeProfit']);
    expect(riskRuleIssues({ stopLoss: { usdt: '-1' }, takeProfit: { usdt: '1' } }, opening)).toEqual([]);
  });

  it('a time in the past names the time it is now', () => {
    const [issue] = riskRuleIssues({ closeAt: { time: '2026-06-01T11:59:00Z' } }, live);
    expect(issue).toEqual({
      path: 'closeAt.time',
      message: 'this time is in the past (it is 2026-06-01 12:00 UTC now)',
    });
    expect(riskRuleIssues({ closeAt: { time: '2026-06-01T12:01:00Z' } }, live)).toEqual([]);
  });

  it('a rank buffer on a basket of fixed coins, while a basket may still rebalance its weights', () => {
    const basket = { ...live, indexKind: 'basket' as const };
    const [issue] = riskRuleIssues({ rebalance: { every: '1d', bufferRanks: 2 } }, basket);
    expect(issue!.path).toBe('rebalance.bufferRanks');
    expect(issue!.message).toMatch(/custom basket holds fixed coins/);
    expect(riskRuleIssues({ rebalance: { every: '1d', trackingErrorAbove: '0.05' } }, basket)).toEqual([]);
  });

  it('break-even that would only arm at or above the take-profit', () => {
    const issues = riskRuleIssues({ takeProfit: { percent: '4' }, breakEvenAfter: { percent: '4' } }, live);
    expect(paths(issues)).toEqual(['breakEvenAfter.percent']);
  });
});
