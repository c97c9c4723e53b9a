import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('../support/fake-electron'));
const { electronFake, resetElectronFake, session } = await import('../support/fake-electron');
const { denyAllPermissions } = await import('../../electron/main/session-hardening');
const { installAppMenu } = await import('../../electron/main/app-menu');

beforeEach(() => resetElectronFake());

describe('Electron hardening', () => {
  it('denies every permission request and every permission check', () => {
    denyAllPermissions(session.defaultSession as never);
    for (const permission of [
      'media',
      'geolocation',
      'notifications',
      'clipboard-read',
      'hid',
      'openExternal',
    ]) {
      const callback = vi.fn();
      electronFake.permissionRequestHandler!({}, permission, callback);
      expect(callback).toHaveBeenCalledWith(false);
      expect(electronFake.permissionCheckHandler!({}, permission, 'file://', {})).toBe(false);
    }
  });

  it('removes the default menu (reload, DevTools) from packaged builds', () => {
    installAppMenu(true, 'linux');
    expect(electronFake.applicationMenu).toBeNull();
    installAppMenu(true, 'win32');
    expect(electronFake.applicationMenu).toBeNull();
  });

  it('keeps an application and an Edit menu on macOS, with nothing that reloads or inspects', () => {
    installAppMenu(true, 'darwin');
    const menu = electronFake.applicationMenu as {
      items: { role?: string; submenu?: { role?: string }[] }[];
    };
    const roles = menu.items.flatMap((item) => [item.role, ...(item.submenu ?? []).map((sub) => sub.role)]);
    expect(roles).toEqual(expect.arrayContaining(['appMenu', 'quit', 'editMenu', 'copy', 'paste']));
    for (const forbidden of ['reload', 'forceReload', 'toggleDevTools', 'viewMenu'])
      expect(roles).not.toContain(forbidden);
  });

  it('leaves the default menu alone when unpackaged (development)', () => {
    installAppMenu(false, 'linux');
    expect(electronFake.applicationMenu).toBeUndefined();
  });
});
