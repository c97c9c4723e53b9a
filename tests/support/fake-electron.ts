import { mkdtempSync } from 'node:fs';
import { request as httpRequest, type RequestOptions } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { vi } from 'vitest';

/**
 * The one stand-in for the `electron` module (no Electron binary can be downloaded on the build
 * machines). A test mocks Electron with it and reads or arranges `electronFake`:
 *
 *   vi.mock('electron', () => import('../support/fake-electron'));
 *   import { electronFake, resetElectronFake } from '../support/fake-electron';
 *
 * It records what the code under test asked Electron to do, and behaves just enough like Electron for
 * that code to run. Every test file gets a fresh module instance; call resetElectronFake() between tests.
 */

type Listener = (...args: unknown[]) => void;

class Emitter {
  readonly listeners = new Map<string, Listener[]>();
  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  once(event: string, listener: Listener): this {
    return this.on(event, listener);
  }
  removeListener(event: string, listener: Listener): this {
    this.listeners.set(
      event,
      (this.listeners.get(event) ?? []).filter((l) => l !== listener),
    );
    return this;
  }
  /** Calls the listeners as Electron would; returns how many there were. */
  emit(event: string, ...args: unknown[]): number {
    const listeners = this.listeners.get(event) ?? [];
    for (const listener of listeners) listener(...args);
    return listeners.length;
  }
  listener(event: string): Listener {
    const listener = this.listeners.get(event)?.[0];
    if (!listener) throw new Error(`nothing listens to '${event}'`);
    return listener;
  }
}

export type KeychainBackend =
  'basic_text' | 'gnome_libsecret' | 'kwallet' | 'kwallet5' | 'kwallet6' | 'unknown';
export type WindowOpenHandler = (details: { url: string }) => { action: string };
export type MenuItem = {
  label?: string;
  type?: string;
  enabled?: boolean;
  visible?: boolean;
  accelerator?: string;
  click?: () => void;
};

export class FakeWebContents extends Emitter {
  openHandler: WindowOpenHandler | null = null;
  sent: unknown[][] = [];
  destroyed = false;
  devToolsOpened = 0;
  devToolsClosed = 0;
  setWindowOpenHandler(handler: WindowOpenHandler): void {
    this.openHandler = handler;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  send(...args: unknown[]): void {
    this.sent.push(args);
  }
  openDevTools(): void {
    this.devToolsOpened += 1;
  }
  closeDevTools(): void {
    this.devToolsClosed += 1;
  }
}

export class BrowserWindow extends Emitter {
  static getAllWindows = (): BrowserWindow[] => electronFake.windows.filter((w) => !w.destroyed);
  webContents = new FakeWebContents();
  loaded: string[] = [];
  destroyed = false;
  visible = false;
  menuBarVisible = true;
  constructor(readonly options: Record<string, unknown> = {}) {
    super();
    electronFake.windows.push(this);
  }
  loadURL(url: string): Promise<void> {
    this.loaded.push(url);
    return Promise.resolve();
  }
  isDestroyed = (): boolean => this.destroyed;
  isMinimized = (): boolean => false;
  isVisible = (): boolean => this.visible;
  position: [number, number] = [0, 0];
  setPosition(x: number, y: number): void {
    this.position = [x, y];
  }
  destroy(): void {
    this.destroyed = true;
  }
  restore(): void {}
  show(): void {
    this.visible = true;
  }
  hide(): void {
    this.visible = false;
  }
  focus(): void {}
  setMenuBarVisibility(visible: boolean): void {
    this.menuBarVisible = visible;
  }
  removeMenu(): void {
    this.menuBarVisible = false;
  }
}

export class Tray extends Emitter {
  tooltip = '';
  title = '';
  menu: { items: MenuItem[] } | null = null;
  destroyed = false;
  /** Every image set, the constructor's first. */
  images: unknown[] = [];
  constructor(readonly image: unknown) {
    super();
    this.images.push(image);
    electronFake.trays.push(this);
  }
  setToolTip(text: string): void {
    this.tooltip = text;
  }
  setTitle(text: string): void {
    this.title = text;
  }
  setImage(image: unknown): void {
    this.images.push(image);
  }
  /** The path of the image shown now (nativeImage.createFromPath's fake keeps it). */
  imagePath(): string {
    return (this.images.at(-1) as { path: string }).path;
  }
  getBounds() {
    return { x: 1800, y: 0, width: 24, height: 24 };
  }
  setContextMenu(menu: { items: MenuItem[] }): void {
    this.menu = menu;
  }
  destroy(): void {
    this.destroyed = true;
  }
  /** The labels of the current context menu, separators left out. */
  labels(): string[] {
    return (this.menu?.items ?? []).filter((item) => item.label).map((item) => item.label!);
  }
  item(label: string): MenuItem {
    const item = this.menu?.items.find((candidate) => candidate.label === label);
    if (!item) throw new Error(`the tray menu has no '${label}' (it has: ${this.labels().join(', ')})`);
    return item;
  }
}

export class FakeUtilityProcess extends Emitter {
  pid = 4242;
  postMessage = vi.fn();
  kill = vi.fn();
  constructor(
    readonly entry: string,
    readonly args: string[],
    readonly options: Record<string, unknown>,
  ) {
    super();
  }
}

type PermissionRequestHandler = (
  webContents: unknown,
  permission: string,
  callback: (granted: boolean) => void,
  details?: unknown,
) => void;
type PermissionCheckHandler = (
  webContents: unknown,
  permission: string,
  origin: string,
  details?: unknown,
) => boolean;

/** A fresh userData per fake, so nothing a test writes there (logs) outlives it or meets another test's. */
function freshPaths(): Record<string, string> {
  const userData = mkdtempSync(join(tmpdir(), 'synthex-user-data-'));
  return { userData, logs: join(userData, 'logs') };
}

function freshState() {
  return {
    /** app */
    isPackaged: false,
    version: '0.1.0',
    singleInstanceLock: true,
    quitCalls: 0,
    exitCodes: [] as number[],
    relaunches: 0,
    appListeners: new Emitter(),
    paths: freshPaths(),
    appLogsPath: null as string | null,
    applicationMenu: undefined as unknown,
    /** ipcMain.handle */
    ipcHandlers: new Map<string, (event: unknown, payload: unknown) => Promise<unknown>>(),
    /** ipcRenderer and contextBridge (the preload's side) */
    exposed: new Map<string, unknown>(),
    rendererListeners: new Emitter(),
    ipcInvoke: vi.fn(async (..._args: unknown[]): Promise<unknown> => ({ ok: true, result: 'from main' })),
    /** safeStorage */
    keychain: {
      available: true,
      backend: 'gnome_libsecret' as KeychainBackend,
      encryptCalls: [] as string[],
    },
    /** dialog.showErrorBox */
    errorBoxes: [] as { title: string; content: string }[],
    /** shell */
    openExternal: vi.fn(async (_url: string) => {}),
    openPath: vi.fn(async (_path: string) => ''),
    /** windows, trays, utility processes, menus */
    windows: [] as BrowserWindow[],
    trays: [] as Tray[],
    notifications: [] as Notification[],
    forks: [] as FakeUtilityProcess[],
    menus: [] as MenuItem[][],
    /** session.defaultSession */
    permissionRequestHandler: null as PermissionRequestHandler | null,
    permissionCheckHandler: null as PermissionCheckHandler | null,
  };
}

/** An event a listener may preventDefault() (a window's close, the app's before-quit), remembering whether it did. */
export function preventableEvent() {
  return {
    prevented: false,
    preventDefault() {
      this.prevented = true;
    },
  };
}

export const electronFake = freshState();

export function resetElectronFake(): void {
  Object.assign(electronFake, freshState());
}

export const app = {
  get isPackaged() {
    return electronFake.isPackaged;
  },
  requestSingleInstanceLock: () => electronFake.singleInstanceLock,
  quit: () => {
    electronFake.quitCalls += 1;
  },
  exit: (code = 0) => {
    electronFake.exitCodes.push(code);
  },
  relaunch: () => {
    electronFake.relaunches += 1;
  },
  on: (event: string, listener: Listener) => electronFake.appListeners.on(event, listener),
  once: (event: string, listener: Listener) => electronFake.appListeners.on(event, listener),
  whenReady: () => Promise.resolve(),
  isReady: () => true,
  getName: () => 'Synthex',
  getVersion: () => electronFake.version,
  getAppPath: () => '/tmp/synthex-app',
  getPath: (name: string) => {
    const path = electronFake.paths[name];
    if (!path) throw new Error(`Failed to get '${name}' path`);
    return path;
  },
  setAppLogsPath: (path?: string) => {
    electronFake.appLogsPath = path ?? electronFake.paths.logs!;
  },
};

export const dialog = {
  showErrorBox: (title: string, content: string) => {
    electronFake.errorBoxes.push({ title, content });
  },
};

export const ipcMain = {
  handle: (channel: string, handler: (event: unknown, payload: unknown) => Promise<unknown>) => {
    electronFake.ipcHandlers.set(channel, handler);
  },
  removeHandler: (channel: string) => {
    electronFake.ipcHandlers.delete(channel);
  },
};

export const ipcRenderer = {
  invoke: (...args: unknown[]) => electronFake.ipcInvoke(...args),
  on: (channel: string, listener: Listener) => electronFake.rendererListeners.on(channel, listener),
  removeListener: (channel: string, listener: Listener) =>
    electronFake.rendererListeners.removeListener(channel, listener),
};

export const contextBridge = {
  exposeInMainWorld: (key: string, value: unknown) => {
    electronFake.exposed.set(key, value);
  },
};

/** A stand-in keychain: reversible, but visibly not the plain text, and refusing blobs it did not make. */
export const safeStorage = {
  isEncryptionAvailable: () => electronFake.keychain.available,
  getSelectedStorageBackend: () => electronFake.keychain.backend,
  encryptString: (text: string) => {
    electronFake.keychain.encryptCalls.push(text);
    return Buffer.concat([Buffer.from('v11'), Buffer.from(text, 'utf8').map((byte) => byte ^ 0x5a)]);
  },
  decryptString: (blob: Buffer) => {
    if (blob.subarray(0, 3).toString() !== 'v11')
      throw new Error('Error while decrypting the ciphertext provided');
    return Buffer.from(blob.subarray(3).map((byte) => byte ^ 0x5a)).toString('utf8');
  },
};

export const shell = {
  openExternal: (url: string) => electronFake.openExternal(url),
  openPath: (path: string) => electronFake.openPath(path),
};

export const utilityProcess = {
  fork: (entry: string, args: string[] = [], options: Record<string, unknown> = {}) => {
    const child = new FakeUtilityProcess(entry, args, options);
    electronFake.forks.push(child);
    return child;
  },
};

export const Menu = {
  buildFromTemplate: (items: MenuItem[]) => {
    electronFake.menus.push(items);
    return { items };
  },
  setApplicationMenu: (menu: unknown) => {
    electronFake.applicationMenu = menu;
  },
};

export class Notification extends Emitter {
  static isSupported = () => true;
  shown = false;
  constructor(readonly options: { title?: string; body?: string; silent?: boolean }) {
    super();
    electronFake.notifications.push(this);
  }
  show(): void {
    this.shown = true;
  }
}

export const screen = {
  getDisplayNearestPoint: (_point: { x: number; y: number }) => ({
    workArea: { x: 0, y: 24, width: 1920, height: 1056 },
  }),
};

export const nativeImage = {
  createFromPath: (path: string) => ({ path, setTemplateImage: () => undefined }),
};

export const session = {
  fromPartition: (partition: string) => ({ partition }),
  defaultSession: {
    setPermissionRequestHandler: (handler: PermissionRequestHandler | null) => {
      electronFake.permissionRequestHandler = handler;
    },
    setPermissionCheckHandler: (handler: PermissionCheckHandler | null) => {
      electronFake.permissionCheckHandler = handler;
    },
  },
};

/**
 * Electron's net.request over Node's http: same options and the same request/response objects for what
 * electron-updater uses (on 'response', headers, statusCode, data and end, abort).
 */
export const net = {
  request: (options: RequestOptions & { session?: unknown; redirect?: string; url?: string }) => {
    const { session: _session, redirect: _redirect, url, ...http } = options;
    return url ? httpRequest(url, http) : httpRequest(http);
  },
};
