import type { Feature, FeatureContext } from '../feature';
import type { UpdateBackend } from './update-backend';
import { UpdateService, type RestartGuard } from './update-service';
import { updatesDisabledReason } from './updates-enabled';

type UpdatesChannel = 'updates.status' | 'updates.check' | 'updates.restart';

export interface UpdatesFeature extends Feature<UpdatesChannel> {
  service: UpdateService;
}

/** updates.*: the state machine, fed the channel from Settings; `updates.state` follows every change. */
export function createUpdatesFeature(
  context: FeatureContext,
  deps: { backend: UpdateBackend | null; restartGuard: RestartGuard },
): UpdatesFeature {
  const service = new UpdateService({
    backend: deps.backend,
    disabledReason: updatesDisabledReason(context.runtime, context.env, deps.backend !== null),
    currentVersion: context.runtime.appVersion,
    channel: () => context.settings.view().settings.updateChannel,
    restartGuard: deps.restartGuard,
    logger: context.logger,
    onChange: (status) => context.events.emit('updates.state', status),
  });
  let channel = context.settings.view().settings.updateChannel;
  const unsubscribe = context.settings.onChange(() => {
    const next = context.settings.view().settings.updateChannel;
    if (next === channel) return;
    channel = next;
    service.channelChanged();
  });
  return {
    service,
    handlers: {
      'updates.status': async () => service.status(),
      'updates.check': async () => {
        await service.check();
        return service.status();
      },
      'updates.restart': async () => {
        await service.restart();
        return { restarting: true as const };
      },
    },
    // The first check runs in the background: a slow or failing feed never holds up the start.
    start: async () => service.start(),
    stop: async () => {
      unsubscribe();
      service.stop();
    },
  };
}
