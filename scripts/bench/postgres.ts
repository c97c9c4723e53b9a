/**
 * Embedded Postgres start-up cost, measured through `openDatabases` (what the app does at launch):
 * cold = first launch (initdb, start, create databases, apply migrations); warm = a later launch
 * (start, migrations checked). Times end when `openDatabases` resolves, i.e. at "migrations checked".
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabases } from '../../electron/core/db';
import { silentLogger } from '../../electron/core/util/logger';

const COLD_RUNS = 3;
const WARM_RUNS = 5;
const migrationsDir = fileURLToPath(new URL('../../resources/migrations/', import.meta.url));

function newDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'synthex-bench-pg-'));
  chmodSync(dir, 0o755); // as root the server runs as user "postgres", which must reach its directory
  return dir;
}

async function timeOpen(dataDir: string): Promise<number> {
  const started = performance.now();
  const dbs = await openDatabases({ dataDir, migrationsDir, logger: silentLogger });
  const elapsed = performance.now() - started;
  await dbs.close();
  return elapsed;
}

function summary(label: string, samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] ?? NaN;
  const ms = (n: number) => `${Math.round(n)} ms`;
  return `${label}: median ${ms(median)} (min ${ms(sorted[0] ?? NaN)}, max ${ms(sorted.at(-1) ?? NaN)}, ${samples.length} runs)`;
}

export default async function bench(report: (line: string) => void): Promise<void> {
  const dirs: string[] = [];
  try {
    const cold: number[] = [];
    for (let i = 0; i < COLD_RUNS; i++) {
      const dir = newDataDir();
      dirs.push(dir);
      cold.push(await timeOpen(dir));
    }
    report(summary('embedded postgres cold start (initdb → migrations checked)', cold));

    const warm: number[] = [];
    for (let i = 0; i < WARM_RUNS; i++) warm.push(await timeOpen(dirs[0]!));
    report(summary('embedded postgres warm start (start → migrations checked)', warm));
  } finally {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
}
