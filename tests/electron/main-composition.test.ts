import { beforeEach, describe, expect, it, vi } from 'vitest';

/**
 * The desktop composition root, imported with Electron mocked: it must take the single-instance lock,
 * bind every contract channel, start the poller as a utility process, show the window and put up the tray.
 */
const openDatabases = vi.hoisted(() =>
  vi.fn(async () => Promise.reject(new Error('no database in this test'))),
);
vi.mock('../../electron/core/db', async (importOriginal) => ({
  ...(await importOriginal<typeof Db>()),
  openDatabases,
}));

vi.mock('electron-store', () => ({
  default: class {
    data = new Map<string, unknown>();
    get(key: string) {
      return this.data.get(key);
    }
    set(key: string, value: unknown) {
      this.data.set(key, value);
    }
  },
}));

vi.mock('electron', () => import('../support/fake-electron'));
/** A packaged build asks electron-updater for its updater; this one only records that it was set up. */
const updater = vi.hoisted(() => ({
  autoDownload: true,
  autoInstallOnAppQuit: true,
  logger: null as unknown,
  channel: null as string | null,
  allowPrerelease: false,
  allowDowngrade: true,
  setFeedURL: vi.fn(),
  checkForUpdates: vi.fn(async () => null),
  downloadUpdate: vi.fn(),
  quitAndInstall: vi.fn(),
  on: vi.fn(),
  off: vi.fn(),
}));
vi.mock('electron-updater', () => ({ default: { autoUpdater: updater } }));
import type * as FakeElectron from '../support/fake-electron';
import type * as Db from '../../electron/core/db';

/** The fake the composition root got: the mock outlives vi.resetModules, so each test resets it. */
async function electron() {
  return (await import('electron')) as unknown as typeof FakeElectron;
}

/** Runs the desktop entry (electron/main/index) on the fake Electron until its main window is open. */
async function startDesktop() {
  const fake = await electron();
  await import('../../electron/main/index');
  await vi.waitFor(() => expect(fake.electronFake.windows).toHaveLength(1));
  return fake;
}

beforeEach(async () => {
  vi.resetModules();
  openDatabases.mockClear();
  (await electron()).resetElectronFake();
});

describe('desktop composition root', () => {
  it('quits at once when another instance holds the lock', async () => {
    const { electronFake } = await electron();
    electronFake.singleInstanceLock = false;
    await import('../../electron/main/index');
    expect(electronFake.quitCalls).toBe(1);
    expect(electronFake.windows).toHaveLength(0);
    expect(electronFake.ipcHandlers.size).toBe(0);
  });

  it('wires contract, poller, window and tray when it holds the lock', async () => {
    const { electronFake } = await startDesktop();
    const { channelNames, ipcChannelFor } = await import('../../shared/contract');
    expect([...electronFake.ipcHandlers.keys()].sort()).toEqual(channelNames.map(ipcChannelFor).sort());
    expect(electronFake.forks).toHaveLength(1);
    expect(electronFake.forks[0]!.entry).toMatch(/[\\/]main[\\/]poller\.js$/); // out/main/poller.js once built
    expect(electronFake.trays).toHaveLength(1);
    expect(electronFake.appListeners.listeners.has('second-instance')).toBe(true);
    await vi.waitFor(() => expect(openDatabases).toHaveBeenCalledOnce());
    expect(openDatabases).toHaveBeenCalledWith(
      expect.objectContaining({
        dataDir: electronFake.paths.userData,
        migrationsDir: expect.stringMatching(/resources[\\/]migrations$/),
        // The embedded database password is sealed by the vault (keychain-wrapped data key).
        passwordStore: expect.objectContaining({
          read: expect.any(Function),
          sealedUnder: expect.any(Function),
        }),
      }),
    );
  });

  it('when another process drives the User Data DB: a dialog names it, and the app quits without a window', async () => {
    const { electronFake } = await electron();
    const { DriverConflictError } = await import('../../electron/core/db');
    const message =
      'Synthex is already running on the User Data DB "synthex_user": Synthex (headless mode, pid 77 …)';
    openDatabases.mockRejectedValueOnce(new DriverConflictError(message, null));
    await import('../../electron/main/index');
    // The poller it had started is told to stop, and the app waits for it before exiting.
    await vi.waitFor(() =>
      expect(electronFake.forks[0]!.postMessage).toHaveBeenCalledWith(
        expect.objectContaining({ type: 'stop' }),
      ),
    );
    electronFake.forks[0]!.emit('exit', 0);
    await vi.waitFor(() => expect(electronFake.exitCodes).toEqual([1]));
    expect(electronFake.errorBoxes).toEqual([{ title: 'Synthex is already running', content: message }]);
    expect(electronFake.windows).toHaveLength(0);
    expect(electronFake.trays).toHaveLength(0);
  });

  it('closing the window keeps Synthex in the tray, and says so once', async () => {
    const { electronFake, preventableEvent } = await startDesktop();
    const [window] = electronFake.windows;
    window!.show();
    const close = () => {
      const event = preventableEvent();
      window!.emit('close', event);
      return event.prevented;
    };
    expect(close()).toBe(true);
    expect(window!.visible).toBe(false);
    expect(electronFake.notifications.map((n) => n.options.title)).toEqual(['Synthex keeps running']);
    expect(close()).toBe(true);
    expect(electronFake.notifications).toHaveLength(1);
    expect(electronFake.quitCalls).toBe(0);
  });

  it('Quit really quits: the core stops (the poller is told to stop) before the app exits', async () => {
    const { electronFake, preventableEvent } = await startDesktop();
    await vi.waitFor(() => expect(electronFake.trays).toHaveLength(1));
    const [poller] = electronFake.forks;
    poller!.emit('message', { type: 'ready' });
    electronFake.trays[0]!.item('Quit').click!();
    expect(electronFake.quitCalls).toBe(1);
    const event = preventableEvent();
    electronFake.appListeners.emit('before-quit', event);
    // The first before-quit is held until the core has stopped: poller, then databases (Postgres).
    expect(event.prevented).toBe(true);
    await vi.waitFor(() =>
      expect(poller!.postMessage).toHaveBeenCalledWith(expect.objectContaining({ type: 'stop' })),
    );
    expect(electronFake.trays[0]!.destroyed).toBe(true);
    poller!.emit('exit', 0);
    await vi.waitFor(() => expect(electronFake.quitCalls).toBe(2));
  });

  it('when packaged: ignores ELECTRON_RENDERER_URL, denies permissions, drops the default menu', async () => {
    const { electronFake } = await electron();
    electronFake.isPackaged = true;
    const resources = process as unknown as { resourcesPath?: string };
    resources.resourcesPath = '/opt/Synthex/resources';
    process.env.ELECTRON_RENDERER_URL = 'http://127.0.0.1:5173/';
    try {
      await import('../../electron/main/index');
      await vi.waitFor(() => expect(electronFake.windows).toHaveLength(1));
      const [window] = electronFake.windows;
      expect(window!.loaded).toEqual([expect.stringMatching(/^file:\/\/.*[\\/]renderer[\\/]index\.html$/)]);
      expect((window!.options.webPreferences as { devTools: boolean }).devTools).toBe(false);
      expect(electronFake.permissionRequestHandler).toBeTypeOf('function');
      expect(electronFake.permissionCheckHandler!({}, 'media', 'file://', {})).toBe(false);
      if (process.platform !== 'darwin') expect(electronFake.applicationMenu).toBeNull();
      // The updater is set up (never downloading or installing by itself), and stays off under tests.
      expect(updater).toMatchObject({ autoDownload: false, autoInstallOnAppQuit: false });
      expect(updater.checkForUpdates).not.toHaveBeenCalled();
      await vi.waitFor(() =>
        expect(openDatabases).toHaveBeenCalledWith(
          expect.objectContaining({ migrationsDir: '/opt/Synthex/resources/migrations' }),
        ),
      );
    } finally {
      delete process.env.ELECTRON_RENDERER_URL;
      delete resources.resourcesPath;
    }
  });
});
