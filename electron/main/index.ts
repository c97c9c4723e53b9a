import { app, BrowserWindow, Notification, session, shell } from 'electron';
import ElectronStore from 'electron-store';
import electronUpdater from 'electron-updater';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createAppCore, type AppCore } from '../core/app-core';
import { DriverConflictError, openDatabases } from '../core/db';
import { forgetVaultPassphrase } from '../core/vault/passphrase-source';
import { installAppMenu } from './app-menu';
import { quitForDriverConflict } from './driver-conflict';
import { AppTray, type TrayIcons } from './app-tray';
import { keepInTray } from './close-to-tray';
import { electronNotificationSink } from './electron-notification-sink';
import { TrayPopup } from './tray-popup';
import { TrayPresenter } from './tray-presenter';
import { electronDataKeyStore } from './electron-data-key-store';
import { electronUpdaterBackend } from './electron-updater-backend';
import { electronSettingsStore } from './electron-settings-store';
import { bindContractToIpc } from './ipc-binding';
import { createFileLogger } from './file-logger';
import { createMainWindow } from './main-window';
import { positionHref } from '../../shared/routes/position-route';
import { safeStorageKeyProtector } from './safe-storage-key-protector';
import { denyAllPermissions } from './session-hardening';
import { forkUtilityProcess } from './utility-process-child';

/** Composition root of the desktop app: Electron adapters in, the shared core out. */
// The desktop vault uses the OS keychain; a headless passphrase (or its file's path) must not reach children.
forgetVaultPassphrase();
const outDir = fileURLToPath(new URL('..', import.meta.url));
const resourcesDir = app.isPackaged
  ? process.resourcesPath
  : fileURLToPath(new URL('../../resources', import.meta.url));
// The dev server URL is for `electron-vite dev` only: a packaged app always loads its own files.
const rendererUrl =
  (app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL) ??
  pathToFileURL(join(outDir, 'renderer/index.html')).href;
// Logs go to the platform's folder (~/.config/Synthex/logs, ~/Library/Logs/Synthex, %APPDATA%\\Synthex\\logs).
app.setAppLogsPath();
const logDirectory = app.getPath('logs');
const logger = createFileLogger({ directory: logDirectory, scope: 'main', echo: !app.isPackaged });

let mainWindow: BrowserWindow | null = null;
let core: AppCore | null = null;
let tray: AppTray | null = null;
let trayPresenter: TrayPresenter | null = null;
let trayPopup: TrayPopup | null = null;
let quitting = false;
/** Small facts the desktop remembers across runs (the close-to-tray notice was shown); opened at start. */
let desktopFacts: ElectronStore<{ closeToTrayTold: boolean }> | null = null;

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => showMainWindow());
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => fail(error));
}

async function start(): Promise<void> {
  denyAllPermissions(session.defaultSession);
  desktopFacts = new ElectronStore<{ closeToTrayTold: boolean }>({
    name: 'desktop',
    clearInvalidConfig: true,
  });
  installAppMenu(app.isPackaged);
  core = createAppCore({
    runtime: {
      mode: 'desktop',
      appName: app.getName(),
      appVersion: app.getVersion(),
      versions: {
        node: process.versions.node,
        electron: process.versions.electron ?? null,
        chrome: process.versions.chrome ?? null,
        platform: `${process.platform}-${process.arch}`,
      },
      dataDir: app.getPath('userData'),
      startedAt: new Date(),
      packaged: app.isPackaged,
      logDirectory,
    },
    openLogFolder: async () => {
      const failure = await shell.openPath(logDirectory);
      if (failure) throw new Error(failure);
    },
    env: process.env,
    settingsStore: electronSettingsStore(),
    spawnChild: forkUtilityProcess,
    pollerEntry: join(outDir, 'main/poller.js'),
    logger,
    // safeStorage works only after 'ready', which is when start() runs.
    keyProtector: safeStorageKeyProtector(),
    dataKeyStore: electronDataKeyStore(),
    notificationSink: electronNotificationSink((positionId) => showMainWindow(positionId)),
    // Only an installed build updates itself; the core shows why not otherwise (System, Settings → Updates).
    updateBackend: app.isPackaged
      ? electronUpdaterBackend({
          updater: electronUpdater.autoUpdater,
          logger,
          feedUrl: process.env.SYNTHEX_UPDATE_URL?.trim() || null,
        })
      : null,
    openDatabases: (urls, passwordStore) =>
      openDatabases({
        dataDir: app.getPath('userData'),
        passwordStore,
        userDbUrl: urls.userDbUrl ?? undefined,
        generalDbUrl: urls.generalDbUrl ?? undefined,
        migrationsDir: join(resourcesDir, 'migrations'),
        logger,
        // The driver lock was lost and another process took it: stop before driving anything more.
        onDriverConflict: (error) => fail(error),
      }),
  });
  bindContractToIpc({
    dispatch: core.dispatch,
    events: core.events,
    rendererUrl,
    targets: () => BrowserWindow.getAllWindows().map((window) => window.webContents),
    logger,
  });
  await core.start();
  const started = core;
  // macOS tints a black "Template" image for the menu bar (the title carries the sign there); elsewhere the
  // icon itself is green, red or plain. Electron picks the @2x file on its own.
  const trayIcons: TrayIcons =
    process.platform === 'darwin'
      ? { flat: 'trayTemplate.png', up: 'trayTemplate.png', down: 'trayTemplate.png' }
      : { flat: 'tray.png', up: 'tray-up.png', down: 'tray-down.png' };
  const resolved = Object.fromEntries(
    Object.entries(trayIcons).map(([variant, file]) => [variant, join(resourcesDir, file)]),
  ) as TrayIcons;
  const presenter = new TrayPresenter((view) => tray?.update(view), {
    alertsPaused: started.alerts.paused(),
  });
  trayPresenter = presenter;
  tray = new AppTray(
    resolved,
    {
      open: () => showMainWindow(),
      openPosition: ({ positionId }) => showMainWindow(positionId),
      pauseAlerts: () => started.alerts.setPaused(true),
      resumeAlerts: () => started.alerts.setPaused(false),
      quit: () => app.quit(),
      restartToUpdate: () => {
        // A refusal (a position is being opened or closed) is shown in the window, in Settings → Updates.
        void started.dispatch('updates.restart', {}, { transport: 'ipc' }).then((reply) => {
          if (!reply.ok) showMainWindow();
        });
      },
    },
    presenter.view(),
  );
  trayPopup = new TrayPopup(outDir, rendererUrl, app.isPackaged, (id) => showMainWindow(id));
  // Right click (Windows, Linux) shows the live positions next to the icon; the menu is on the left click's
  // context menu as every platform draws it.
  tray.onRightClick(() => trayPopup?.toggle(tray!.bounds()));
  started.events.subscribe((event, payload) => presenter.onEvent(event, payload));
  started.alerts.onPausedChange((paused) => presenter.setAlertsPaused(paused));
  showMainWindow();
}

/** Shows the main window, on a position's page when one is given (a tray line, a notification). */
function showMainWindow(positionId?: number | null): void {
  if (!app.isReady()) return;
  if (!mainWindow || mainWindow.isDestroyed()) {
    mainWindow = createMainWindow(outDir, rendererUrl, app.isPackaged);
    // Closing the window keeps Synthex in the tray (positions keep being watched); Quit ends it.
    keepInTray(mainWindow, {
      quitting: () => quitting,
      told: () => desktopFacts?.get('closeToTrayTold') === true,
      markTold: () => desktopFacts?.set('closeToTrayTold', true),
      tell: (body) => {
        if (Notification.isSupported()) new Notification({ title: 'Synthex keeps running', body }).show();
      },
    });
  }
  if (typeof positionId === 'number') void mainWindow.loadURL(`${rendererUrl}${positionHref(positionId)}`);
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.show();
  mainWindow.focus();
}

app.on('before-quit', (event) => {
  if (quitting || !core) return;
  quitting = true;
  event.preventDefault();
  trayPresenter?.stop();
  trayPopup?.destroy();
  tray?.destroy();
  core.stop().finally(() => app.quit());
});

app.on('window-all-closed', () => {
  // Stay alive in the tray on every platform.
});

function fail(error: unknown): void {
  if (error instanceof DriverConflictError) {
    logger.error('another process drives the User Data DB', { error: error.message });
    quitting = true;
    return quitForDriverConflict(error.message, () => core?.stop() ?? Promise.resolve());
  }
  logger.error('Synthex could not start', { error: String(error) });
  app.exit(1);
}
