import { describe, expect, it } from 'vitest';
import { useTestCluster } from '../db/use-test-cluster';
import { appLogLine, explore } from './explorer';
import { foundSeeds } from './found-seeds';
import { describeFinding } from './trace';

/**
 * Every seed on which the explorer once found a violation, replayed: each must now run clean
 * (`npm run explore -- --seed S --replay` shows its walk step by step).
 */
const cluster = useTestCluster();
// A walk that finds something keeps the app's log there, beside the run's other reports.
const keepAppLogIn = 'reports/explorer';

// Side by side, as CI's seeds are: a walk mostly waits.
describe.concurrent('seeds the explorer found violations on', () => {
  it.each(foundSeeds.map((found) => [found.seed, found]))(
    'seed %i replays without a violation',
    async (_seed, found) => {
      const report = await explore({ seed: found.seed, steps: found.steps, cluster, keepAppLogIn });
      expect(
        report.findings.map((finding) => describeFinding(found.seed, finding)),
        `seed ${found.seed} once found: ${found.finds}${appLogLine(report)}`,
      ).toEqual([]);
    },
    15 * 60_000,
  );
});
