import { defineConfig } from 'vitest/config';

/**
 * The explorer's seeded walks: CI's seeds and every seed it found a violation on. A step of `npm test` of
 * its own (after the unit and integration run, so the walks do not share the two cores with it);
 * `npm run test:explorer` runs them alone.
 */
export default defineConfig({
  test: {
    include: ['tests/explorer/*.walk.ts'],
    testTimeout: 15 * 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Both files at once, five walks side by side: a walk waits on the app, the simulator's latency and its
    // own pauses, and one file after the other left the cores a quarter idle (370 s at 76 %, run J).
    maxWorkers: 2,
    minWorkers: 2,
  },
});
