import { exchangeEndpoints } from '../exchange/environments';
import type { Feature, FeatureContext } from '../feature';
import { readUniverseConfig } from './universe-config';
import { UniverseService, type UniverseServiceOptions } from './universe-service';

export type UniverseChannels = 'universe.latest' | 'universe.history' | 'universe.refresh';

/** `universe.*`: the daily snapshot, past dates, and refresh on demand, backed by the poller process. */
export function createUniverseFeature(
  context: FeatureContext,
  overrides: Partial<UniverseServiceOptions> = {},
): Feature<UniverseChannels> & { service: UniverseService } {
  const service = new UniverseService({
    poller: context.poller,
    events: context.events,
    logger: context.logger,
    config: readUniverseConfig(context.env),
    general: () => {
      const databases = context.databases();
      return { db: databases.general, connection: databases.connections.general };
    },
    // Public market data comes from the environment the trader chose (Settings or SYNTHEX_BYBIT_ENV).
    bybitRestUrl: () => exchangeEndpoints(context.settings.view().settings).restUrl,
    ...overrides,
  });
  return {
    service,
    handlers: {
      'universe.latest': () => service.state(),
      'universe.history': ({ date }) => service.history(date),
      'universe.refresh': async () => {
        const { started, run } = await service.refresh('manual');
        return { started, run };
      },
    },
    async start() {
      try {
        context.databases();
      } catch {
        return; // Without the General Data DB there is nothing to refresh into; System says why.
      }
      await service.start();
    },
    stop: () => service.stop(),
  };
}
