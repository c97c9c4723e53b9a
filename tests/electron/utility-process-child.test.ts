import { describe, expect, it, vi } from 'vitest';

const listeners = new Map<string, (value: unknown) => void>();
const fake = {
  pid: 4242,
  postMessage: vi.fn(),
  kill: vi.fn(),
  on: (event: string, l: (value: unknown) => void) => listeners.set(event, l),
};
const fork = vi.fn(() => fake);

vi.mock('electron', () => ({ utilityProcess: { fork } }));

const { forkUtilityProcess } = await import('../../electron/main/utility-process-child');

describe('utility process adapter', () => {
  it('forks the entry as a named utility process and adapts its messages and exit', () => {
    const handle = forkUtilityProcess('/app/out/main/poller.js', 'poller');
    expect(fork).toHaveBeenCalledWith(
      '/app/out/main/poller.js',
      [],
      expect.objectContaining({ serviceName: 'Synthex poller' }),
    );
    expect(handle.pid).toBe(4242);
    const messages: unknown[] = [];
    const exits: unknown[] = [];
    handle.onMessage((message) => messages.push(message));
    handle.onExit((code) => exits.push(code));
    listeners.get('message')!({ type: 'ready' });
    listeners.get('exit')!(9);
    expect(messages).toEqual([{ type: 'ready' }]);
    expect(exits).toEqual([9]);
    handle.send({ type: 'stop' });
    expect(fake.postMessage).toHaveBeenCalledWith({ type: 'stop' });
    handle.kill();
    expect(fake.kill).toHaveBeenCalled();
  });
});
