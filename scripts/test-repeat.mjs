// `npm run test:repeat -- --times N [file ...]`: the whole suite (`npm test`), or the given test files,
// N times in a row, every run to its end; one line per run, then the tally. A test that fails once in
// twenty runs throws a whole submission away, so this is how a fix for one is shown to hold.
// Files ending in .spec.ts run under Playwright, the walks' file under its own config, the rest under vitest.
import { spawnSync } from 'node:child_process';

const args = process.argv.slice(2);
const timesAt = args.indexOf('--times');
const times = timesAt === -1 ? NaN : Number(args[timesAt + 1]);
const files = args.filter((_, index) => index !== timesAt && index !== timesAt + 1);
if (!Number.isInteger(times) || times < 1) {
  console.error('Usage: npm run test:repeat -- --times N [test file ...]   (N a whole number ≥ 1)');
  process.exit(2);
}

/** The commands one run is made of: the whole suite, or each kind of file with its own runner. */
function commandsFor(selected) {
  if (selected.length === 0) return [['bash', ['scripts/test.sh']]];
  const specs = selected.filter((file) => file.endsWith('.spec.ts'));
  const walks = selected.filter((file) => file.endsWith('.walk.ts'));
  const rest = selected.filter((file) => !specs.includes(file) && !walks.includes(file));
  return [
    ...(rest.length ? [['npx', ['vitest', 'run', ...rest]]] : []),
    ...(walks.length
      ? [['npx', ['vitest', 'run', '-c', 'tests/explorer/vitest.walks.config.ts', ...walks]]]
      : []),
    ...(specs.length ? [['npx', ['playwright', 'test', ...specs]]] : []),
  ];
}

const outcomes = [];
for (let run = 1; run <= times; run += 1) {
  const started = Date.now();
  let failedCommand = null;
  for (const [command, commandArgs] of commandsFor(files)) {
    const result = spawnSync(command, commandArgs, { stdio: 'inherit' });
    if (result.status !== 0) {
      failedCommand = `${command} ${commandArgs.join(' ')} (${result.signal ?? `exit ${result.status}`})`;
      break;
    }
  }
  const seconds = Math.round((Date.now() - started) / 1000);
  outcomes.push(failedCommand === null);
  console.log(
    `== test:repeat run ${run}/${times}: ${failedCommand === null ? 'passed' : `FAILED in ${failedCommand}`}, ${seconds} s`,
  );
}
const failures = outcomes.filter((ok) => !ok).length;
console.log(
  `== test:repeat: ${times - failures} of ${times} runs passed${failures ? `, ${failures} failed` : ''}`,
);
process.exit(failures > 0 ? 1 : 0);
