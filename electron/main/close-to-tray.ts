import type { BrowserWindow } from 'electron';

export interface CloseToTrayOptions {
  /** True once Quit was chosen: the window may then really close. */
  quitting(): boolean;
  /** Whether the trader was already told that Synthex keeps running in the tray (remembered across runs). */
  told(): boolean;
  markTold(): void;
  /** Shows the one-time "still running in the tray" notice. */
  tell(message: string): void;
}

export const closeToTrayMessage =
  'Synthex is still running in the tray and keeps watching your positions. Choose Quit in the tray menu to stop it.';

/**
 * Closing the main window hides it: positions, PnL and alerts go on in the tray. The first time ever, a
 * notification says so; Quit (the tray menu, Cmd/Ctrl+Q) is what really ends the app.
 */
export function keepInTray(window: BrowserWindow, options: CloseToTrayOptions): void {
  window.on('close', (event) => {
    if (options.quitting()) return;
    event.preventDefault();
    window.hide();
    if (!options.told()) {
      options.markTold();
      options.tell(closeToTrayMessage);
    }
  });
}
