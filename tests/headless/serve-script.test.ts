import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { staleReason } from '../../scripts/build-stamp.mjs';
import { build } from '../../scripts/build.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('npm run serve on a built checkout', () => {
  beforeAll(() => {
    // `npm test` has just built; a bare vitest run may not have.
    if (staleReason(root) !== null) build({ quiet: true });
  }, 300_000);

  it('starts without building and prints nothing of the bundlers', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'synthex-serve-'));
    chmodSync(dataDir, 0o755); // as root the embedded server runs as "postgres", which must reach it
    const child = spawn(process.execPath, ['scripts/serve.mjs', '--port', '0', '--data-dir', dataDir], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const lines: string[] = [];
    createInterface({ input: child.stdout }).on('line', (line) => lines.push(line));
    // How it ended (an exit code, or the signal that ended it), once its output is all read.
    const exited = new Promise<string>((resolve) =>
      child.once('close', (code, signal) => resolve(code === null ? `signal ${signal}` : `code ${code}`)),
    );
    await new Promise<void>((resolve, reject) => {
      const timer = setInterval(() => lines.length > 0 && (clearInterval(timer), resolve()), 20);
      void exited.then(
        (how) => (clearInterval(timer), reject(new Error(`serve ended (${how}) before ready:\n${stderr}`))),
      );
    });
    child.kill('SIGTERM');
    const ended = await exited;
    expect(
      ended,
      `serve on SIGTERM ended with ${ended}; stdout ${JSON.stringify(lines)}, stderr:\n${stderr.slice(-4000)}`,
    ).toBe('code 0');

    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toEqual({
      url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/\?token=/),
    });
    // Only the app's own JSON log lines on stderr: no build, no vite or Rollup output.
    expect(stderr).not.toMatch(/Building Synthex|vite|rendering chunks|annotation/i);
    for (const line of stderr.split('\n').filter(Boolean)) expect(() => JSON.parse(line)).not.toThrow();
  }, 120_000);
});
