import { describe, expect, it } from 'vitest';
import { RateLimits, WindowLimiter, endpointGroups } from '../../electron/core/exchange/rate-limiter';
import { fakeClock } from './fake-clock';

describe('WindowLimiter', () => {
  it('lets capacity through at once, then waits for the window to roll', async () => {
    const clock = fakeClock();
    const limiter = new WindowLimiter(10, 1000, clock);
    const start = clock.now();
    const times: number[] = [];
    for (let i = 0; i < 25; i += 1) {
      await limiter.acquire(1);
      times.push(clock.now() - start);
    }
    expect(times.filter((t) => t < 1000)).toHaveLength(10);
    expect(times.filter((t) => t >= 1000 && t < 2000)).toHaveLength(10);
    expect(times.filter((t) => t >= 2000)).toHaveLength(5);
  });

  it('never has more than capacity units inside any window', async () => {
    const clock = fakeClock();
    const limiter = new WindowLimiter(10, 1000, clock);
    const taken: { at: number; units: number }[] = [];
    const sizes = [3, 7, 4, 6, 10, 1, 9, 2, 8];
    await Promise.all(
      sizes.map(async (units) => {
        await limiter.acquire(units);
        taken.push({ at: clock.now(), units });
      }),
    );
    for (const t of taken) {
      const inWindow = taken
        .filter((o) => o.at > t.at - 1000 && o.at <= t.at)
        .reduce((s, o) => s + o.units, 0);
      expect(inWindow).toBeLessThanOrEqual(10);
    }
  });

  it('tryTake never waits and reports availability', () => {
    const clock = fakeClock();
    const limiter = new WindowLimiter(10, 1000, clock);
    expect(limiter.tryTake(7)).toBe(true);
    expect(limiter.available()).toBe(3);
    expect(limiter.tryTake(4)).toBe(false);
    expect(limiter.waitFor(4)).toBe(1000);
    clock.advance(1000);
    expect(limiter.available()).toBe(10);
  });

  it('blockUntil holds everything until the reset time', async () => {
    const clock = fakeClock();
    const limiter = new WindowLimiter(10, 1000, clock);
    limiter.blockUntil(clock.now() + 2500);
    expect(limiter.available()).toBe(0);
    const start = clock.now();
    await limiter.acquire(1);
    expect(clock.now() - start).toBeGreaterThanOrEqual(2500);
  });
});

describe('RateLimits', () => {
  it('uses the per-UID defaults of docs/bybit-v5.md §4', () => {
    const limits = new RateLimits({ clock: fakeClock() });
    expect(limits.group('order/create').capacity).toBe(10);
    expect(limits.group('order/create-batch').capacity).toBe(10);
    expect(limits.group('order/realtime').capacity).toBe(50);
    expect(limits.group('account/wallet-balance').capacity).toBe(50);
    expect(limits.group('position/set-leverage').capacity).toBe(10);
    expect(limits.group('user/query-api').capacity).toBe(10);
    expect(endpointGroups['execution/list']).toBe(50);
  });

  it('adopts the X-Bapi-Limit headers: a higher limit, and zero remaining blocks until reset', () => {
    const clock = fakeClock();
    const limits = new RateLimits({ clock });
    limits.observe(
      'order/create',
      { maxRequests: 20, remainingRequests: 5, resetAtTimestamp: clock.now() },
      0,
    );
    expect(limits.group('order/create').capacity).toBe(20);
    // Server clock is 3 s ahead of ours: its reset timestamp is converted to local time.
    limits.observe(
      'order/create',
      { maxRequests: 20, remainingRequests: 0, resetAtTimestamp: clock.now() + 3800 },
      3000,
    );
    expect(limits.group('order/create').available()).toBe(0);
    expect(limits.group('order/create').waitFor(1)).toBe(800);
  });

  it('backs a group off after 10006 without touching the others', () => {
    const clock = fakeClock();
    const limits = new RateLimits({ clock, backoffMs: 1000 });
    limits.backOff('order/create-batch');
    expect(limits.group('order/create-batch').available()).toBe(0);
    expect(limits.group('order/create').available()).toBe(10);
    clock.advance(1000);
    expect(limits.group('order/create-batch').available()).toBe(10);
  });

  it('keeps the IP-wide limit across all groups', async () => {
    const clock = fakeClock();
    const limits = new RateLimits({ clock, ipPerFiveSeconds: 5 });
    const start = clock.now();
    for (let i = 0; i < 6; i += 1) await limits.acquire(i % 2 ? 'market' : 'order/realtime');
    expect(clock.now() - start).toBeGreaterThanOrEqual(5000);
  });
});
