import { safeStorage } from 'electron';
import type { KeyProtector, KeyProtectorAvailability } from '../core/vault/key-protector';
import { VaultError } from '../core/vault/vault-error';

/**
 * The desktop app's key protection: the data key is encrypted by the OS keychain through Electron's
 * safeStorage (Keychain on macOS, DPAPI on Windows, libsecret or KWallet on Linux). Linux's `basic_text`
 * backend encrypts with a hard-coded password, which would only pretend to protect the keys, so it is
 * refused with instructions rather than used. Call after the app's `ready` event.
 */

const enableKeyringLinux =
  'Install and unlock a keyring (gnome-keyring or KWallet) and log in to a desktop session that starts it, ' +
  'or start Synthex with --password-store=gnome-libsecret (or --password-store=kwallet6), then restart Synthex.';

export function keychainUnavailableReason(platform: NodeJS.Platform): string | null {
  if (!safeStorage.isEncryptionAvailable()) {
    if (platform === 'linux')
      return `No OS keyring is available to protect the Bybit API keys. ${enableKeyringLinux}`;
    if (platform === 'darwin')
      return 'The macOS Keychain is not available to Synthex. Unlock your login keychain (Keychain Access) and restart Synthex.';
    return "The operating system's credential protection is not available to Synthex. Sign in to your user account normally (not a temporary profile) and restart Synthex.";
  }
  if (platform !== 'linux') return null;
  const backend = safeStorage.getSelectedStorageBackend();
  if (backend === 'basic_text') {
    return `No OS keyring was found, and Synthex will not store Bybit API keys under the plain-text fallback. ${enableKeyringLinux}`;
  }
  if (backend === 'unknown') {
    return `Synthex could not tell which OS keyring is in use, so it will not store Bybit API keys yet. ${enableKeyringLinux}`;
  }
  return null;
}

export function safeStorageKeyProtector(platform: NodeJS.Platform = process.platform): KeyProtector {
  const availability = (): KeyProtectorAvailability => {
    const reason = keychainUnavailableReason(platform);
    return reason === null ? { ok: true } : { ok: false, reason };
  };
  const requireAvailable = (): void => {
    const current = availability();
    if (!current.ok) throw new VaultError('KEY_PROTECTION_UNAVAILABLE', current.reason);
  };

  return {
    kind: 'os-keychain',
    isAvailable: availability,

    // safeStorage takes strings; base64 keeps the key's bytes intact through that API.
    async wrap(dataKey) {
      requireAvailable();
      return safeStorage.encryptString(dataKey.toString('base64'));
    },

    async unwrap(wrapped) {
      requireAvailable();
      let text: string;
      try {
        text = safeStorage.decryptString(wrapped);
      } catch {
        // The keychain's own error is not passed on: it says nothing a trader can act on.
        throw new VaultError(
          'KEYCHAIN_REFUSED',
          'The OS keychain could not unlock the key that protects the stored Bybit API keys (the keyring may be ' +
            'locked, reset, or belong to another user). Unlock the keyring and restart Synthex; if it was reset, ' +
            'remove the API keys in Settings → Account and enter them again.',
        );
      }
      const dataKey = Buffer.from(text, 'base64');
      if (dataKey.toString('base64') !== text) {
        throw new VaultError(
          'DATA_KEY_DAMAGED',
          'The OS keychain returned a damaged vault key. Remove the API keys in Settings → Account and enter them again.',
        );
      }
      return dataKey;
    },
  };
}
