import { expect } from 'vitest';
import { runKillHarness, tallyProblems, type KillHarnessOptions, type KillTally } from './kill-harness';

/**
 * What every kill test ends with: no problem in the tally (its log and the tally say which, when there is
 * one), and every execution Bybit made stored as a trade.
 */
export function expectCleanTally(tally: KillTally, log: readonly string[]): void {
  expect(tallyProblems(tally), `${log.join('\n')}\n${JSON.stringify(tally)}`).toEqual([]);
  expect(tally.trades).toBe(tally.executions);
}

/**
 * The kill harness as CI runs it: `seed` unless SYNTHEX_KILL_SEED replays another, its log kept, and the
 * tally checked with `expectCleanTally`. The tally and the log are returned for the test's own checks.
 */
export async function cleanKillRuns(
  options: Omit<KillHarnessOptions, 'log' | 'seed'> & { seed: number },
): Promise<{ tally: KillTally; lines: string[] }> {
  const lines: string[] = [];
  const tally = await runKillHarness({
    ...options,
    seed: Number(process.env.SYNTHEX_KILL_SEED ?? options.seed),
    log: (line) => lines.push(line),
  });
  expectCleanTally(tally, lines);
  return { tally, lines };
}
