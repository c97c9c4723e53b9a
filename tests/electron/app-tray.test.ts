import { describe, expect, it, vi } from 'vitest';

type Item = { label?: string; type?: string; click?: () => void };
let template: Item[] = [];
const trayEvents = new Map<string, () => void>();

vi.mock('electron', () => ({
  nativeImage: { createFromPath: (path: string) => ({ path }) },
  Menu: { buildFromTemplate: (items: Item[]) => ((template = items), { items }) },
  Tray: class {
    setToolTip = vi.fn();
    setContextMenu = vi.fn();
    destroy = vi.fn();
    on(event: string, listener: () => void) {
      trayEvents.set(event, listener);
    }
  },
}));

const { AppTray } = await import('../../electron/main/app-tray');

describe('tray', () => {
  it('offers Open Synthex and Quit, and opens the window on click', () => {
    const actions = { open: vi.fn(), quit: vi.fn() };
    new AppTray('/icons/tray.png', actions);
    expect(template.filter((item) => item.label).map((item) => item.label)).toEqual(['Open Synthex', 'Quit']);
    template.find((item) => item.label === 'Quit')!.click!();
    expect(actions.quit).toHaveBeenCalledOnce();
    trayEvents.get('click')!();
    expect(actions.open).toHaveBeenCalledOnce();
  });
});
