import { describe, expect, it } from 'vitest';
import { useTestCluster } from '../db/use-test-cluster';
import { appLogLine, explore } from './explorer';
import { describeFinding, describeTally } from './trace';

/**
 * CI's share of the seeded explorer (docs/explorer.md): a fixed handful of seeds, each a random walk of
 * 300 trader actions and exchange events against headless mode, with every invariant checked after every
 * step. `npm run explore -- --seed S --steps N` runs any seed at any length.
 */
const seeds = [101, 202, 303];
const steps = 300;

const cluster = useTestCluster();
// A walk that finds something keeps the app's log there, beside the run's other reports.
const keepAppLogIn = 'reports/explorer';

// The seeds run side by side: a walk mostly waits (on the app, the simulator's latency, its own pauses).
describe.concurrent('the seeded explorer', () => {
  it.each(seeds)(
    `seed %i, ${steps} steps: no invariant is ever violated`,
    async (seed) => {
      const report = await explore({ seed, steps, cluster, keepAppLogIn });
      expect(
        report.findings.map((finding) => describeFinding(seed, finding)),
        `${describeTally(report.tally)}${appLogLine(report)}`,
      ).toEqual([]);
      expect(report.tally.steps).toBe(steps);
      expect(report.tally.settles).toBeGreaterThan(steps / 50);
    },
    15 * 60_000,
  );
});
