import { Menu, type MenuItemConstructorOptions } from 'electron';

/**
 * Packaged builds replace Electron's default menu (whose View menu reloads the page and opens DevTools).
 * macOS keeps an application menu and an Edit menu, without which Cmd+C / Cmd+V would not work in the
 * API key fields; elsewhere there is no menu bar at all. Unpackaged runs keep the default, for development.
 */
export function installAppMenu(packaged: boolean, platform: NodeJS.Platform = process.platform): void {
  if (!packaged) return;
  if (platform !== 'darwin') {
    Menu.setApplicationMenu(null);
    return;
  }
  const template: MenuItemConstructorOptions[] = [
    {
      role: 'appMenu',
      submenu: [{ role: 'about' }, { type: 'separator' }, { role: 'hide' }, { role: 'quit' }],
    },
    {
      role: 'editMenu',
      submenu: [
        { role: 'undo' },
        { role: 'redo' },
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        { role: 'selectAll' },
      ],
    },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
