import { defineConfig } from 'vitest/config';
import { TestOrderSequencer } from './tests/support/test-order-sequencer';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts', 'tests/**/*.test.tsx'],
    exclude: ['tests/e2e/**', 'node_modules/**'],
    // Database and simulator suites start real servers: give them room on a 2-core machine.
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Vitest's default is one worker fewer than the cores: one, here. Most files wait (on Postgres, the
    // simulator's latency, child processes) more than they compute, so two share two cores well.
    maxWorkers: Number(process.env.SYNTHEX_TEST_WORKERS ?? 2),
    minWorkers: 1,
    sequence: { sequencer: TestOrderSequencer },
  },
});
