/** The built headless app as a real child process, and a typed contract client for it over its WebSocket. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { WebSocket } from 'ws';
import type { ChannelName, EventName, RequestOf, ResponseOf } from '../../shared/contract';
import { SynthexError } from '../../shared/contract';
import { seedTestVaultKey } from './test-vault-key';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export interface AppProcess {
  url: string;
  child: ChildProcess;
  /** SIGKILL the app alone (its Postgres is orphaned) or its whole process group (Postgres too). */
  kill(group: boolean): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts `node out/headless/index.js` in its own process group (so the whole group can be killed like a
 * power cut) and resolves with the URL from its ready line. Needs `npm run build` first.
 */
export async function startAppProcess(
  dataDir: string,
  env: Record<string, string>,
  args: string[] = ['--port', '0'],
  /** A file the app's log lines are appended to (for a long investigation, the explorer). */
  logTo = process.env.SYNTHEX_TEST_APP_LOG,
): Promise<AppProcess> {
  await seedTestVaultKey(dataDir, { ...process.env, ...env });
  const child = spawn(process.execPath, ['out/headless/index.js', ...args, '--data-dir', dataDir], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let stderr = '';
  if (logTo) child.stderr!.pipe(createWriteStream(logTo, { flags: 'a' }));
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-20_000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) =>
      reject(new Error(`headless mode exited with ${code} before it was ready:\n${stderr}`)),
    );
  });
  const { url } = JSON.parse(line) as { url: string };
  const kill = async (group: boolean) => {
    if (child.exitCode === null && child.signalCode === null) {
      if (group) process.kill(-child.pid!, 'SIGKILL');
      else child.kill('SIGKILL');
    }
    await exited;
  };
  return {
    url,
    child,
    kill,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
      if (child.exitCode === null && child.signalCode === null) await kill(true);
    },
  };
}

export interface ContractClient {
  invoke<C extends ChannelName>(channel: C, payload: RequestOf<C>): Promise<ResponseOf<C>>;
  on(event: EventName, listener: (payload: unknown) => void): void;
  close(): void;
}

/** The headless wire format (DESIGN §5 in docs/architecture.md): `{id, channel, payload}` → `{id, ok, …}`. */
export async function connectContract(appUrl: string): Promise<ContractClient> {
  const page = new URL(appUrl);
  const ws = new WebSocket(`ws://${page.host}/ws?token=${page.searchParams.get('token')}`, {
    headers: { Origin: `http://${page.host}` },
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  let nextId = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const listeners = new Map<string, ((payload: unknown) => void)[]>();
  ws.on('message', (data: Buffer) => {
    const frame = JSON.parse(data.toString()) as Record<string, unknown>;
    if (typeof frame.event === 'string') {
      for (const listener of listeners.get(frame.event) ?? []) listener(frame.payload);
      return;
    }
    const waiter = pending.get(frame.id as number);
    if (!waiter) return;
    pending.delete(frame.id as number);
    if (frame.ok) waiter.resolve(frame.result);
    else waiter.reject(SynthexError.from(frame.error as never));
  });
  ws.on('close', () => {
    for (const waiter of pending.values()) waiter.reject(new Error('connection closed'));
    pending.clear();
  });
  return {
    invoke: (channel, payload) =>
      new Promise((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
        ws.send(JSON.stringify({ id, channel, payload }));
      }),
    on(event, listener) {
      listeners.set(event, [...(listeners.get(event) ?? []), listener]);
    },
    close: () => ws.close(),
  };
}
