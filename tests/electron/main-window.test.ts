import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('../support/fake-electron'));
const { electronFake, resetElectronFake } = await import('../support/fake-electron');
const { createMainWindow } = await import('../../electron/main/main-window');
const rendererUrl = 'file:///app/out/renderer/index.html';

beforeEach(() => resetElectronFake());
const lastWindow = () => electronFake.windows.at(-1)!;

describe('main window', () => {
  it('uses the secure web preferences and the sandboxed CommonJS preload', () => {
    createMainWindow('/app/out', rendererUrl, false);
    const options = lastWindow().options as { webPreferences: Record<string, unknown>; show: boolean };
    expect(options.webPreferences.preload).toBe('/app/out/preload/index.cjs');
    expect(options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      disableBlinkFeatures: 'Auxclick',
    });
    expect(lastWindow().loaded).toEqual([rendererUrl]);
    expect(options.webPreferences.devTools).toBe(true); // unpackaged: for development
    expect(lastWindow().menuBarVisible).toBe(true);
  });

  it('has no DevTools and no menu bar when packaged', () => {
    createMainWindow('/app/out', rendererUrl, true);
    const options = lastWindow().options as { webPreferences: Record<string, unknown> };
    expect(options.webPreferences.devTools).toBe(false);
    expect(lastWindow().menuBarVisible).toBe(false);
  });

  it('blocks navigation away from the renderer and every new window', () => {
    createMainWindow('/app/out', rendererUrl, true);
    const contents = lastWindow().webContents;
    const navigate = (url: string) => {
      const event = { preventDefault: vi.fn() };
      contents.emit('will-navigate', event, url);
      return event.preventDefault.mock.calls.length > 0;
    };
    expect(navigate('https://evil.example/')).toBe(true);
    expect(navigate('file:///etc/passwd')).toBe(true);
    expect(navigate(rendererUrl)).toBe(false);

    const attach = { preventDefault: vi.fn() };
    contents.emit('will-attach-webview', attach);
    expect(attach.preventDefault).toHaveBeenCalled();

    expect(contents.openHandler!({ url: 'https://www.bybit.com/' })).toEqual({ action: 'deny' });
    expect(electronFake.openExternal).toHaveBeenCalledWith('https://www.bybit.com/');
    electronFake.openExternal.mockClear();
    expect(contents.openHandler!({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(electronFake.openExternal).not.toHaveBeenCalled();
  });

  it.each([
    ['https://www.bybit.com/en/trade/usdt/BTCUSDT', true],
    ['https://testnet.bybit.com/app/user/api-management', true],
    ['https://bybit-exchange.github.io/docs/v5/intro', true],
    ['https://www.coingecko.com/en/coins/bitcoin', true],
    ['http://www.bybit.com/', false],
    ['https://www.bybit.com.evil.example/login', false],
    ['https://evilbybit.com/', false],
    ['https://user:pass@www.bybit.com/', false],
    ['https://evil.example/?https://www.bybit.com', false],
    ['javascript:alert(1)', false],
  ])('opens %s in the browser: %s', (url, opened) => {
    createMainWindow('/app/out', rendererUrl, true);
    expect(lastWindow().webContents.openHandler!({ url })).toEqual({ action: 'deny' });
    if (opened) expect(electronFake.openExternal).toHaveBeenCalledWith(url);
    else expect(electronFake.openExternal).not.toHaveBeenCalled();
  });
});
