/**
 * A warm `npm run serve` start (the build is fresh, the data directory initialised) against starting
 * the built app directly (`node out/headless/index.js`): both until the ready line, alternated, in one
 * run. The ratio is what the freshness check, npm and the script add; the goal is at most 1.5.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureBuilt, startUntilLine } from './support/child-line';
import { median } from './support/harness';

const runs = 5;
const root = fileURLToPath(new URL('../..', import.meta.url));

export default async function bench(report: (line: string) => void): Promise<void> {
  await ensureBuilt(root);
  const dataDir = mkdtempSync(join(tmpdir(), 'synthex-bench-serve-'));
  chmodSync(dataDir, 0o755); // as root the embedded server runs as "postgres", which must reach it
  const args = ['--port', '0', '--data-dir', dataDir];
  const direct = () => startUntilLine(process.execPath, [join(root, 'out/headless/index.js'), ...args]);
  const serve = () => startUntilLine('npm', ['run', '--silent', 'serve', '--', ...args]);
  try {
    await (await direct()).stop(); // initialises the cluster: every timed start below is warm
    const directMs: number[] = [];
    const serveMs: number[] = [];
    for (let run = 0; run < runs; run++) {
      for (const [start, samples] of [
        [direct, directMs],
        [serve, serveMs],
      ] as const) {
        const app = await start();
        if (!app.line.startsWith('{"url":')) throw new Error(`unexpected first line: ${app.line}`);
        samples.push(app.readyMs);
        await app.stop();
      }
    }
    const ratio = median(serveMs) / median(directMs);
    report(`warm start until the ready line, median of ${runs} runs each (alternated)`);
    report(`  node out/headless/index.js   ${median(directMs).toFixed(0)} ms`);
    report(`  npm run serve                ${median(serveMs).toFixed(0)} ms`);
    report(`  serve / built app            ${ratio.toFixed(2)} (goal <= 1.5)`);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
