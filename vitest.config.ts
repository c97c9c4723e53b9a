import { defineConfig } from 'vitest/config';
import { TestOrderSequencer } from './tests/support/test-order-sequencer';

const workers = Number(process.env.SYNTHEX_TEST_WORKERS ?? 4);

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts', 'tests/**/*.test.tsx'],
    exclude: ['tests/e2e/**', 'node_modules/**'],
    // Database and simulator suites start real servers: give them room on a 2-core machine.
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Vitest's default is one worker fewer than the cores: one, here. A file waits (on Postgres, the
    // simulator's latency, child processes) as much as it computes: with two workers the cores were idle
    // a third of the time (1060 s); four keep them busy (715 s, 10 % idle, same 1376 tests).
    maxWorkers: workers,
    // As many at the least: Tinypool adds a worker only while its queue is longer than the pool, so with
    // one file left to start and fewer workers alive it waited for a busy one (the last kill test waited
    // two minutes for another, one core idle).
    minWorkers: workers,
    sequence: { sequencer: TestOrderSequencer },
  },
});
