/**
 * `npm run explore -- --seed S --steps N [--replay] [--verbose] [--keep-going]`: the seeded explorer
 * (docs/explorer.md). Needs `npm run build` first (it drives the built headless mode). Prints each
 * violation with its step and trace, then the tally; exits 1 when anything was violated.
 *
 * Every run records its walk in `<tmp>/synthex-explorer/seed-S.json`; `--replay` runs the seed again,
 * printing every action and event, up to the recorded violation's step, and says whether it took the same
 * walk.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appLogLine, explore } from '../tests/explorer/explorer';
import { describeFinding, describeTally } from '../tests/explorer/trace';

interface Recorded {
  seed: number;
  steps: number;
  walk: string[];
  findings: { step: number; invariant: string; message: string }[];
}

function numberArg(name: string): number | undefined {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return undefined;
  const value = Number(process.argv[i + 1]);
  if (!Number.isInteger(value) || value < 0) {
    process.stderr.write(`--${name} must be a whole number\n`);
    process.exit(2);
  }
  return value;
}

const flag = (name: string) => process.argv.includes(`--${name}`);
const write = (line: string) => process.stdout.write(`${line}\n`);
const seed = numberArg('seed') ?? Date.now() % 1_000_000;
const replay = flag('replay');
const recordFile = join(tmpdir(), 'synthex-explorer', `seed-${seed}.json`);
let recorded: Recorded | null = null;
if (replay) {
  try {
    recorded = JSON.parse(readFileSync(recordFile, 'utf8')) as Recorded;
  } catch {
    write(`(no earlier run of seed ${seed} recorded here; replaying the seed without comparing)`);
  }
}
const steps = numberArg('steps') ?? recorded?.findings[0]?.step ?? recorded?.steps ?? 300;

write(`explore: seed ${seed}, ${steps} steps${replay ? ', replay' : ''}`);
// Ctrl-C ends the walk at the next step and still stops the app, the simulator and Postgres; twice quits.
const interrupt = new AbortController();
process.on('SIGINT', () => {
  if (interrupt.signal.aborted) process.exit(130);
  write('(stopping after this step; Ctrl-C again to quit at once)');
  interrupt.abort();
});
const report = await explore({
  signal: interrupt.signal,
  seed,
  steps,
  keepGoing: flag('keep-going'),
  verbose: flag('verbose') || replay,
  log: write,
  // A walk that finds something keeps the app's log (with the guard's audit lines) to explain it.
  keepAppLogIn: 'reports/explorer',
});
for (const finding of report.findings) write(`\n${describeFinding(seed, finding)}`);
write(`\n${describeTally(report.tally)}${appLogLine(report)}`);
if (recorded) {
  const diverged = recorded.walk.findIndex((text, i) => i < report.walk.length && report.walk[i] !== text);
  write(
    diverged < 0
      ? `replay: the same ${report.walk.length} steps as the recorded run`
      : `replay: diverged at step ${diverged + 1}:\n  recorded: ${recorded.walk[diverged]}\n  now:      ${report.walk[diverged]}`,
  );
}
mkdirSync(join(tmpdir(), 'synthex-explorer'), { recursive: true });
const record: Recorded = {
  seed,
  steps: report.tally.steps,
  walk: report.walk,
  findings: report.findings.map((f) => ({ step: f.step, ...f.violation })),
};
if (!replay) writeFileSync(recordFile, JSON.stringify(record, null, 1));
process.exit(report.findings.length > 0 ? 1 : 0);
