import { BrowserWindow, shell, type WebPreferences } from 'electron';
import { join } from 'node:path';
import { isAllowedExternalUrl } from './external-links';

/**
 * The renderer gets no Node, no Electron, its own JS world and Chromium's sandbox; packaged builds also
 * get no DevTools.
 */
export function secureWebPreferences(preloadPath: string, packaged: boolean): WebPreferences {
  return {
    preload: preloadPath,
    devTools: !packaged,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
  };
}

export function createMainWindow(outDir: string, rendererUrl: string, packaged: boolean): BrowserWindow {
  const window = new BrowserWindow({
    width: 1360,
    height: 860,
    minWidth: 960,
    minHeight: 600,
    show: false,
    backgroundColor: '#0d1117',
    title: 'Synthex',
    webPreferences: secureWebPreferences(join(outDir, 'preload/index.cjs'), packaged),
  });
  if (packaged) window.removeMenu();
  lockNavigation(window, rendererUrl);
  window.once('ready-to-show', () => window.show());
  void window.loadURL(rendererUrl);
  return window;
}

/**
 * The window only ever shows our renderer. Links to the allowed sites open in the user's browser
 * (isAllowedExternalUrl); every other navigation or new window is refused.
 */
export function lockNavigation(window: BrowserWindow, rendererUrl: string): void {
  const contents = window.webContents;
  contents.on('will-navigate', (event, url) => {
    if (url !== rendererUrl) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternalUrl(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
}
