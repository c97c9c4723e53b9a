import { describe, expect, it } from 'vitest';
import { cleanKillRuns } from './kill-checks';

/**
 * CI's share of the kill harness: 20 SIGKILLs of the real headless process at random moments of opening
 * and closing, each followed by a restart (`npm run soak -- --runs 200` runs more).
 */
describe('killed at any instant', () => {
  it(
    'never sends an order twice, stores every fill exactly once, and ends every position',
    async () => {
      const { tally } = await cleanKillRuns({ runs: 20, seed: 20261201 });
      expect(tally.kills.app + tally.kills.group).toBe(20);
      expect(tally.executions).toBeGreaterThan(0);
    },
    30 * 60_000,
  );
});
