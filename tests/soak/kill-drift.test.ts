import { describe, expect, it } from 'vitest';
import { runKillHarness, tallyProblems } from './kill-harness';

/**
 * The kill harness over drift (docs/drift.md): legs closed by hand then repaired, prices moved then
 * rebalanced, and SIGKILLs in the middle of those as well as of opening and closing
 * (`npm run soak -- --drift --runs 100` runs more).
 */
describe('killed during a repair or a rebalance', () => {
  it(
    'resumes both, logs every outside fill once, never makes one a trade, and ends flat',
    async () => {
      const lines: string[] = [];
      const tally = await runKillHarness({
        runs: 12,
        drift: true,
        seed: Number(process.env.SYNTHEX_KILL_SEED ?? 20261202),
        log: (l) => lines.push(l),
      });
      const problems = tallyProblems(tally);
      const trace = `${lines.join('\n')}\n${JSON.stringify(tally)}`;
      expect(problems, trace).toEqual([]);
      expect(
        lines.some((l) => l.includes('repair')),
        trace,
      ).toBe(true);
      expect(
        lines.some((l) => l.includes('rebalance')),
        trace,
      ).toBe(true);
      expect(tally.outsideFills).toBeGreaterThan(0);
      expect(tally.trades).toBe(tally.executions);
    },
    30 * 60_000,
  );
});
