import { Menu, Tray, nativeImage, type MenuItemConstructorOptions } from 'electron';

export interface AppTrayActions {
  open(): void;
  quit(): void;
  /** "Restart to update", offered only while a downloaded update is ready. */
  restartToUpdate(): void;
}

/**
 * The system-tray icon and its menu. The menu is rebuilt from `menuTemplate`, a plain function of what
 * the tray shows, so the tray's view (later also the live PnL) can move into core as a pure function.
 */
export class AppTray {
  private readonly tray: Tray;
  private readyVersion: string | null = null;

  constructor(
    iconPath: string,
    private readonly actions: AppTrayActions,
  ) {
    this.tray = new Tray(nativeImage.createFromPath(iconPath));
    this.tray.setToolTip('Synthex');
    this.render();
    this.tray.on('click', () => actions.open());
  }

  /** The version a restart would install, or null when no update is ready. */
  setUpdateReady(version: string | null): void {
    if (version === this.readyVersion) return;
    this.readyVersion = version;
    this.render();
  }

  destroy(): void {
    this.tray.destroy();
  }

  private render(): void {
    this.tray.setContextMenu(
      Menu.buildFromTemplate(menuTemplate({ updateReady: this.readyVersion }, this.actions)),
    );
  }
}

export function menuTemplate(
  view: { updateReady: string | null },
  actions: AppTrayActions,
): MenuItemConstructorOptions[] {
  return [
    { label: 'Open Synthex', click: () => actions.open() },
    ...(view.updateReady
      ? [{ label: `Restart to update (${view.updateReady})`, click: () => actions.restartToUpdate() }]
      : []),
    { type: 'separator' },
    { label: 'Quit', accelerator: 'CmdOrCtrl+Q', click: () => actions.quit() },
  ];
}
