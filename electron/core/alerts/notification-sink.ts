import type { Alert } from '../../../shared/domain/alerts';
import type { EventBus } from '../rpc/event-bus';

/**
 * Where alerts are shown. Desktop: Electron's Notification (electron/main/electron-notification-sink.ts).
 * Headless: the browser's Notifications API, reached through the `alerts.fired` event (the renderer shows
 * it once the trader granted permission: renderer/src/alerts/browser-notifications.ts).
 */
export interface NotificationSink {
  notify(alert: Alert): void;
}

/** Headless mode's sink: every open tab gets the alert and shows it with the browser's Notifications API. */
export function eventBusSink(events: EventBus): NotificationSink {
  return { notify: (alert) => events.emit('alerts.fired', alert) };
}
