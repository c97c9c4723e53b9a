import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('../support/fake-electron'));
const { electronFake, resetElectronFake } = await import('../support/fake-electron');
const { AppTray } = await import('../../electron/main/app-tray');

beforeEach(() => resetElectronFake());
const actions = () => ({ open: vi.fn(), quit: vi.fn(), restartToUpdate: vi.fn() });

describe('tray', () => {
  it('offers Open Synthex and Quit, and opens the window on click', () => {
    const act = actions();
    new AppTray('/icons/tray.png', act);
    const [tray] = electronFake.trays;
    expect(tray!.labels()).toEqual(['Open Synthex', 'Quit']);
    tray!.item('Quit').click!();
    expect(act.quit).toHaveBeenCalledOnce();
    tray!.emit('click');
    expect(act.open).toHaveBeenCalledOnce();
  });

  it('offers "Restart to update" only while an update is ready', () => {
    const act = actions();
    const appTray = new AppTray('/icons/tray.png', act);
    const [tray] = electronFake.trays;
    appTray.setUpdateReady('1.2.0');
    expect(tray!.labels()).toEqual(['Open Synthex', 'Restart to update (1.2.0)', 'Quit']);
    tray!.item('Restart to update (1.2.0)').click!();
    expect(act.restartToUpdate).toHaveBeenCalledOnce();
    appTray.setUpdateReady(null);
    expect(tray!.labels()).toEqual(['Open Synthex', 'Quit']);
  });
});
