import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ipcChannelFor, ipcEventChannel, type SynthexBridge } from '../../shared/contract';

vi.mock('electron', () => import('../support/fake-electron'));
const { electronFake } = await import('../support/fake-electron');
const exposed = electronFake.exposed;
const invoke = electronFake.ipcInvoke;

await import('../../electron/preload/index');
const bridge = exposed.get('synthex') as SynthexBridge;

beforeEach(() => invoke.mockClear());

describe('preload', () => {
  it('exposes window.synthex and nothing else', () => {
    expect([...exposed.keys()]).toEqual(['synthex']);
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'on']);
  });

  it('sends a contract channel on its own IPC channel', async () => {
    await expect(bridge.invoke('system.status', {})).resolves.toEqual({ ok: true, result: 'from main' });
    expect(invoke).toHaveBeenCalledWith(ipcChannelFor('system.status'), {});
  });

  it('answers an unknown channel with a typed error without sending anything', async () => {
    const reply = await bridge.invoke('shell.exec' as never, {} as never);
    expect(reply).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
    expect(invoke).not.toHaveBeenCalled();
  });

  it('delivers only the subscribed event and unsubscribes cleanly', () => {
    const seen: unknown[] = [];
    const off = bridge.on('notice', (payload) => seen.push(payload));
    const emit = (name: string, payload: unknown) =>
      electronFake.rendererListeners.emit(ipcEventChannel, {}, name, payload);
    emit('system.status', { ignored: true });
    emit('notice', { title: 'x' });
    off();
    emit('notice', { title: 'y' });
    expect(seen).toEqual([{ title: 'x' }]);
    expect(() => bridge.on('nope' as never, () => {})).toThrow(/Unknown event/);
  });
});
