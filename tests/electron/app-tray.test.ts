import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('../support/fake-electron'));
const { electronFake, resetElectronFake } = await import('../support/fake-electron');
const { AppTray } = await import('../../electron/main/app-tray');

beforeEach(() => resetElectronFake());

describe('tray', () => {
  it('offers Open Synthex and Quit, and opens the window on click', () => {
    const actions = { open: vi.fn(), quit: vi.fn() };
    new AppTray('/icons/tray.png', actions);
    const [tray] = electronFake.trays;
    expect(tray!.labels()).toEqual(['Open Synthex', 'Quit']);
    tray!.item('Quit').click!();
    expect(actions.quit).toHaveBeenCalledOnce();
    tray!.emit('click');
    expect(actions.open).toHaveBeenCalledOnce();
  });
});
