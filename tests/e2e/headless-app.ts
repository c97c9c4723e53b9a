import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { seedTestVaultKey } from '../support/test-vault-key';

export interface RunningApp {
  url: string;
  dataDir: string;
  process: ChildProcess;
  stop(): Promise<number | null>;
}

/**
 * The data dirs made here (~75 MB each: a Postgres cluster), removed when the Playwright worker exits. Not
 * on stop: a spec restarts the app on its data dir, or reads its files, after stopping it.
 */
const madeDataDirs: string[] = [];
process.once('exit', () => {
  for (const dir of madeDataDirs) rmSync(dir, { recursive: true, force: true });
});

/** Starts the built headless app exactly as a user would (`node out/headless/index.js`) and reads its ready line. */
export async function startHeadlessApp(
  options: { dataDir?: string; env?: Record<string, string>; port?: number } = {},
): Promise<RunningApp> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'synthex-e2e-'));
  if (!options.dataDir) madeDataDirs.push(dataDir);
  const port = String(options.port ?? 0);
  await seedTestVaultKey(dataDir, { ...process.env, ...options.env });
  const child = spawn(process.execPath, ['out/headless/index.js', '--port', port, '--data-dir', dataDir], {
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const firstLine = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', resolve);
    child.once('exit', (code) =>
      reject(new Error(`headless mode exited with ${code} before it was ready:\n${stderr}`)),
    );
  });
  const { url } = JSON.parse(firstLine) as { url: string };
  return {
    url,
    dataDir,
    process: child,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve(child.exitCode);
        child.once('exit', (code) => resolve(code));
        child.kill('SIGTERM');
      }),
  };
}
