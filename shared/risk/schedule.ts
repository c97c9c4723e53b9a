import type { RebalanceRule } from '../domain/risk';

const dayMs = 86_400_000;

/** The calendar part of a rebalance rule: how often, and the time of day (UTC). */
export type Calendar = Pick<RebalanceRule, 'every' | 'at'>;

function timeOfDay(at: string | undefined): { hours: number; minutes: number } {
  const [hours, minutes] = (at ?? '00:00').split(':').map(Number);
  return { hours: hours ?? 0, minutes: minutes ?? 0 };
}

/**
 * The first scheduled rebalance strictly after `after` (ms, UTC): every day at `at`; every week on Monday at
 * `at`; every month on the 1st at `at`. Null when the rule has no calendar.
 */
export function nextSlot(calendar: Calendar, after: number): number | null {
  if (!calendar.every) return null;
  const { hours, minutes } = timeOfDay(calendar.at);
  const d = new Date(after);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  const day = d.getUTCDate();
  if (calendar.every === '1d') {
    const today = Date.UTC(y, m, day, hours, minutes);
    return today > after ? today : Date.UTC(y, m, day + 1, hours, minutes);
  }
  if (calendar.every === '1w') {
    // getUTCDay: 0 is Sunday; the week's slot is on Monday.
    const untilMonday = (8 - d.getUTCDay()) % 7;
    const monday = Date.UTC(y, m, day + untilMonday, hours, minutes);
    return monday > after ? monday : monday + 7 * dayMs;
  }
  const first = Date.UTC(y, m, 1, hours, minutes);
  return first > after ? first : Date.UTC(y, m + 1, 1, hours, minutes);
}

/**
 * The latest slot in (since, now], or null when none is due. A rebalance missed while the app was not running
 * is made once, for the latest slot, never once per missed slot.
 */
export function latestDueSlot(calendar: Calendar, since: number, now: number): number | null {
  // A month back is enough to find the latest slot of any calendar; older ones are replaced by it anyway.
  let slot = nextSlot(calendar, Math.max(since, now - 32 * dayMs));
  if (slot === null || slot > now) return null;
  for (let next = nextSlot(calendar, slot); next !== null && next <= now; next = nextSlot(calendar, slot))
    slot = next;
  return slot;
}
