import type { ChannelName } from '../../shared/contract';
import type { OpenDatabases } from './db';
import type { SupervisedProcess } from './process/supervised-process';
import type { EventBus } from './rpc/event-bus';
import type { Handlers } from './rpc/handlers';
import type { SettingsService } from './settings/settings-service';
import type { RuntimeInfo } from './system/system-status';
import type { Logger } from './util/logger';

/** What every feature module gets from the core: shared services, never globals. */
export interface FeatureContext {
  runtime: RuntimeInfo;
  env: Record<string, string | undefined>;
  logger: Logger;
  events: EventBus;
  settings: SettingsService;
  poller: SupervisedProcess;
  /** Both databases; throws a SynthexError (UNAVAILABLE, with the reason) when they are not open. */
  databases(): OpenDatabases;
}

/**
 * A feature contributes the handlers of its channels and, optionally, work to do once the databases are
 * open and before the app stops. app-core builds each feature and spreads its handlers into one typed
 * `Handlers` literal, so a channel nobody handles is a compile error.
 */
export interface Feature<C extends ChannelName = ChannelName> {
  handlers: Pick<Handlers, C>;
  start?(): Promise<void>;
  stop?(): Promise<void>;
}
