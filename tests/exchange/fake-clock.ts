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

/**
 * A virtual clock for concurrent code: each sleep wakes at its own deadline, earliest first, and time
 * jumps to that deadline once everything else is idle (between macrotasks). Parallel sleeps overlap as
 * they would in real time instead of adding up.
 */
export function virtualClock(start = 1_000_000): LimiterClock & { advance(ms: number): void } {
  let now = start;
  const sleepers: { at: number; seq: number; wake: () => void }[] = [];
  let seq = 0;
  let scheduled = false;
  const tick = () => {
    scheduled = false;
    sleepers.sort((a, b) => a.at - b.at || a.seq - b.seq);
    const next = sleepers.shift();
    if (!next) return;
    now = Math.max(now, next.at);
    next.wake();
    schedule();
  };
  const schedule = () => {
    if (scheduled || sleepers.length === 0) return;
    scheduled = true;
    setImmediate(tick);
  };
  return {
    now: () => now,
    advance: (ms) => {
      now += ms;
    },
    sleep: (ms) =>
      new Promise<void>((wake) => {
        sleepers.push({ at: now + Math.max(0, ms), seq: seq++, wake });
        schedule();
      }),
  };
}
