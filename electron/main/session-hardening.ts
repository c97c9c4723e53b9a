import type { Session } from 'electron';

/**
 * The renderer needs no camera, microphone, notifications API, geolocation, clipboard-read, MIDI, HID or
 * anything else a permission guards (OS notifications come from main), so every request and every check
 * is refused, whatever the page asks and whoever injected it.
 */
export function denyAllPermissions(
  session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>,
): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}
