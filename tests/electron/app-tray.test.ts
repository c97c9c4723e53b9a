import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { PnlTick } from '../../shared/domain/pnl';
import { ManualClock } from '../support/manual-clock';

vi.mock('electron', () => import('../support/fake-electron'));
const { electronFake, resetElectronFake, BrowserWindow, preventableEvent } =
  await import('../support/fake-electron');
const { AppTray } = await import('../../electron/main/app-tray');
const { TrayPresenter } = await import('../../electron/main/tray-presenter');
const { keepInTray, closeToTrayMessage } = await import('../../electron/main/close-to-tray');
const { trayView } = await import('../../electron/core/pnl/tray-view');

beforeEach(() => resetElectronFake());
const icons = { flat: '/icons/tray.png', up: '/icons/tray-up.png', down: '/icons/tray-down.png' };
const actions = () => ({
  open: vi.fn(),
  openPosition: vi.fn(),
  pauseAlerts: vi.fn(),
  resumeAlerts: vi.fn(),
  quit: vi.fn(),
  restartToUpdate: vi.fn(),
});
const idle = { pnl: null, alertsPaused: false, updateReady: null };

function tick(total: string, positions: { id: number; pnl: string; altered?: boolean }[] = []): PnlTick {
  return {
    at: '2026-12-02T08:00:00.000Z',
    total: { unrealizedPnl: total, realizedPnl: '0', percent: '1.5', stale: false },
    positions: positions.map((p) => ({
      id: p.id,
      name: 'Top 10 equal',
      unrealizedPnl: p.pnl,
      realizedPnl: '0',
      percent: '1.5',
      usdtSize: '1000',
      feesPaid: '0.5',
      fundingPaid: '0',
      isAltered: p.altered ?? false,
      stale: false,
    })),
  };
}

describe('tray', () => {
  it('offers Open Synthex, Pause alerts and Quit, and opens the window on click', () => {
    const act = actions();
    new AppTray(icons, act, trayView(idle));
    const [tray] = electronFake.trays;
    expect(tray!.labels()).toEqual(['No active positions', 'Open Synthex', 'Pause alerts', 'Quit']);
    tray!.item('Quit').click!();
    expect(act.quit).toHaveBeenCalledOnce();
    tray!.item('Pause alerts').click!();
    expect(act.pauseAlerts).toHaveBeenCalledOnce();
    tray!.emit('click');
    expect(act.open).toHaveBeenCalledOnce();
  });

  it('offers "Restart to update" only while an update is ready', () => {
    const act = actions();
    const appTray = new AppTray(icons, act, trayView(idle));
    const [tray] = electronFake.trays;
    appTray.update(trayView({ ...idle, updateReady: '1.2.0' }));
    expect(tray!.labels()).toContain('Restart to update (1.2.0)');
    tray!.item('Restart to update (1.2.0)').click!();
    expect(act.restartToUpdate).toHaveBeenCalledOnce();
    appTray.update(trayView(idle));
    expect(tray!.labels()).not.toContain('Restart to update (1.2.0)');
  });

  it('shows the total, one line per ACTIVE position (clicked: its page), the altered one marked', () => {
    const act = actions();
    const pnl = tick('42.5', [
      { id: 7, pnl: '50' },
      { id: 9, pnl: '-7.5', altered: true },
    ]);
    new AppTray(icons, act, trayView({ ...idle, pnl }));
    const [tray] = electronFake.trays;
    expect(tray!.labels()).toEqual([
      'Total PnL +42.50 USDT (+1.50 %)',
      'Top 10 equal #7  +50.00 USDT  +1.50 %',
      'Top 10 equal #9  -7.50 USDT  +1.50 %  ⚠ altered',
      'Open Synthex',
      'Pause alerts',
      'Quit',
    ]);
    expect(tray!.item('Total PnL +42.50 USDT (+1.50 %)').enabled).toBe(false);
    tray!.item('Top 10 equal #9  -7.50 USDT  +1.50 %  ⚠ altered').click!();
    expect(act.openPosition).toHaveBeenCalledWith({ kind: 'openPosition', positionId: 9 });
    expect(tray!.title).toBe('+42.50');
    expect(tray!.tooltip).toBe('Synthex: PnL +42.50 USDT (+1.50 %), 2 active positions');
  });

  it('picks the icon by the sign of the total as shown: up, down, flat', () => {
    const appTray = new AppTray(icons, actions(), trayView(idle));
    const [tray] = electronFake.trays;
    expect(tray!.imagePath()).toBe(icons.flat);
    appTray.update(trayView({ ...idle, pnl: tick('0.01', [{ id: 1, pnl: '0.01' }]) }));
    expect(tray!.imagePath()).toBe(icons.up);
    appTray.update(trayView({ ...idle, pnl: tick('-3', [{ id: 1, pnl: '-3' }]) }));
    expect(tray!.imagePath()).toBe(icons.down);
    appTray.update(trayView({ ...idle, pnl: tick('0.004', [{ id: 1, pnl: '0.004' }]) }));
    expect(tray!.imagePath()).toBe(icons.flat);
  });

  it('redraws at most 4 times a second under a storm of 1000 pnl.tick a second', () => {
    const clock = new ManualClock();
    let appTray: InstanceType<typeof AppTray> | null = null;
    const presenter = new TrayPresenter((view) => appTray?.update(view), { alertsPaused: false }, clock);
    appTray = new AppTray(icons, actions(), presenter.view());
    const drawn: number[] = [];
    const update = appTray.update.bind(appTray);
    appTray.update = (view) => {
      const before = appTray!.renders;
      update(view);
      if (appTray!.renders > before) drawn.push(clock.now());
    };
    for (let ms = 1; ms <= 3000; ms += 1) {
      clock.advanceTo(ms);
      presenter.onEvent('pnl.tick', tick(String(ms), [{ id: 1, pnl: String(ms) }]));
    }
    clock.advanceTo(4000);
    expect(drawn.length).toBeGreaterThanOrEqual(8);
    for (const at of drawn)
      expect(drawn.filter((t) => t >= at && t < at + 1000).length).toBeLessThanOrEqual(4);
    // The newest figure is what the tray ends on.
    expect(electronFake.trays[0]!.title).toBe('+3,000.00');
  });

  it('pausing alerts turns the menu item into Resume alerts', () => {
    const clock = new ManualClock();
    const act = actions();
    let appTray: InstanceType<typeof AppTray> | null = null;
    const presenter = new TrayPresenter((view) => appTray?.update(view), { alertsPaused: false }, clock);
    appTray = new AppTray(icons, act, presenter.view());
    presenter.setAlertsPaused(true);
    clock.advanceTo(1000);
    const [tray] = electronFake.trays;
    expect(tray!.labels()).toContain('Resume alerts');
    tray!.item('Resume alerts').click!();
    expect(act.resumeAlerts).toHaveBeenCalledOnce();
  });
});

describe('close to tray', () => {
  const closeEvent = preventableEvent;

  it('hides the window instead of closing it, and says so the first time only', () => {
    const window = new BrowserWindow();
    window.show();
    let told = false;
    const tell = vi.fn();
    keepInTray(window as never, {
      quitting: () => false,
      told: () => told,
      markTold: () => (told = true),
      tell,
    });
    const first = closeEvent();
    window.emit('close', first);
    expect(first.prevented).toBe(true);
    expect(window.visible).toBe(false);
    expect(tell).toHaveBeenCalledWith(closeToTrayMessage);
    window.show();
    const second = closeEvent();
    window.emit('close', second);
    expect(second.prevented).toBe(true);
    expect(tell).toHaveBeenCalledOnce();
  });

  it('lets the window close once Quit was chosen', () => {
    const window = new BrowserWindow();
    const tell = vi.fn();
    keepInTray(window as never, { quitting: () => true, told: () => false, markTold: vi.fn(), tell });
    const event = closeEvent();
    window.emit('close', event);
    expect(event.prevented).toBe(false);
    expect(tell).not.toHaveBeenCalled();
  });
});

describe('tray popup', () => {
  it('is a frameless, sandboxed renderer window at #/tray-popup next to the icon, hidden on blur', async () => {
    const { TrayPopup } = await import('../../electron/main/tray-popup');
    const popup = new TrayPopup('/app/out', 'file:///app/out/renderer/index.html', true, () => {});
    popup.toggle({ x: 1800, y: 0, width: 24, height: 24 });
    const [window] = electronFake.windows;
    expect(window!.options).toMatchObject({ frame: false, skipTaskbar: true, resizable: false });
    expect(window!.options.webPreferences).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      devTools: false,
    });
    expect(window!.loaded).toEqual(['file:///app/out/renderer/index.html#/tray-popup']);
    // Below a top tray, kept inside the work area.
    expect(window!.position).toEqual([1580, 24]);
    expect(window!.visible).toBe(true);
    window!.emit('blur');
    expect(window!.visible).toBe(false);
    popup.toggle({ x: 1800, y: 0, width: 24, height: 24 });
    expect(window!.visible).toBe(true);
    popup.toggle({ x: 1800, y: 0, width: 24, height: 24 });
    expect(window!.visible).toBe(false);
    expect(electronFake.windows).toHaveLength(1);
  });

  it('opens the position a clicked line links to in the main window, and goes back to the list', async () => {
    const { TrayPopup } = await import('../../electron/main/tray-popup');
    const opened: number[] = [];
    const page = 'file:///app/out/renderer/index.html';
    const popup = new TrayPopup('/app/out', page, true, (id) => opened.push(id));
    popup.toggle({ x: 1800, y: 0, width: 24, height: 24 });
    const window = electronFake.windows.at(-1)!;
    // Its own address (the list) is not a position.
    window.webContents.emit('did-navigate-in-page', {}, `${page}#/tray-popup`);
    expect(opened).toEqual([]);
    expect(window.visible).toBe(true);
    window.webContents.emit('did-navigate-in-page', {}, `${page}#/positions/12`);
    expect(opened).toEqual([12]);
    expect(window.visible).toBe(false);
    expect(window.loaded.at(-1)).toBe(`${page}#/tray-popup`);
  });
});
