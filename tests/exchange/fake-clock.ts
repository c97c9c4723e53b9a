import type { LimiterClock } from '../../electron/core/exchange/rate-limiter';

/** A virtual clock: sleeping advances time instantly, so limiter tests are exact and fast. */
export function fakeClock(start = 1_000_000): LimiterClock & { advance(ms: number): void; sleeps: number[] } {
  let now = start;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    advance: (ms) => {
      now += ms;
    },
    sleep: (ms) => {
      sleeps.push(ms);
      now += ms;
      return new Promise((resolve) => setImmediate(resolve));
    },
  };
}
