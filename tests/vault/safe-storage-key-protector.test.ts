import { randomBytes } from 'node:crypto';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { VaultError } from '../../electron/core/vault';
import type { KeychainBackend } from '../support/fake-electron';
import { thrownWithoutSecrets } from '../support/secret-leak';

vi.mock('electron', () => import('../support/fake-electron'));
const { electronFake, resetElectronFake } = await import('../support/fake-electron');
type Backend = KeychainBackend;

const { safeStorageKeyProtector } = await import('../../electron/main/safe-storage-key-protector');

const enableKeyring =
  'Install and unlock a keyring (gnome-keyring or KWallet) and log in to a desktop session that starts it, ' +
  'or start Synthex with --password-store=gnome-libsecret (or --password-store=kwallet6), then restart Synthex.';

beforeEach(() => resetElectronFake());

describe('safeStorage key protector', () => {
  it.each<Backend>(['gnome_libsecret', 'kwallet', 'kwallet5', 'kwallet6'])(
    'wraps and unwraps with the %s backend',
    async (backend) => {
      electronFake.keychain.backend = backend;
      const protector = safeStorageKeyProtector('linux');
      const dataKey = randomBytes(32);
      expect(protector.kind).toBe('os-keychain');
      expect(protector.isAvailable()).toEqual({ ok: true });
      const wrapped = await protector.wrap(dataKey);
      expect(electronFake.keychain.encryptCalls).toEqual([dataKey.toString('base64')]);
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
    electronFake.keychain.backend = backend;
    const protector = safeStorageKeyProtector('linux');
    expect(protector.isAvailable()).toEqual({ ok: false, reason });
    await expect(protector.wrap(randomBytes(32))).rejects.toMatchObject({
      reason: 'KEY_PROTECTION_UNAVAILABLE',
      code: 'UNAVAILABLE',
      message: reason,
    });
    expect(electronFake.keychain.encryptCalls).toEqual([]);
  });

  it('refuses when encryption is unavailable, with the platform’s explanation', async () => {
    electronFake.keychain.available = false;
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
    electronFake.keychain.backend = 'basic_text';
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
    electronFake.keychain.backend = 'basic_text';
    await thrownWithoutSecrets(() => safeStorageKeyProtector('linux').unwrap(wrapped), [dataKey]);
    await thrownWithoutSecrets(() => safeStorageKeyProtector('linux').wrap(dataKey), [dataKey]);
  });
});
