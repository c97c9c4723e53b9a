import { Notification } from 'electron';
import type { NotificationSink } from '../core/alerts/notification-sink';

/** The desktop's alerts as native notifications; clicking one opens the position it is about. */
export function electronNotificationSink(open: (positionId: number | null) => void): NotificationSink {
  return {
    notify(alert) {
      if (!Notification.isSupported()) return;
      const notification = new Notification({
        title: alert.title,
        body: alert.body,
        silent: alert.level === 'info',
      });
      notification.on('click', () => open(alert.positionId));
      notification.show();
    },
  };
}
