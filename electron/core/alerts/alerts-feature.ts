import type { Feature, FeatureContext } from '../feature';
import { AlertService } from './alert-service';
import { eventBusSink, type NotificationSink } from './notification-sink';

/** Pausing alerts (the tray's "Pause alerts" and Settings → Alerts): one setting, alerts.paused. */
export interface AlertsControl {
  paused(): boolean;
  setPaused(paused: boolean): void;
  onPausedChange(listener: (paused: boolean) => void): () => void;
}

export interface AlertsFeature extends Feature<never>, AlertsControl {
  service: AlertService;
}

/**
 * Alerts from core events to the notification sinks: always the `alerts.fired` event (headless tabs show it
 * with the browser's Notifications API), plus the desktop's native sink when there is one.
 */
export function createAlertsFeature(
  context: FeatureContext,
  deps: { nativeSink?: NotificationSink | null },
): AlertsFeature {
  const sinks = [eventBusSink(context.events), ...(deps.nativeSink ? [deps.nativeSink] : [])];
  const service = new AlertService({
    sinks: () => sinks,
    alertSettings: () => context.settings.view().settings.alerts,
  });
  let unsubscribe: (() => void) | null = null;
  const paused = () => context.settings.view().settings.alerts.paused;
  return {
    service,
    handlers: {},
    paused,
    setPaused: (value) => {
      if (value !== paused()) context.settings.update({ alerts: { paused: value } });
    },
    onPausedChange: (listener) => {
      let last = paused();
      return context.settings.onChange((view) => {
        if (view.settings.alerts.paused === last) return;
        last = view.settings.alerts.paused;
        listener(last);
      });
    },
    async start() {
      unsubscribe = context.events.subscribe((event, payload) => service.onEvent(event, payload));
    },
    async stop() {
      unsubscribe?.();
    },
  };
}
