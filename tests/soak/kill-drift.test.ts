import { describe, expect, it } from 'vitest';
import { cleanKillRuns } from './kill-checks';

/**
 * The kill harness over drift (docs/drift.md): legs closed by hand then repaired, prices moved then
 * rebalanced, and SIGKILLs in the middle of those as well as of opening and closing
 * (`npm run soak -- --drift --runs 100` runs more).
 */
describe('killed during a repair or a rebalance', () => {
  it(
    'resumes both, logs every outside fill once, never makes one a trade, and ends flat',
    async () => {
      const { tally, lines } = await cleanKillRuns({ runs: 12, drift: true, seed: 20261202 });
      const trace = lines.join('\n');
      expect(
        lines.some((l) => l.includes('repair')),
        trace,
      ).toBe(true);
      expect(
        lines.some((l) => l.includes('rebalance')),
        trace,
      ).toBe(true);
      expect(tally.outsideFills).toBeGreaterThan(0);
    },
    30 * 60_000,
  );
});
