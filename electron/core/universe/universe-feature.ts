import { databasesOpen, type Feature, type FeatureContext } from '../feature';
import { pollerJobOptions } from './poller-job-options';
import { readUniverseConfig } from './universe-config';
import { UniverseService, type UniverseServiceOptions } from './universe-service';

export type UniverseChannels = 'universe.latest' | 'universe.history' | 'universe.refresh';

/** `universe.*`: the daily snapshot, past dates, and refresh on demand, backed by the poller process. */
export function createUniverseFeature(
  context: FeatureContext,
  overrides: Partial<UniverseServiceOptions> = {},
): Feature<UniverseChannels> & { service: UniverseService } {
  const service = new UniverseService({
    ...pollerJobOptions(context),
    config: readUniverseConfig(context.env),
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
      if (!databasesOpen(context)) return; // Without the General Data DB there is nothing to refresh into; System says why.
      await service.start();
    },
    stop: () => service.stop(),
  };
}
