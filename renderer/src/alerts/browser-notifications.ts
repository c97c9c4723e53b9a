import type { Alert } from '../../../shared/domain/alerts';
import { api } from '../api/client';
import { goTo } from '../store/navigation';

/**
 * Headless mode's notification sink: the core's `alerts.fired` shown with the browser's Notifications
 * API, once the trader granted permission (Settings → Alerts). The desktop app shows native notifications
 * from main instead, so this stays off there (window.synthex is the desktop bridge).
 */
export const browserNotificationsApply = () => !window.synthex && typeof Notification !== 'undefined';

export function showBrowserNotification(alert: Alert): void {
  if (!browserNotificationsApply() || Notification.permission !== 'granted') return;
  // The tag folds a repeat of the same alert (several open tabs) into one notification.
  const notification = new Notification(alert.title, { body: alert.body, tag: alert.key });
  notification.onclick = () => {
    window.focus();
    if (alert.positionId !== null) goTo('positions', String(alert.positionId));
  };
}

api.on('alerts.fired', showBrowserNotification);
