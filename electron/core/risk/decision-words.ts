import { Dec } from '../../../shared/decimal';
import type { RiskRuleName, RiskRules } from '../../../shared/domain/risk';
import { utcMinute } from '../exchange';

const usdt = (value: Dec) => `${value.toDecimalPlaces(2).toFixed(2)} USDT`;
const percent = (fraction: Dec) => `${fraction.mul(100).toDecimalPlaces(2).toFixed()} %`;

/** What a decision says in the position's history, the alert and `risk.triggered`, with its numbers. */
export function decisionWords(
  rule: RiskRuleName,
  rules: RiskRules,
  figures: {
    pnl: Dec | null;
    level: Dec | null;
    peak: Dec | null;
    slotAt?: number;
    symbol?: string;
    price?: string;
  },
): string {
  const pnl = figures.pnl ? usdt(figures.pnl) : 'not live';
  const level = figures.level ? usdt(figures.level) : '';
  switch (rule) {
    case 'stopLoss':
      return `Stop-loss: the basket's PnL ${pnl} reached the stop at ${level}. Closing the position.`;
    case 'trailingStop':
      return `Trailing stop: the basket's PnL ${pnl} fell to ${level}, ${rules.trailingStop?.percent} % of the margin below its best (${figures.peak ? usdt(figures.peak) : '?'}). Closing the position.`;
    case 'breakEven':
      return `Break-even stop: the basket's PnL ${pnl} fell back to ${level}, what closing costs in fees. Closing the position.`;
    case 'takeProfit':
      return `Take-profit: the basket's PnL ${pnl} reached ${level}. Closing the position.`;
    case 'closeAt':
      return `Time exit at ${rules.closeAt ? utcMinute(Date.parse(rules.closeAt.time)) : 'the set time'} (PnL ${pnl}). Closing the position.`;
    case 'rebalanceCalendar':
      return `Scheduled rebalance (${rules.rebalance?.every} at ${rules.rebalance?.at ?? '00:00'} UTC) for ${figures.slotAt ? utcMinute(figures.slotAt) : 'now'}.`;
    case 'rebalanceThreshold':
      return `The basket's weights drifted ${figures.level ? percent(figures.level) : '?'} from their targets, above the ${rules.rebalance?.trackingErrorAbove ? percent(new Dec(rules.rebalance.trackingErrorAbove)) : '?'} threshold: rebalancing.`;
    case 'exitBeforeDelivery':
      return `Bybit delivers ${figures.symbol} at ${figures.slotAt ? utcMinute(figures.slotAt) : '?'}: rebalancing it out ${rules.exitBeforeDelivery?.hours} h before.`;
    case 'exchangeStop':
      return `Bybit's own stop on ${figures.symbol} filled${figures.price ? ` (set at ${figures.price})` : ''}: closing the rest of the basket.`;
  }
}
