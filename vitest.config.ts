import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { sharedCacheFiles, vitestFiles } from './tests/support/isolation';
import { TestOrderSequencer } from './tests/support/test-order-sequencer';

const workers = Number(process.env.SYNTHEX_TEST_WORKERS ?? 4);
const shared = sharedCacheFiles(fileURLToPath(new URL('.', import.meta.url)));

export default defineConfig({
  test: {
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
    // Isolation is a pool's, not a project's (vitest 3 makes one pool per kind): the shared files run on
    // two worker threads that keep their module cache, one per core.
    poolOptions: { threads: { isolate: false, maxThreads: 2, minThreads: 2 } },
    // Pure files share their worker's module cache; the rest get a fresh one each (tests/support/isolation.ts).
    // The pure files first, on their own (they only compute: two threads keep both cores busy), then the
    // forks: never more than four workers at once, as before, so the kill tests' restarts keep their share.
    projects: [
      {
        extends: true,
        test: { name: 'shared', include: shared, pool: 'threads', sequence: { groupOrder: 0 } },
      },
      {
        extends: true,
        test: {
          name: 'isolated',
          include: vitestFiles.include,
          exclude: [...vitestFiles.exclude, ...shared],
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
