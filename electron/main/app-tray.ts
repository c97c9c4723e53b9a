import { Menu, Tray, nativeImage } from 'electron';

export interface AppTrayActions {
  open(): void;
  quit(): void;
}

/** The system-tray icon and its menu; later it shows the live PnL in its title and tooltip. */
export class AppTray {
  private readonly tray: Tray;

  constructor(iconPath: string, actions: AppTrayActions) {
    this.tray = new Tray(nativeImage.createFromPath(iconPath));
    this.tray.setToolTip('Synthex');
    this.tray.setContextMenu(
      Menu.buildFromTemplate([
        { label: 'Open Synthex', click: () => actions.open() },
        { type: 'separator' },
        { label: 'Quit', accelerator: 'CmdOrCtrl+Q', click: () => actions.quit() },
      ]),
    );
    this.tray.on('click', () => actions.open());
  }

  destroy(): void {
    this.tray.destroy();
  }
}
