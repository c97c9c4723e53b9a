import { type BrowserWindow, screen } from 'electron';
import { positionIdInUrl } from '../../shared/routes/position-route';
import { lockNavigation } from './main-window';
import { createSandboxedWindow } from './sandboxed-window';

const popupSize = { width: 340, height: 420 };

/**
 * The small frameless window next to the tray icon that lists the positions live. It is our renderer at
 * `#/tray-popup`, with the same sandboxed preload and contract as the main window and nothing more:
 * window control (show next to the icon, hide on blur) happens here in main, so the popup needs no
 * @electron/remote (README: why the dependency was dropped). A line the trader clicks is a link to the
 * position's page: the popup follows it in-page, and main opens the main window there instead.
 */
export class TrayPopup {
  private window: BrowserWindow | null = null;

  constructor(
    private readonly outDir: string,
    private readonly rendererUrl: string,
    private readonly packaged: boolean,
    private readonly openPosition: (positionId: number) => void,
  ) {}

  /** Shows the popup next to the icon's bounds, or hides it when it is already showing. */
  toggle(anchor: { x: number; y: number; width: number; height: number }): void {
    const window = this.ensure();
    if (window.isVisible()) {
      window.hide();
      return;
    }
    const area = screen.getDisplayNearestPoint({ x: anchor.x, y: anchor.y }).workArea;
    const x = Math.round(
      Math.min(
        Math.max(anchor.x + anchor.width / 2 - popupSize.width / 2, area.x),
        area.x + area.width - popupSize.width,
      ),
    );
    // A tray at the top (macOS, most Linux panels) opens downwards; one at the bottom (Windows) upwards.
    const below = anchor.y < area.y + area.height / 2;
    const y = Math.round(below ? anchor.y + anchor.height : anchor.y - popupSize.height);
    window.setPosition(x, Math.min(Math.max(y, area.y), area.y + area.height - popupSize.height));
    window.show();
    window.focus();
  }

  destroy(): void {
    if (this.window && !this.window.isDestroyed()) this.window.destroy();
    this.window = null;
  }

  private ensure(): BrowserWindow {
    if (this.window && !this.window.isDestroyed()) return this.window;
    const window = createSandboxedWindow(
      {
        ...popupSize,
        show: false,
        frame: false,
        resizable: false,
        movable: false,
        minimizable: false,
        maximizable: false,
        skipTaskbar: true,
        alwaysOnTop: true,
        backgroundColor: '#0d1117',
        title: 'Synthex positions',
      },
      // The same sandboxed preload and preferences as the main window (invoke/on of the contract only).
      this.outDir,
      this.packaged,
    );
    lockNavigation(window, this.rendererUrl);
    // A popup: it goes away as soon as the trader clicks elsewhere.
    window.on('blur', () => window.hide());
    window.webContents.on('did-navigate-in-page', (_event: unknown, url: string) => {
      const positionId = positionIdInUrl(url);
      if (positionId === null) return;
      window.hide();
      void window.loadURL(`${this.rendererUrl}#/tray-popup`);
      this.openPosition(positionId);
    });
    void window.loadURL(`${this.rendererUrl}#/tray-popup`);
    this.window = window;
    return window;
  }
}
