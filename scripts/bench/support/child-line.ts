import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface LineChild {
  child: ChildProcess;
  /** The first stdout line (a ready line), and how long it took to come. */
  line: string;
  readyMs: number;
  stop(): Promise<void>;
}

/**
 * Starts a command in its own process group and resolves at its first stdout line. Stopping signals
 * the whole group: `npm run` puts a shell between us and the server and does not forward signals.
 */
export async function startUntilLine(
  command: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<LineChild> {
  const started = performance.now();
  const child = spawn(command, args, {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) =>
      reject(new Error(`${command} ${args.join(' ')} exited with ${code}:\n${stderr}`)),
    );
  });
  const readyMs = performance.now() - started;
  return {
    child,
    line,
    readyMs,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        process.kill(-child.pid!, 'SIGTERM');
      }),
  };
}

/** Builds `out/` first when it does not match the sources, as `npm run serve` would. */
export async function ensureBuilt(root: string): Promise<void> {
  const { staleReason } = await import('../../build-stamp.mjs');
  if (staleReason(root) === null) return;
  const { build } = await import('../../build.mjs');
  build({ quiet: true });
}
