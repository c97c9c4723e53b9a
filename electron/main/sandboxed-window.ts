import { BrowserWindow, type BrowserWindowConstructorOptions } from 'electron';
import { join } from 'node:path';

/**
 * Every window we open (the main window and the tray popup) is made here: our renderer with no Node, no
 * Electron, its own JS world and Chromium's sandbox; packaged builds also get no DevTools. The web
 * preferences are written out in this constructor call so that electronegativity (npm test) can read
 * every one of them; the caller gives the rest (size, frame, title).
 */
export function createSandboxedWindow(
  options: Omit<BrowserWindowConstructorOptions, 'webPreferences'>,
  outDir: string,
  packaged: boolean,
): BrowserWindow {
  return new BrowserWindow({
    ...options,
    webPreferences: {
      // Reviewed: the preload is sandboxed and exposes only invoke/on, which refuse names outside the
      // contract (electron/preload/index.ts, tests/electron/preload.test.ts).
      preload: join(outDir, 'preload/index.cjs'), // eng-disable PRELOAD_JS_CHECK
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      // A middle click would otherwise ask for a new window (refused by lockNavigation anyway).
      disableBlinkFeatures: 'Auxclick',
      devTools: !packaged,
      spellcheck: false,
    },
  });
}
