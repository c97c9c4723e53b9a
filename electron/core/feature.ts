import type { ChannelName } from '../../shared/contract';
import type { Kysely } from 'kysely';
import type { OpenDatabases, UserDb } from './db';
import type { SupervisedProcess } from './process/supervised-process';
import type { EventBus } from './rpc/event-bus';
import type { Handlers } from './rpc/handlers';
import type { SettingsService } from './settings/settings-service';
import type { RuntimeInfo } from './system/system-status';
import type { Logger } from './util/logger';

/**
 * What a service that follows the active profile live (its PnL, its account, its benchmark) is built
 * with: the User Data DB (read when used: it opens after the features are made), the events it emits, the
 * log, and the profile the windows show.
 */
export interface ActiveProfileServiceDeps {
  db: () => Kysely<UserDb>;
  events: EventBus;
  logger: Logger;
  activeProfileId(): Promise<number>;
}

/** The ActiveProfileServiceDeps a feature builds from the core's context and the profiles' active one. */
export function activeProfileServiceDeps(
  context: FeatureContext,
  profiles: { activeProfileId(): Promise<number> },
): ActiveProfileServiceDeps {
  return {
    db: () => context.databases().user,
    events: context.events,
    logger: context.logger,
    activeProfileId: () => profiles.activeProfileId(),
  };
}

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

/** Work a feature does once the databases are open, and before the app stops. */
export interface FeatureLifecycle {
  start?(): Promise<void>;
  stop?(): Promise<void>;
}

/**
 * A feature contributes the handlers of its channels and, optionally, a lifecycle. app-core adds every
 * feature to one FeatureRegistry, which derives the dispatcher's handler map from that list.
 */
export interface Feature<C extends ChannelName = ChannelName> extends FeatureLifecycle {
  handlers: Pick<Handlers, C>;
}

/**
 * Whether the databases are open. A feature's start does nothing without them: there is nothing to
 * follow or resume, and System says why.
 */
export function databasesOpen(context: FeatureContext): boolean {
  try {
    context.databases();
    return true;
  } catch {
    return false;
  }
}
