/** The daily refresh runs shortly after 00:00 UTC, once the new UTC day's snapshot can exist. */
export const dailyRunMinuteUtc = 5;

export function nextDailyRun(now: Date): Date {
  const next = new Date(
    Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), 0, dailyRunMinuteUtc),
  );
  if (next.getTime() <= now.getTime()) next.setUTCDate(next.getUTCDate() + 1);
  return next;
}

/** Back-off after consecutive failures: first, doubling, capped. */
export function retryDelayMs(consecutiveFailures: number, delays: { first: number; max: number }): number {
  return Math.min(delays.max, delays.first * 2 ** Math.max(0, consecutiveFailures - 1));
}
