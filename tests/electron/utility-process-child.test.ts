import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('../support/fake-electron'));
const { electronFake, resetElectronFake } = await import('../support/fake-electron');
const { forkUtilityProcess } = await import('../../electron/main/utility-process-child');

beforeEach(() => resetElectronFake());

describe('utility process adapter', () => {
  it('forks the entry as a named utility process and adapts its messages and exit', () => {
    process.env.SYNTHEX_VAULT_PASSPHRASE = 'a long vault passphrase';
    const handle = forkUtilityProcess('/app/out/main/poller.js', 'poller');
    const [child] = electronFake.forks;
    expect(child!.entry).toBe('/app/out/main/poller.js');
    expect(child!.args).toEqual([]);
    expect(child!.options).toMatchObject({ serviceName: 'Synthex poller' });
    // Its environment is ours minus the vault passphrase.
    expect(child!.options.env).toMatchObject({ PATH: process.env.PATH });
    expect(child!.options.env).not.toHaveProperty('SYNTHEX_VAULT_PASSPHRASE');
    delete process.env.SYNTHEX_VAULT_PASSPHRASE;
    expect(handle.pid).toBe(4242);
    const messages: unknown[] = [];
    const exits: unknown[] = [];
    handle.onMessage((message) => messages.push(message));
    handle.onExit((code) => exits.push(code));
    child!.emit('message', { type: 'ready' });
    child!.emit('exit', 9);
    expect(messages).toEqual([{ type: 'ready' }]);
    expect(exits).toEqual([9]);
    handle.send({ type: 'stop' });
    expect(child!.postMessage).toHaveBeenCalledWith({ type: 'stop' });
    handle.kill();
    expect(child!.kill).toHaveBeenCalled();
  });
});
