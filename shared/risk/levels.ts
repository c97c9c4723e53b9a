import { Dec } from '../decimal';
import type { PnlLevel, RiskRuleName, RiskRules } from '../domain/risk';

/**
 * The numbers behind a position's risk rules (docs/risk.md), shared so the renderer shows what the core
 * does: percentages are of the position's initial margin (size ÷ leverage), levels are in USDT of the
 * basket's PnL (unrealised + realised − fees − funding).
 */

export function initialMargin(usdtSize: string | Dec, leverage: string | Dec): Dec {
  const lev = new Dec(leverage);
  return lev.lte(0) ? new Dec(usdtSize) : new Dec(usdtSize).div(lev);
}

const hundred = new Dec(100);

/** A level in USDT: a percentage of the margin, or the USDT amount itself. */
export function levelUsdt(level: PnlLevel, margin: Dec): Dec {
  return level.percent !== undefined ? new Dec(level.percent).mul(margin).div(hundred) : new Dec(level.usdt!);
}

export function percentOfMargin(percent: string, margin: Dec): Dec {
  return new Dec(percent).mul(margin).div(hundred);
}

/** What the stop rules remember between evaluations. */
export interface StopMemory {
  /** The best PnL since the rules were set; null before the first live figure. */
  peak: Dec | null;
  /** The break-even level (the fees closing will cost), once the PnL reached the break-even trigger. */
  breakEven: Dec | null;
}

export interface StopLevel {
  rule: RiskRuleName;
  usdt: Dec;
}

/**
 * The stop that applies now: the highest of the stop-loss, the trailing stop (best PnL − its distance) and,
 * once reached, break-even. The position closes when its PnL is at or below it.
 */
export function effectiveStop(rules: RiskRules, memory: StopMemory, margin: Dec): StopLevel | null {
  let best: StopLevel | null = null;
  const consider = (rule: RiskRuleName, usdt: Dec) => {
    if (!best || usdt.gt(best.usdt)) best = { rule, usdt };
  };
  if (rules.stopLoss) consider('stopLoss', levelUsdt(rules.stopLoss, margin));
  if (rules.trailingStop && memory.peak)
    consider('trailingStop', memory.peak.minus(percentOfMargin(rules.trailingStop.percent, margin)));
  if (rules.breakEvenAfter && memory.breakEven) consider('breakEven', memory.breakEven);
  return best;
}

export function takeProfitLevel(rules: RiskRules, margin: Dec): Dec | null {
  return rules.takeProfit ? levelUsdt(rules.takeProfit, margin) : null;
}

/**
 * Per leg, the price at which the basket's PnL reaches `level` when only that leg moves from `mark` (the
 * others stay where they are): mark + (level − pnl) ÷ quantity. Null where no positive price does it.
 */
export function legPriceFor(quantity: Dec, mark: Dec, pnl: Dec, level: Dec): Dec | null {
  if (quantity.isZero()) return null;
  const price = mark.plus(level.minus(pnl).div(quantity));
  return price.gt(0) ? price : null;
}

const signed = (value: Dec) => (value.isNegative() ? `−${value.abs().toFixed()}` : `+${value.toFixed()}`);
const levelText = (level: PnlLevel) =>
  level.percent !== undefined
    ? `${signed(new Dec(level.percent))} %`
    : `${signed(new Dec(level.usdt!))} USDT`;

/** One line for lists and the tray: "SL −2 % · TP +5 % · trail 3 % · rebalance 1d 00:00". */
export function describeRules(rules: RiskRules | null): string {
  if (!rules) return '';
  const parts: string[] = [];
  if (rules.stopLoss) parts.push(`SL ${levelText(rules.stopLoss)}`);
  if (rules.takeProfit) parts.push(`TP ${levelText(rules.takeProfit)}`);
  if (rules.trailingStop) parts.push(`trail ${rules.trailingStop.percent} %`);
  if (rules.breakEvenAfter) parts.push(`BE after +${rules.breakEvenAfter.percent} %`);
  if (rules.closeAt) parts.push(`close ${rules.closeAt.time.replace('T', ' ').slice(0, 16)} UTC`);
  const rebalance = rules.rebalance;
  if (rebalance) {
    const when = [
      ...(rebalance.every ? [`${rebalance.every} ${rebalance.at ?? '00:00'} UTC`] : []),
      ...(rebalance.trackingErrorAbove
        ? [`TE > ${new Dec(rebalance.trackingErrorAbove).mul(100).toFixed()} %`]
        : []),
    ];
    parts.push(`rebalance ${when.join(' or ')}`);
  }
  if (rules.exitBeforeDelivery) parts.push(`exit ${rules.exitBeforeDelivery.hours} h before delivery`);
  if (rules.exchangeProtection) parts.push('Bybit stops');
  return parts.join(' · ');
}
