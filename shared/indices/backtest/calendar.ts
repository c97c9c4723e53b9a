import type { RebalanceRule } from '../../domain/backtest';

export const dayMs = 86_400_000;

const starts = new Map<string, number>();

/** 00:00 UTC of a 'YYYY-MM-DD' day, in ms (remembered: a backtest asks for the same days again and again). */
export function dayStartMs(day: string): number {
  let start = starts.get(day);
  if (start === undefined) {
    start = Date.parse(`${day}T00:00:00Z`);
    if (starts.size > 10_000) starts.clear();
    starts.set(day, start);
  }
  return start;
}

/** The UTC day of a moment, as 'YYYY-MM-DD'. */
export function dayOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function addDays(day: string, days: number): string {
  return dayOf(dayStartMs(day) + days * dayMs);
}

/** Every day from `from` to `to`, both included. */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let t = dayStartMs(from); t <= dayStartMs(to); t += dayMs) days.push(dayOf(t));
  return days;
}

/**
 * Whether a calendar rule rebalances at the open of `day`: every day, on Mondays, on the first of a month,
 * or on the first of January, April, July and October (UTC). Drift rules are decided by the book.
 */
export function calendarRebalanceDue(rule: RebalanceRule, day: string): boolean {
  if (!('every' in rule)) return false;
  const date = new Date(dayStartMs(day));
  switch (rule.every) {
    case 'day':
      return true;
    case 'week':
      return date.getUTCDay() === 1;
    case 'month':
      return date.getUTCDate() === 1;
    case 'quarter':
      return date.getUTCDate() === 1 && date.getUTCMonth() % 3 === 0;
  }
}
