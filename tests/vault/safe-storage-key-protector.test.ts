import { randomBytes } from 'node:crypto';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { VaultError } from '../../electron/core/vault';
import { thrownWithoutSecrets } from '../support/secret-leak';

type Backend = 'basic_text' | 'gnome_libsecret' | 'kwallet' | 'kwallet5' | 'kwallet6' | 'unknown';

/** A stand-in keychain: reversible, but visibly not the plain text, and refusing blobs it did not make. */
const keychain = {
  available: true,
  backend: 'gnome_libsecret' as Backend,
  encryptCalls: [] as string[],
};

vi.mock('electron', () => ({
  safeStorage: {
    isEncryptionAvailable: () => keychain.available,
    getSelectedStorageBackend: () => keychain.backend,
    encryptString: (text: string) => {
      keychain.encryptCalls.push(text);
      return Buffer.concat([Buffer.from('v11'), Buffer.from(text, 'utf8').map((byte) => byte ^ 0x5a)]);
    },
    decryptString: (blob: Buffer) => {
      if (blob.subarray(0, 3).toString() !== 'v11')
        throw new Error('Error while decrypting the ciphertext provided');
      return Buffer.from(blob.subarray(3).map((byte) => byte ^ 0x5a)).toString('utf8');
    },
  },
}));

const { safeStorageKeyProtector } = await import('../../electron/main/safe-storage-key-protector');

const enableKeyring =
  'Install and unlock a keyring (gnome-keyring or KWallet) and log in to a desktop session that starts it, ' +
  'or start Synthex with --password-store=gnome-libsecret (or --password-store=kwallet6), then restart Synthex.';

beforeEach(() => {
  keychain.available = true;
  keychain.backend = 'gnome_libsecret';
  keychain.encryptCalls = [];
});

describe('safeStorage key protector', () => {
  it.each<Backend>(['gnome_libsecret', 'kwallet', 'kwallet5', 'kwallet6'])(
    'wraps and unwraps with the %s backend',
    async (backend) => {
      keychain.backend = backend;
      const protector = safeStorageKeyProtector('linux');
      const dataKey = randomBytes(32);
      expect(protector.kind).toBe('os-keychain');
      expect(protector.isAvailable()).toEqual({ ok: true });
      const wrapped = await protector.wrap(dataKey);
      expect(keychain.encryptCalls).toEqual([dataKey.toString('base64')]);
      expect(wrapped.includes(dataKey)).toBe(false);
      expect((await protector.unwrap(wrapped)).equals(dataKey)).toBe(true);
    },
  );

  it.each([
    [
      'basic_text',
      `No OS keyring was found, and Synthex will not store Bybit API keys under the plain-text fallback. ${enableKeyring}`,
    ],
    [
      'unknown',
      `Synthex could not tell which OS keyring is in use, so it will not store Bybit API keys yet. ${enableKeyring}`,
    ],
  ] as const)('refuses the %s backend on Linux with how to enable a keyring', async (backend, reason) => {
    keychain.backend = backend;
    const protector = safeStorageKeyProtector('linux');
    expect(protector.isAvailable()).toEqual({ ok: false, reason });
    await expect(protector.wrap(randomBytes(32))).rejects.toMatchObject({
      reason: 'KEY_PROTECTION_UNAVAILABLE',
      code: 'UNAVAILABLE',
      message: reason,
    });
    expect(keychain.encryptCalls).toEqual([]);
  });

  it('refuses when encryption is unavailable, with the platform’s explanation', async () => {
    keychain.available = false;
    expect(safeStorageKeyProtector('linux').isAvailable()).toEqual({
      ok: false,
      reason: `No OS keyring is available to protect the Bybit API keys. ${enableKeyring}`,
    });
    expect(safeStorageKeyProtector('darwin').isAvailable()).toMatchObject({
      ok: false,
      reason: /macOS Keychain/,
    });
    expect(safeStorageKeyProtector('win32').isAvailable()).toMatchObject({
      ok: false,
      reason: /restart Synthex/,
    });
    await expect(safeStorageKeyProtector('linux').unwrap(Buffer.from('v11xx'))).rejects.toBeInstanceOf(
      VaultError,
    );
  });

  it('does not consult the Linux backend on macOS and Windows', () => {
    keychain.backend = 'basic_text';
    expect(safeStorageKeyProtector('darwin').isAvailable()).toEqual({ ok: true });
    expect(safeStorageKeyProtector('win32').isAvailable()).toEqual({ ok: true });
  });

  it('turns a keychain that cannot decrypt into a clear typed error without the keychain text', async () => {
    const error = await thrownWithoutSecrets(
      () => safeStorageKeyProtector('linux').unwrap(Buffer.from('garbage')),
      [],
    );
    expect(error).toMatchObject({ reason: 'KEYCHAIN_REFUSED', code: 'UNAVAILABLE' });
    expect(JSON.stringify(error)).not.toContain('Error while decrypting');
  });

  it('refuses a keychain answer that is not the base64 of a key', async () => {
    const protector = safeStorageKeyProtector('linux');
    const { safeStorage } = await import('electron');
    await expect(protector.unwrap(safeStorage.encryptString('not base64!'))).rejects.toMatchObject({
      reason: 'DATA_KEY_DAMAGED',
    });
  });

  it('never puts the data key in an error', async () => {
    const dataKey = randomBytes(32);
    const wrapped = await safeStorageKeyProtector('linux').wrap(dataKey);
    keychain.backend = 'basic_text';
    await thrownWithoutSecrets(() => safeStorageKeyProtector('linux').unwrap(wrapped), [dataKey]);
    await thrownWithoutSecrets(() => safeStorageKeyProtector('linux').wrap(dataKey), [dataKey]);
  });
});
