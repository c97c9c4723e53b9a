import { describe, expect, it } from 'vitest';
import { nextDailyRun, retryDelayMs } from '../../electron/core/universe/refresh-schedule';
import { readUniverseConfig } from '../../electron/core/universe/universe-config';

describe('refresh schedule', () => {
  it.each([
    ['2026-11-24T12:00:00Z', '2026-11-25T00:05:00.000Z'],
    ['2026-11-24T00:04:59Z', '2026-11-24T00:05:00.000Z'],
    ['2026-11-24T00:05:00Z', '2026-11-25T00:05:00.000Z'],
    ['2026-12-31T23:59:00Z', '2027-01-01T00:05:00.000Z'],
    ['2028-02-28T10:00:00Z', '2028-02-29T00:05:00.000Z'],
  ])('after %s the daily run is at %s', (now, next) => {
    expect(nextDailyRun(new Date(now)).toISOString()).toBe(next);
  });

  it('backs off by doubling up to the cap', () => {
    const delays = { first: 60_000, max: 3_600_000 };
    expect([1, 2, 3, 4, 7, 20].map((failures) => retryDelayMs(failures, delays))).toEqual([
      60_000, 120_000, 240_000, 480_000, 3_600_000, 3_600_000,
    ]);
  });
});

describe('universe configuration', () => {
  it('defaults to public CoinGecko, no key, the top 500 coins', () => {
    expect(readUniverseConfig({})).toEqual({
      coingeckoUrl: 'https://api.coingecko.com',
      coingeckoApiKey: null,
      depthPages: 2,
    });
  });

  it('takes the variables of docs/architecture.md §8', () => {
    expect(
      readUniverseConfig({
        SYNTHEX_COINGECKO_URL: 'http://127.0.0.1:9/cg',
        SYNTHEX_COINGECKO_API_KEY: ' k ',
        SYNTHEX_UNIVERSE_DEPTH_PAGES: '4',
      }),
    ).toEqual({ coingeckoUrl: 'http://127.0.0.1:9/cg', coingeckoApiKey: 'k', depthPages: 4 });
  });

  it.each([
    [{ SYNTHEX_COINGECKO_URL: 'ftp://x' }, /SYNTHEX_COINGECKO_URL/],
    [{ SYNTHEX_UNIVERSE_DEPTH_PAGES: '0' }, /SYNTHEX_UNIVERSE_DEPTH_PAGES/],
    [{ SYNTHEX_UNIVERSE_DEPTH_PAGES: '2.5' }, /SYNTHEX_UNIVERSE_DEPTH_PAGES/],
  ])('refuses %j naming the variable', (env, message) => {
    expect(() => readUniverseConfig(env)).toThrow(message);
  });
});
