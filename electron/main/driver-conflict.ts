import { app, dialog } from 'electron';

/**
 * Another Synthex process drives this User Data DB (or runs this data directory's database): say so in
 * a dialog, stop what this one started, and exit without driving anything (docs/architecture.md §12).
 * The dialog is modal, so the trader reads the message before the app goes.
 */
export function quitForDriverConflict(message: string, stopCore: () => Promise<void>): void {
  dialog.showErrorBox('Synthex is already running', message);
  void stopCore()
    .catch(() => undefined)
    .finally(() => app.exit(1));
}
