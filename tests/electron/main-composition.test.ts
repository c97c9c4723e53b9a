import { beforeEach, describe, expect, it, vi } from 'vitest';

/**
 * The desktop composition root, imported with Electron mocked: it must take the single-instance lock,
 * bind every contract channel, start the poller as a utility process, show the window and put up the tray.
 */
const state = vi.hoisted(() => ({
  lock: true,
  handled: [] as string[],
  forks: [] as string[],
  windows: 0,
  trays: 0,
  quit: 0,
  appListeners: new Map<string, (...args: unknown[]) => void>(),
}));

const openDatabases = vi.hoisted(() =>
  vi.fn(async () => Promise.reject(new Error('no database in this test'))),
);
vi.mock('../../electron/core/db', () => ({ openDatabases }));

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

vi.mock('electron', () => {
  class FakeContents {
    on() {}
    setWindowOpenHandler() {}
    isDestroyed() {
      return false;
    }
    send() {}
  }
  class BrowserWindow {
    static all: BrowserWindow[] = [];
    static getAllWindows = () => BrowserWindow.all;
    webContents = new FakeContents();
    constructor() {
      state.windows += 1;
      BrowserWindow.all.push(this);
    }
    once() {}
    on() {}
    loadURL = async () => {};
    isDestroyed = () => false;
    isMinimized = () => false;
    show() {}
    focus() {}
  }
  return {
    app: {
      isPackaged: false,
      requestSingleInstanceLock: () => state.lock,
      quit: () => (state.quit += 1),
      exit: vi.fn(),
      on: (event: string, listener: (...args: unknown[]) => void) => state.appListeners.set(event, listener),
      whenReady: () => Promise.resolve(),
      isReady: () => true,
      getName: () => 'Synthex',
      getVersion: () => '0.1.0',
      getPath: () => '/tmp/synthex-user-data',
    },
    BrowserWindow,
    ipcMain: { handle: (channel: string) => state.handled.push(channel), removeHandler: vi.fn() },
    utilityProcess: {
      fork: (entry: string) => {
        state.forks.push(entry);
        return { pid: 1, postMessage() {}, kill() {}, on() {} };
      },
    },
    Tray: class {
      constructor() {
        state.trays += 1;
      }
      setToolTip() {}
      setContextMenu() {}
      on() {}
      destroy() {}
    },
    Menu: { buildFromTemplate: () => ({}) },
    nativeImage: { createFromPath: () => ({}) },
    shell: { openExternal: vi.fn() },
  };
});

beforeEach(() => {
  vi.resetModules();
  Object.assign(state, { handled: [], forks: [], windows: 0, trays: 0, quit: 0 });
  state.appListeners.clear();
});

describe('desktop composition root', () => {
  it('quits at once when another instance holds the lock', async () => {
    state.lock = false;
    await import('../../electron/main/index');
    expect(state.quit).toBe(1);
    expect(state.windows).toBe(0);
    expect(state.handled).toEqual([]);
  });

  it('wires contract, poller, window and tray when it holds the lock', async () => {
    state.lock = true;
    const { channelNames, ipcChannelFor } = await import('../../shared/contract');
    await import('../../electron/main/index');
    await vi.waitFor(() => expect(state.windows).toBe(1));
    expect(state.handled.sort()).toEqual(channelNames.map(ipcChannelFor).sort());
    expect(state.forks).toHaveLength(1);
    expect(state.forks[0]).toMatch(/[\\/]main[\\/]poller\.js$/); // out/main/poller.js once built
    expect(state.trays).toBe(1);
    expect(state.appListeners.has('second-instance')).toBe(true);
    await vi.waitFor(() => expect(openDatabases).toHaveBeenCalledOnce());
    expect(openDatabases).toHaveBeenCalledWith(
      expect.objectContaining({
        dataDir: '/tmp/synthex-user-data',
        migrationsDir: expect.stringMatching(/resources[\\/]migrations$/),
        // The embedded database password is sealed by the vault (keychain-wrapped data key).
        passwordStore: expect.objectContaining({
          read: expect.any(Function),
          opensWith: expect.any(Function),
        }),
      }),
    );
  });
});
