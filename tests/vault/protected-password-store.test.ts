import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { testKeyProtector } from '../support/test-key-protector';
import { vaultKeys } from '../../electron/core/vault/vault-keys';
import { encryptValue } from '../../electron/core/vault/vault';
import {
  plainPasswordFile,
  protectedPasswordStore,
  sealedPasswordFile,
} from '../../electron/core/db/protected-password-store';
import { silentLogger } from '../../electron/core/util/logger';
import { memoryDataKeyStore } from '../support/memory-data-key-store';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function setup(options: { unavailableReason?: string } = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'synthex-password-'));
  dirs.push(dataDir);
  const keys = memoryDataKeyStore();
  const protector = testKeyProtector(options);
  const vault = vaultKeys({ protector, store: keys.store, settleRotation: async () => false });
  const store = protectedPasswordStore({ dataDir, vault, logger: silentLogger });
  return {
    dataDir,
    store,
    vault,
    sealed: join(dataDir, sealedPasswordFile),
    plain: join(dataDir, plainPasswordFile),
  };
}

describe('the embedded database password behind the vault', () => {
  it('refuses clearly, and mints no new key, when the vault key record is gone', async () => {
    const first = setup();
    await first.store.write('pw');
    const keys = memoryDataKeyStore();
    const store = protectedPasswordStore({
      dataDir: first.dataDir,
      vault: vaultKeys({
        protector: testKeyProtector(),
        store: keys.store,
        settleRotation: async () => false,
      }),
      logger: silentLogger,
    });
    await expect(store.read()).rejects.toThrow(/vault key record that opens it is missing/);
    expect(keys.writes).toHaveLength(0);
  });

  it('is written sealed (0600, no plain copy) and read back', async () => {
    const { store, sealed, plain } = setup();
    await store.write('pg-superuser-password-1');
    expect(existsSync(plain)).toBe(false);
    expect(readFileSync(sealed, 'utf8')).not.toContain('pg-superuser-password-1');
    expect(statSync(sealed).mode & 0o777).toBe(0o600);
    expect(await store.read()).toBe('pg-superuser-password-1');
  });

  it('moves a plain password file from an older version behind the vault on first read', async () => {
    const { store, sealed, plain } = setup();
    writeFileSync(plain, 'legacy-password\n', { mode: 0o600 });
    expect(await store.read()).toBe('legacy-password');
    expect(existsSync(plain)).toBe(false);
    expect(existsSync(sealed)).toBe(true);
    expect(await store.read()).toBe('legacy-password');
  });

  it('without key protection keeps the plain 0600 file, so the databases still open', async () => {
    const { store, sealed, plain } = setup({ unavailableReason: 'Set SYNTHEX_VAULT_PASSPHRASE.' });
    await store.write('plain-for-now');
    expect(existsSync(sealed)).toBe(false);
    expect(await store.read()).toBe('plain-for-now');
    expect(readFileSync(plain, 'utf8').trim()).toBe('plain-for-now');
  });

  it('refuses with the protector’s sentence when a sealed password cannot be opened', async () => {
    const sealedOnce = setup();
    await sealedOnce.store.write('secret-pw');
    const locked = protectedPasswordStore({
      dataDir: sealedOnce.dataDir,
      vault: vaultKeys({
        protector: testKeyProtector({ unavailableReason: 'Set SYNTHEX_VAULT_PASSPHRASE and restart.' }),
        store: memoryDataKeyStore().store,
        settleRotation: async () => false,
      }),
      logger: silentLogger,
    });
    await expect(locked.read()).rejects.toThrow(
      /embedded database password is protected by the vault.*Set SYNTHEX_VAULT_PASSPHRASE/,
    );
  });

  it('refuses a sealed value made for another purpose (a credential ciphertext pasted in)', async () => {
    const { store, vault, sealed } = setup();
    await store.write('first');
    const other = encryptValue(await vault.dataKey(), 'first', 'synthex:v1:user:1:api_secret');
    writeFileSync(sealed, other.toString('base64'));
    await expect(store.read()).rejects.toThrow(/does not open with this installation's vault key/);
    expect(await store.sealedUnder(await vault.dataKey())).toBe(false);
  });
});
