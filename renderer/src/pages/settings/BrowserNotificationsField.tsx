import { useState } from 'react';
import { browserNotificationsApply } from '../../alerts/browser-notifications';

/** Headless mode only: asks the browser for permission to show alerts as notifications. */
export function BrowserNotificationsField() {
  const [permission, setPermission] = useState(() =>
    browserNotificationsApply() ? Notification.permission : null,
  );
  if (permission === null) return null;
  return (
    <p className="small">
      Browser notifications: {permission === 'granted' && <span>allowed in this browser.</span>}
      {permission === 'denied' && (
        <span className="muted">blocked; allow them in the browser’s site settings.</span>
      )}
      {permission === 'default' && (
        <button type="button" onClick={() => void Notification.requestPermission().then(setPermission)}>
          Allow browser notifications
        </button>
      )}
    </p>
  );
}
