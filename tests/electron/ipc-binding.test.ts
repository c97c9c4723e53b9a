import { beforeEach, describe, expect, it, vi } from 'vitest';
import { channelNames, ipcChannelFor, ipcEventChannel } from '../../shared/contract';
import { defaultSettings } from '../../shared/domain/settings';

vi.mock('electron', () => import('../support/fake-electron'));
const { electronFake, resetElectronFake } = await import('../support/fake-electron');
const { bindContractToIpc } = await import('../../electron/main/ipc-binding');
const { EventBus } = await import('../../electron/core/rpc/event-bus');
const { silentLogger } = await import('../../electron/core/util/logger');

const rendererUrl = 'file:///opt/Synthex/resources/app/out/renderer/index.html';
const trustedFrame = { url: `${rendererUrl}#/system`, parent: null };

function bind() {
  const dispatch = vi.fn(async () => ({
    ok: true as const,
    result: { settings: defaultSettings, lockedBy: {} },
  }));
  const events = new EventBus();
  const sent: unknown[][] = [];
  const target = { isDestroyed: () => false, send: (...args: unknown[]) => sent.push(args) };
  const unbind = bindContractToIpc({
    dispatch,
    events,
    rendererUrl,
    targets: () => [target as never],
    logger: silentLogger,
  });
  return { dispatch, events, sent, unbind };
}

beforeEach(() => resetElectronFake());

describe('IPC binding', () => {
  it('binds every contract channel, and only those', () => {
    bind();
    expect([...electronFake.ipcHandlers.keys()].sort()).toEqual(channelNames.map(ipcChannelFor).sort());
  });

  it('dispatches a call from the trusted top-level frame with its channel and payload', async () => {
    const { dispatch } = bind();
    const reply = await electronFake.ipcHandlers.get(ipcChannelFor('settings.get'))!(
      { senderFrame: trustedFrame },
      {},
    );
    expect(reply).toMatchObject({ ok: true });
    expect(dispatch).toHaveBeenCalledWith('settings.get', {}, { transport: 'ipc' });
  });

  it.each([
    ['an unknown page', { url: 'https://evil.example/index.html', parent: null }],
    ['another local file', { url: 'file:///tmp/evil.html', parent: null }],
    ['an iframe of our page', { url: rendererUrl, parent: {} }],
    ['a destroyed frame', null],
  ])('refuses a call from %s without dispatching', async (_, senderFrame) => {
    const { dispatch } = bind();
    const reply = await electronFake.ipcHandlers.get(ipcChannelFor('settings.set'))!(
      { senderFrame },
      { exchangeEnvironment: 'testnet' },
    );
    expect(reply).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(dispatch).not.toHaveBeenCalled();
  });

  it('forwards core events to every window and stops after unbinding', () => {
    const { events, sent, unbind } = bind();
    const notice = { level: 'info' as const, title: 'hello', detail: null, at: new Date(0).toISOString() };
    events.emit('notice', notice);
    expect(sent).toEqual([[ipcEventChannel, 'notice', notice]]);
    unbind();
    events.emit('notice', notice);
    expect(sent).toHaveLength(1);
    expect(electronFake.ipcHandlers.size).toBe(0);
  });
});
