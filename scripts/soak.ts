/**
 * `npm run soak -- --runs 200 [--seed N] [--latency-ms 40] [--drift]`: the kill harness at length (with
 * `--drift`, also hand-made changes, repairs and rebalances). Prints each run and the tally; exits 1 when
 * anything was sent twice, lost, doubled, invented or left unfinished.
 */
import { runKillHarness, tallyProblems } from '../tests/soak/kill-harness';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(value) || value < 0) {
    process.stderr.write(`--${name} must be a whole number\n`);
    process.exit(2);
  }
  return value;
}

const runs = arg('runs', 50);
const tally = await runKillHarness({
  runs,
  seed: arg('seed', Date.now() % 1_000_000),
  latencyMs: arg('latency-ms', 40),
  drift: process.argv.includes('--drift'),
  log: (line) => process.stdout.write(`${line}\n`),
});
const problems = tallyProblems(tally);
process.stdout.write(`\n${JSON.stringify(tally, null, 2)}\n`);
process.stdout.write(
  problems.length
    ? `FAILED: ${problems.join('; ')}\n`
    : `OK: ${tally.kills.app + tally.kills.group} kills, 0 duplicate orders, 0 lost or doubled fills\n`,
);
process.exit(problems.length ? 1 : 0);
