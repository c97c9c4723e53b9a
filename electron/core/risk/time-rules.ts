import type { Dec } from '../../../shared/decimal';
import { latestDueSlot } from '../../../shared/risk/schedule';
import type { ArmedPosition } from './armed-position';
import { decisionWords } from './decision-words';
import type { Decision } from './risk-decisions';

/**
 * The rules that fire on the clock rather than on a price (docs/risk.md): the time exit, the exit before a
 * coin's delivery, and the calendar rebalance, in that order of precedence. `pnl` is the basket's live PnL
 * (null when its prices are stale), recorded with the decision. Null when none is due.
 */
export function timeDecision(armed: ArmedPosition, now: number, pnl: Dec | null): Decision | null {
  const { rules } = armed;
  // A clock rule's decision: no price level, the PnL as it stood; `slot` makes it fire once.
  const decide = (
    rule: Decision['rule'],
    action: Decision['action'],
    slot: string,
    figures: { symbol?: string; slotAt?: number } = {},
  ): Decision => ({
    rule,
    action,
    slot,
    pnl,
    level: null,
    message: decisionWords(rule, rules, { pnl, level: null, peak: null, ...figures }),
  });
  if (rules.closeAt && now >= Date.parse(rules.closeAt.time))
    return decide('closeAt', 'close', `close:${armed.armedAt}`);
  const exit = dueDelivery(armed, now);
  if (exit) return decide('exitBeforeDelivery', 'rebalance', `delivery:${exit.symbol}`, exit);
  const slot = rules.rebalance?.every
    ? latestDueSlot(rules.rebalance, armed.lastCalendarSlot ?? armed.armedAt, now)
    : null;
  if (slot === null) return null;
  return {
    ...decide('rebalanceCalendar', 'rebalance', `calendar:${new Date(slot).toISOString()}`, { slotAt: slot }),
    slotAt: slot,
  };
}

/** The first held coin whose delivery is within the rule's hours. */
function dueDelivery(armed: ArmedPosition, now: number): { symbol: string; slotAt: number } | null {
  const hours = armed.rules.exitBeforeDelivery?.hours;
  if (!hours) return null;
  for (const [symbol, at] of armed.deliveries)
    if (armed.symbols.has(symbol) && now >= at - hours * 3600_000) return { symbol, slotAt: at };
  return null;
}
