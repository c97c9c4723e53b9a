import { SynthexError } from '../../shared/contract';
import { createCredentialsFeature } from './bybit-account/credentials-feature';
import { ExchangeSessions } from './bybit-account/exchange-sessions';
import { createIndicesFeature } from './indices/indices-feature';
import { createResearchFeature } from './market-history/research-feature';
import { createPositionsFeature } from './positions/positions-feature';
import type { PositionEngineOptions } from './positions/position-engine';
import { createCockpitFeature, type CockpitOptions } from './account/cockpit-feature';
import { createPnlFeature } from './pnl/pnl-feature';
import type { PnlServiceOptions } from './pnl/pnl-service';
import { createRiskFeature } from './risk/risk-feature';
import type { RiskOptions } from './risk/risk-service';
import { createAlertsFeature, type AlertsControl } from './alerts/alerts-feature';
import type { NotificationSink } from './alerts/notification-sink';
import { settleRotationFromStores, type OnRotationStep } from './bybit-account/rotate-data-key';
import type { DataKeyStore } from './vault/data-key-store';
import type { KeyProtector } from './vault/key-protector';
import { vaultKeys } from './vault/vault-keys';
import { DriverConflictError, type ClusterPasswordStore, type OpenDatabases } from './db';
import { protectedPasswordStore } from './db/protected-password-store';
import { createProfilesFeature } from './profiles/profiles-feature';
import type { Feature, FeatureContext } from './feature';
import { FeatureRegistry } from './feature-registry';
import { createDispatcher, type Dispatch } from './rpc/dispatcher';
import { EventBus } from './rpc/event-bus';
import { readEnvironmentOverrides } from './settings/environment-overrides';
import { maskDatabaseUrl, maskSettingsView, sealedDatabaseUrls } from './settings/sealed-database-urls';
import { SettingsService } from './settings/settings-service';
import type { SettingsStore } from './settings/settings-store';
import type { SpawnChild } from './process/child-handle';
import { SupervisedProcess } from './process/supervised-process';
import { failedDatabases, noDatabases, type DatabaseStatusSource } from './system/database-status';
import { exchangeEndpoints } from './exchange/environments';
import { ExchangeReachabilityMonitor } from './system/exchange-reachability';
import { orderedStatus, readSystemStatus, type RuntimeInfo } from './system/system-status';
import { createUniverseFeature } from './universe/universe-feature';
import type { UpdateBackend } from './updates/update-backend';
import { createUpdatesFeature } from './updates/updates-feature';
import type { Logger } from './util/logger';

export interface AppCoreDeps {
  runtime: RuntimeInfo;
  env: Record<string, string | undefined>;
  settingsStore: SettingsStore;
  spawnChild: SpawnChild;
  pollerEntry: string;
  logger: Logger;
  /**
   * Opens (and migrates) both databases; the entry point binds the data and migrations directories and
   * passes `passwordStore` on (the embedded cluster's password, sealed by the vault).
   */
  openDatabases?: (
    urls: { userDbUrl: string | null; generalDbUrl: string | null },
    passwordStore: ClusterPasswordStore,
  ) => Promise<OpenDatabases>;
  /** Wraps the vault's data key: Electron safeStorage on the desktop, SYNTHEX_VAULT_PASSPHRASE headless. */
  keyProtector: KeyProtector;
  /** Where the wrapped data key is kept: electron-store on the desktop, a 0600 file headless. */
  dataKeyStore: DataKeyStore;
  /** Only the rotation crash test passes this: it pauses after each step so the process can be killed there. */
  onRotationStep?: OnRotationStep;
  /** Opens the log folder in the file manager (desktop); headless logs to stderr and has none. */
  openLogFolder?: () => Promise<void>;
  /** The desktop's native notifications (Electron Notification); headless tabs get alerts as events. */
  notificationSink?: NotificationSink | null;
  /** The desktop's electron-updater adapter; none in headless mode (updates are then disabled, with why). */
  updateBackend?: UpdateBackend | null;
  /** Tunings of the positions engine (tests shorten its periods). */
  positions?: PositionEngineOptions;
  /** Tunings of the cockpit (the bench and tests inject a clock). */
  cockpit?: CockpitOptions;
  /** The PnL engine's clock and staleness (tests age the marks without waiting). */
  pnl?: PnlServiceOptions;
  /** The risk engine's clock and periods (tests compress the calendar). */
  risk?: RiskOptions;
  /** The price feeds' clock (tests age the ticks without waiting). */
  prices?: { now?: () => number };
}

export interface AppCore {
  dispatch: Dispatch;
  events: EventBus;
  /** Pause and resume alerts (the tray's menu item). */
  alerts: AlertsControl;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The composition shared by the desktop app and headless mode: every service is built here from the
 * adapters the entry point hands in, and exposed only through the contract's dispatcher and events.
 */
export function createAppCore(deps: AppCoreDeps): AppCore {
  const { logger, runtime } = deps;
  const events = new EventBus();
  // Database URLs with a password are sealed in the settings file and shown masked (sealed-database-urls.ts).
  const databaseUrls = sealedDatabaseUrls(deps.settingsStore, deps.keyProtector);
  const settings = new SettingsService(databaseUrls.store, readEnvironmentOverrides(deps.env), logger);
  let databases: OpenDatabases | null = null;
  let databaseStatus: DatabaseStatusSource = noDatabases;
  const poller = new SupervisedProcess({
    name: 'poller',
    entry: deps.pollerEntry,
    spawn: deps.spawnChild,
    logger,
  });

  const reachability = new ExchangeReachabilityMonitor({
    endpoints: () => exchangeEndpoints(settings.view().settings),
    logger,
  });
  const status = () =>
    readSystemStatus(runtime, settings, poller, databaseStatus, reachability.current(), updates.service);
  let stopping = false;
  const statusInOrder = orderedStatus(
    status,
    (value) => events.emit('system.status', value),
    (error: unknown) => logger.error('could not read system status', { error: String(error) }),
  );
  const publishStatus = () => {
    if (!stopping) statusInOrder.publish();
  };

  let databaseFailure = 'The databases are still starting';
  const context: FeatureContext = {
    runtime,
    env: deps.env,
    logger,
    events,
    settings,
    poller,
    databases: () => {
      if (!databases) throw new SynthexError('UNAVAILABLE', `${databaseFailure}. See System for details.`);
      return databases;
    },
  };
  const core: Feature<'system.status' | 'system.openLogFolder' | 'settings.get' | 'settings.set'> = {
    handlers: {
      'system.status': () => statusInOrder.read(),
      'system.openLogFolder': async () => {
        if (!deps.openLogFolder) {
          throw new SynthexError(
            'UNAVAILABLE',
            'Headless mode writes its log to stderr: there is no log folder to open.',
          );
        }
        try {
          await deps.openLogFolder();
        } catch (error) {
          throw new SynthexError(
            'UNAVAILABLE',
            `The log folder could not be opened: ${(error as Error).message}`,
          );
        }
        return { opened: true as const };
      },
      'settings.get': async () => maskSettingsView(settings.view()),
      'settings.set': async (patch) =>
        maskSettingsView(settings.update(await databaseUrls.prepare(patch, settings.view().settings))),
    },
  };
  const vault = vaultKeys({
    protector: deps.keyProtector,
    store: deps.dataKeyStore,
    // Only after an interrupted key rotation, and only once the rows can be read (the databases are open).
    settleRotation: (keys) =>
      settleRotationFromStores({ userDb: () => databases?.user ?? null, passwordStore })(keys),
  });
  const passwordStore = protectedPasswordStore({ dataDir: runtime.dataDir, vault, logger });
  const profiles = createProfilesFeature(context);
  const credentials = createCredentialsFeature(context, {
    profiles,
    vault,
    passwordStore,
    onRotationStep: deps.onRotationStep,
  });
  // One gateway (and so one rate limiter) per Bybit account, shared by every feature that trades or reads.
  const sessions = new ExchangeSessions({
    logger,
    loadAccess: (profileId) => credentials.sessionAccess(profileId),
    prices: deps.prices,
  });
  const universe = createUniverseFeature(context);
  const indices = createIndicesFeature(context, { profiles, sessions });
  const research = createResearchFeature(context, { profiles, sessions });
  const positions = createPositionsFeature(context, {
    profiles,
    sessions,
    previews: indices.previews,
    options: deps.positions,
    withLegFigures: (detail) => cockpit.withLegFigures(detail),
  });
  const pnl = createPnlFeature(context, {
    profiles,
    sessions,
    catchUpFunding: (profileId) => positions.engine.catchUpAccount(profileId),
    options: deps.pnl,
  });
  const cockpit = createCockpitFeature(context, {
    profiles,
    sessions,
    pnl: () => pnl.service,
    options: deps.cockpit,
  });
  const alerts = createAlertsFeature(context, { nativeSink: deps.notificationSink });
  const risk = createRiskFeature(context, {
    engine: positions.engine,
    pnl: pnl.service,
    profiles,
    options: deps.risk,
  });
  const updates = createUpdatesFeature(context, {
    backend: deps.updateBackend ?? null,
    // An update never restarts the app while a position is being opened or closed.
    restartGuard: () => positions.restartBlocker(),
  });
  // The one list of features: the handler map is derived from it, and a channel nobody handles does not compile.
  const registry = FeatureRegistry.empty()
    .add(core)
    .add(universe)
    .add(profiles)
    .add(credentials)
    .add(indices)
    .add(research)
    .add(positions)
    .add(pnl)
    .add(cockpit)
    .add(alerts)
    // After positions (resumed), PnL (folding) and alerts (listening): open decisions resume into all three.
    .add(risk)
    .add(updates);
  const { features } = registry;

  // Both stores under the data key are readable now: decide an interrupted rotation at once, so the files
  // agree again before anything else reads them. A failure (locked keychain) is retried on first use.
  const settleInterruptedRotation = async () => {
    if (!vault.availability().ok || !(await vault.rotationPending())) return;
    await vault.dataKey().then(
      () => logger.info('settled an interrupted encryption key rotation'),
      (error: unknown) =>
        logger.warn('could not settle an interrupted key rotation yet', {
          error: error instanceof Error ? error.message : String(error),
        }),
    );
  };

  poller.onStateChange(publishStatus);
  settings.onChange(publishStatus);
  reachability.onChange(publishStatus);
  let environment = JSON.stringify(exchangeEndpoints(settings.view().settings));
  settings.onChange(() => {
    const next = JSON.stringify(exchangeEndpoints(settings.view().settings));
    if (next === environment) return;
    environment = next;
    reachability.recheck();
  });

  return {
    dispatch: createDispatcher(registry.handlers(), logger),
    events,
    alerts,
    async start() {
      // The app stays usable when the poller cannot start: its state is shown in System and it keeps retrying.
      poller.start().catch((error: unknown) => logger.warn('poller did not start', { error: String(error) }));
      // Not awaited: start-up does not wait for the network; the status event tells the UI.
      void reachability.check();
      if (deps.openDatabases) {
        const unsealed = await databaseUrls.unseal();
        settings.adopt(unsealed.values);
        const { userDbUrl, generalDbUrl } = settings.view().settings;
        try {
          // A sealed URL that cannot be opened must not quietly fall back to the embedded cluster.
          if (unsealed.failures.length > 0) throw new Error(unsealed.failures.join(' '));
          databases = await deps.openDatabases({ userDbUrl, generalDbUrl }, passwordStore);
          databaseStatus = databases.status;
          await settleInterruptedRotation();
        } catch (error) {
          // Another process drives the User Data DB: this one must not start anything (the entry exits).
          if (error instanceof DriverConflictError) {
            stopping = true;
            reachability.stop();
            await poller.stop();
            throw error;
          }
          // A refused or unreachable database is shown in System with what to do, instead of a dead app.
          const message = error instanceof Error ? error.message : String(error);
          logger.error('databases could not be opened', { error: message });
          databaseStatus = failedDatabases(
            { userDbUrl: maskDatabaseUrl(userDbUrl), generalDbUrl: maskDatabaseUrl(generalDbUrl) },
            message,
          );
          databaseFailure = `The databases could not be opened: ${message}`;
        }
        publishStatus();
      }
      for (const feature of features) await feature.start?.();
    },
    async stop() {
      stopping = true;
      reachability.stop();
      for (const feature of [...features].reverse()) await feature.stop?.();
      await sessions.close();
      await poller.stop();
      await databases?.close();
    },
  };
}
