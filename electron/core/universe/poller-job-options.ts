import type { Kysely } from 'kysely';
import type pg from 'pg';
import type { GeneralDb } from '../db';
import { exchangeEndpoints } from '../exchange/environments';
import type { FeatureContext } from '../feature';
import type { SupervisedProcess } from '../process/supervised-process';
import type { EventBus } from '../rpc/event-bus';
import type { Logger } from '../util/logger';

/**
 * What a service that hands work to the poller process (the universe refresh, the market history) takes
 * from the app: the process, events and logger, the General Data DB, and Bybit's public REST URL of the
 * environment the trader chose (Settings or SYNTHEX_BYBIT_ENV).
 */
export interface PollerJobOptions {
  poller: SupervisedProcess;
  events: EventBus;
  logger: Logger;
  general: () => { db: Kysely<GeneralDb>; connection: pg.ClientConfig };
  bybitRestUrl: () => string;
}

export function pollerJobOptions(context: FeatureContext): PollerJobOptions {
  return {
    poller: context.poller,
    events: context.events,
    logger: context.logger,
    general: () => {
      const databases = context.databases();
      return { db: databases.general, connection: databases.connections.general };
    },
    bybitRestUrl: () => exchangeEndpoints(context.settings.view().settings).restUrl,
  };
}
