import { describe, expect, it } from 'vitest';
import { runKillHarness, tallyProblems } from './kill-harness';

/**
 * CI's share of the kill harness: 20 SIGKILLs of the real headless process at random moments of opening
 * and closing, each followed by a restart (`npm run soak -- --runs 200` runs more).
 */
describe('killed at any instant', () => {
  it(
    'never sends an order twice, stores every fill exactly once, and ends every position',
    async () => {
      const lines: string[] = [];
      const tally = await runKillHarness({
        runs: 20,
        seed: Number(process.env.SYNTHEX_KILL_SEED ?? 20261201),
        log: (l) => lines.push(l),
      });
      const problems = tallyProblems(tally);
      expect(problems, `${lines.join('\n')}\n${JSON.stringify(tally)}`).toEqual([]);
      expect(tally.kills.app + tally.kills.group).toBe(20);
      expect(tally.executions).toBeGreaterThan(0);
      expect(tally.trades).toBe(tally.executions);
    },
    30 * 60_000,
  );
});
