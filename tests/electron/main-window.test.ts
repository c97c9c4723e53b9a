import { describe, expect, it, vi } from 'vitest';

const created: { options: Record<string, unknown>; contents: FakeContents; loaded: string[] }[] = [];
const openExternal = vi.fn(async () => {});

class FakeContents {
  listeners = new Map<string, (...args: unknown[]) => void>();
  openHandler: ((details: { url: string }) => { action: string }) | null = null;
  on(event: string, listener: (...args: unknown[]) => void) {
    this.listeners.set(event, listener);
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
    this.openHandler = handler;
  }
}

vi.mock('electron', () => ({
  shell: { openExternal },
  BrowserWindow: class {
    webContents = new FakeContents();
    loaded: string[] = [];
    constructor(options: Record<string, unknown>) {
      created.push({ options, contents: this.webContents, loaded: this.loaded });
    }
    once() {}
    loadURL(url: string) {
      this.loaded.push(url);
      return Promise.resolve();
    }
  },
}));

const { createMainWindow, secureWebPreferences } = await import('../../electron/main/main-window');
const rendererUrl = 'file:///app/out/renderer/index.html';

describe('main window', () => {
  it('uses the secure web preferences and the sandboxed CommonJS preload', () => {
    createMainWindow('/app/out', rendererUrl);
    const options = created.at(-1)!.options as { webPreferences: Record<string, unknown>; show: boolean };
    expect(options.webPreferences).toEqual(secureWebPreferences('/app/out/preload/index.cjs'));
    expect(options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
    expect(created.at(-1)!.loaded).toEqual([rendererUrl]);
  });

  it('blocks navigation away from the renderer and every new window', () => {
    createMainWindow('/app/out', rendererUrl);
    const { contents } = created.at(-1)!;
    const navigate = (url: string) => {
      const event = { preventDefault: vi.fn() };
      contents.listeners.get('will-navigate')!(event, url);
      return event.preventDefault.mock.calls.length > 0;
    };
    expect(navigate('https://evil.example/')).toBe(true);
    expect(navigate('file:///etc/passwd')).toBe(true);
    expect(navigate(rendererUrl)).toBe(false);

    const attach = { preventDefault: vi.fn() };
    contents.listeners.get('will-attach-webview')!(attach);
    expect(attach.preventDefault).toHaveBeenCalled();

    expect(contents.openHandler!({ url: 'https://www.bybit.com/' })).toEqual({ action: 'deny' });
    expect(openExternal).toHaveBeenCalledWith('https://www.bybit.com/');
    openExternal.mockClear();
    expect(contents.openHandler!({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(openExternal).not.toHaveBeenCalled();
  });
});
