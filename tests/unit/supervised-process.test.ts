import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { forkNodeChild } from '../../electron/core/process/node-fork';
import { SupervisedProcess } from '../../electron/core/process/supervised-process';
import { silentLogger } from '../../electron/core/util/logger';
import { waitFor } from '../support/wait-for';

const child = (name: string) => fileURLToPath(new URL(`../fixtures/children/${name}.mjs`, import.meta.url));
const running: SupervisedProcess[] = [];

function supervise(name: string, options: Partial<ConstructorParameters<typeof SupervisedProcess>[0]> = {}) {
  const process = new SupervisedProcess({
    name,
    entry: child(name),
    spawn: forkNodeChild,
    logger: silentLogger,
    restartDelayMs: { first: 20, max: 80 },
    ...options,
  });
  running.push(process);
  return process;
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((process) => process.stop()));
});

describe('supervised process', () => {
  it('resolves start at the ready handshake and relays later messages', async () => {
    const poller = supervise('ready');
    await poller.start();
    expect(poller.status()).toMatchObject({ state: 'ready', restarts: 0 });
    expect(poller.status().pid).toBeGreaterThan(0);
    const received: unknown[] = [];
    poller.onMessage((message) => received.push(message));
    expect(poller.send({ type: 'echo', value: 7 })).toBe(true);
    await waitFor(() => received.length === 1);
    expect(received[0]).toEqual({ type: 'echoed', value: 7 });
  });

  it('restarts a crashed child with growing delays and reports why it exited', async () => {
    const poller = supervise('crash-after-ready');
    const states: string[] = [];
    poller.onStateChange((status) => states.push(status.state));
    await poller.start();
    await waitFor(() => poller.status().restarts >= 3);
    expect(poller.status().lastExit).toBe('exited with code 3');
    expect(states).toContain('crashed');
    expect(states).toContain('restarting');
  });

  it('kills a child that never says ready and counts it as a crash', async () => {
    const poller = supervise('never-ready', { readyTimeoutMs: 200, stopTimeoutMs: 200 });
    void poller.start().catch(() => {});
    await waitFor(() => poller.status().restarts >= 1);
    expect(poller.status().lastExit).toBe('no ready handshake within 200 ms');
  });

  it('stops a cooperative child cleanly and does not restart it', async () => {
    const poller = supervise('ready');
    await poller.start();
    const pid = poller.status().pid!;
    await poller.stop();
    expect(poller.status()).toMatchObject({ state: 'stopped', restarts: 0, pid: null });
    expect(() => process.kill(pid, 0)).toThrow();
  });

  it('kills a child that ignores the stop request after the timeout', async () => {
    const poller = supervise('ignores-stop', { stopTimeoutMs: 150 });
    await poller.start();
    const pid = poller.status().pid!;
    await poller.stop();
    expect(poller.status().state).toBe('stopped');
    await waitFor(() => {
      try {
        process.kill(pid, 0);
        return false;
      } catch {
        return true;
      }
    });
  });

  it('restarts a child killed from outside', async () => {
    const poller = supervise('ready');
    await poller.start();
    process.kill(poller.status().pid!, 'SIGKILL');
    await waitFor(() => poller.status().restarts === 1 && poller.status().state === 'ready');
    expect(poller.status().lastExit).toBe('exited with code null (killed)');
  });
});
