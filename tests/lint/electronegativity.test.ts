import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDirs } from '../db/db-test-helpers';

/** The gate npm test runs: it passes on our sources and fails on a window that gives the page Node. */
function gate(...sources: string[]) {
  const run = spawnSync(process.execPath, ['scripts/electronegativity.mjs', ...sources], {
    encoding: 'utf8',
  });
  return { status: run.status, output: run.stdout, errors: run.stderr };
}

afterAll(() => removeTempDirs());

describe('electronegativity gate', () => {
  it('passes the main and preload sources with no high or medium finding', () => {
    const { status, output, errors } = gate();
    expect(output).toMatch(/electronegativity: 0 high, 0 medium, \d+ low/);
    // Every finding is printed on stdout, and what went wrong otherwise on stderr: show both on failure.
    expect(status, `${output}\n${errors}`).toBe(0);
  }, 120_000);

  it('fails an insecure window', () => {
    const dir = join(makeTempDir('synthex-insecure-'), 'insecure');
    mkdirSync(dir);
    writeFileSync(
      join(dir, 'window.ts'),
      "import { BrowserWindow } from 'electron';\n" +
        'export const w = new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false } });\n',
    );
    const { status, output } = gate(dir);
    expect(output).toMatch(/HIGH CONTEXT_ISOLATION_JS_CHECK insecure\/window.ts.*FAIL/);
    expect(status).toBe(1);
  }, 120_000);
});
