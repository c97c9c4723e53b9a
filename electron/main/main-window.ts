import { type BrowserWindow, shell } from 'electron';
import { isAllowedExternalUrl } from './external-links';
import { createSandboxedWindow } from './sandboxed-window';

/**
 * The only window: our renderer, with no Node, no Electron, its own JS world and Chromium's sandbox;
 * packaged builds also get no DevTools and no menu bar. Its web preferences are the tray popup's
 * (createSandboxedWindow, where electronegativity reads them).
 */
export function createMainWindow(outDir: string, rendererUrl: string, packaged: boolean): BrowserWindow {
  const window = createSandboxedWindow(
    {
      width: 1360,
      height: 860,
      minWidth: 960,
      minHeight: 600,
      show: false,
      backgroundColor: '#0d1117',
      title: 'Synthex',
    },
    outDir,
    packaged,
  );
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
    // Reviewed: only https URLs on the allow-listed hosts get here (external-links.ts and its test).
    if (isAllowedExternalUrl(url)) void shell.openExternal(url); // eng-disable OPEN_EXTERNAL_JS_CHECK
    return { action: 'deny' };
  });
}
