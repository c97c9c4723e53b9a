import { Menu, Tray, nativeImage, type MenuItemConstructorOptions, type NativeImage } from 'electron';
import type { TrayAction, TrayIconVariant, TrayView } from '../core/pnl/tray-view';

export type TrayActions = { [K in TrayAction['kind']]: (action: Extract<TrayAction, { kind: K }>) => void };

/** The icon file of each variant (macOS: the template image for all three; the title carries the sign). */
export type TrayIcons = Record<TrayIconVariant, string>;

/**
 * The system-tray icon as a thin view, after rotki's TrayManager.update(view): everything it shows comes
 * from the pure `trayView` in core; this class only hands it to Electron, and only what changed.
 */
export class AppTray {
  private readonly tray: Tray;
  private readonly images = new Map<TrayIconVariant, NativeImage>();
  private shown: TrayView | null = null;
  /** How many times the tray was redrawn (the storm test counts them). */
  renders = 0;

  constructor(
    private readonly icons: TrayIcons,
    private readonly actions: TrayActions,
    initial: TrayView,
  ) {
    this.tray = new Tray(this.image(initial.icon));
    this.tray.on('click', () => actions.open({ kind: 'open' }));
    this.update(initial);
  }

  update(view: TrayView): void {
    const before = this.shown;
    if (before && JSON.stringify(before) === JSON.stringify(view)) return;
    this.shown = view;
    this.renders += 1;
    if (!before || before.icon !== view.icon) this.tray.setImage(this.image(view.icon));
    if (!before || before.title !== view.title) this.tray.setTitle(view.title);
    if (!before || before.tooltip !== view.tooltip) this.tray.setToolTip(view.tooltip);
    if (!before || JSON.stringify(before.menu) !== JSON.stringify(view.menu))
      this.tray.setContextMenu(Menu.buildFromTemplate(menuTemplate(view, this.actions)));
  }

  /** Where the icon sits on screen (for the popup next to it). */
  bounds(): Electron.Rectangle {
    return this.tray.getBounds();
  }

  onRightClick(listener: () => void): void {
    this.tray.on('right-click', listener);
  }

  destroy(): void {
    this.tray.destroy();
  }

  private image(variant: TrayIconVariant): NativeImage {
    let image = this.images.get(variant);
    if (!image) {
      image = nativeImage.createFromPath(this.icons[variant]);
      this.images.set(variant, image);
    }
    return image;
  }
}

export function menuTemplate(view: TrayView, actions: TrayActions): MenuItemConstructorOptions[] {
  return view.menu.map((line): MenuItemConstructorOptions => {
    if (line.type === 'separator') return { type: 'separator' };
    if (line.type === 'label') return { label: line.label, enabled: false };
    const action = line.action;
    return {
      label: line.label,
      ...(action.kind === 'quit' && { accelerator: 'CmdOrCtrl+Q' }),
      click: () => (actions[action.kind] as (a: TrayAction) => void)(action),
    };
  });
}
