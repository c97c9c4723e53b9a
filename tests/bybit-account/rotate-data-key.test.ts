import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import {
  decryptCredentials,
  encryptCredentials,
  fileDataKeyStore,
  keyOpensRow,
  passphraseKeyProtector,
  type EncryptedCredentialRow,
} from '../../electron/core/vault';
import { vaultKeys, type VaultKeys } from '../../electron/core/vault/vault-keys';
import { saveCredentialRow } from '../../electron/core/bybit-account/credential-repository';
import { rotateDataKey, settleRotationFromStores } from '../../electron/core/bybit-account/rotate-data-key';
import { openDatabases, type OpenDatabases, type UserDb } from '../../electron/core/db';
import {
  protectedPasswordStore,
  resealedPasswordFile,
  sealedPasswordFile,
  type ProtectedPasswordStore,
} from '../../electron/core/db/protected-password-store';
import { silentLogger } from '../../electron/core/util/logger';
import { makeTempDir, migrationsDir, removeTempDirs } from '../db/db-test-helpers';
import { testScryptCost } from '../support/core-harness';

/**
 * Key rotation over the real stores: the credential rows in Postgres, the sealed cluster password file
 * and the wrapped data key, as the app composes them, including a stop at the worst moment.
 */
const env = { SYNTHEX_VAULT_PASSPHRASE: 'correct horse battery staple' };
const pairs = [
  { apiKey: 'AAAAkeyOfProfileOne1111', apiSecret: 'secret-of-profile-one-xxxxxxxxxxxx' },
  { apiKey: 'BBBBkeyOfProfileTwo2222', apiSecret: 'secret-of-profile-two-yyyyyyyyyyyy' },
];

interface Installation {
  dataDir: string;
  vault: VaultKeys;
  passwordStore: ProtectedPasswordStore;
  dbs: OpenDatabases;
}

const open: OpenDatabases[] = [];
afterEach(async () => {
  for (const dbs of open.splice(0)) await dbs.close();
  removeTempDirs();
});

/** What app-core builds at start: the vault handle, the sealed password store, both databases. */
async function start(dataDir: string): Promise<Installation> {
  let databases: OpenDatabases | null = null;
  const vault: VaultKeys = vaultKeys({
    protector: passphraseKeyProtector({ env, cost: testScryptCost }),
    store: fileDataKeyStore(join(dataDir, 'vault-key.json')),
    settleRotation: (keys) =>
      settleRotationFromStores({ userDb: () => databases?.user ?? null, passwordStore })(keys),
  });
  const passwordStore = protectedPasswordStore({ dataDir, vault, logger: silentLogger });
  databases = await openDatabases({ dataDir, migrationsDir, logger: silentLogger, passwordStore });
  open.push(databases);
  return { dataDir, vault, passwordStore, dbs: databases };
}

async function restart(installation: Installation): Promise<Installation> {
  await installation.dbs.close();
  open.splice(open.indexOf(installation.dbs), 1);
  return start(installation.dataDir);
}

async function rows(db: Kysely<UserDb>): Promise<EncryptedCredentialRow[]> {
  const found = await db
    .selectFrom('bybit_credentials')
    .select(['user_id', 'encrypted_api_key', 'encrypted_api_secret'])
    .orderBy('user_id')
    .execute();
  return found.map((r) => ({
    userId: r.user_id,
    encryptedApiKey: r.encrypted_api_key,
    encryptedApiSecret: r.encrypted_api_secret,
  }));
}

async function storeKeys(installation: Installation): Promise<void> {
  const key = await installation.vault.dataKey();
  for (const [index, pair] of pairs.entries()) {
    const user = await installation.dbs.user
      .insertInto('users')
      .values({ name: `Trader ${index + 1}` })
      .returning('id')
      .executeTakeFirstOrThrow();
    const sealed = encryptCredentials(key, user.id, pair);
    await saveCredentialRow(installation.dbs.user, {
      userId: user.id,
      encryptedApiKey: sealed.encryptedApiKey,
      encryptedApiSecret: sealed.encryptedApiSecret,
      environment: 'testnet',
      customRestUrl: null,
      customWsUrl: null,
      maskedApiKey: 'xxxx…xxxx',
      monitorOnly: false,
      readOnly: false,
      canWithdraw: false,
      permissionsSource: 'query-api',
      permissions: {},
      expiresAt: null,
      allowedIps: [],
      bybitUid: null,
    });
  }
}

const wrappedKey = (dataDir: string) => readFileSync(join(dataDir, 'vault-key.json'), 'utf8');

describe('data key rotation', () => {
  it('re-encrypts every stored key and the database password under a new key that survives a restart', async () => {
    const before = await start(makeTempDir('synthex-rotate-'));
    await storeKeys(before);
    const oldKey = await before.vault.dataKey();
    const oldRecord = wrappedKey(before.dataDir);

    expect(
      await rotateDataKey({ vault: before.vault, db: before.dbs.user, passwordStore: before.passwordStore }),
    ).toEqual({
      credentials: 2,
    });
    const newKey = await before.vault.dataKey();
    expect(newKey.equals(oldKey)).toBe(false);
    expect(wrappedKey(before.dataDir)).not.toBe(oldRecord);
    const moved = await rows(before.dbs.user);
    expect(moved.map((row) => decryptCredentials(newKey, row))).toEqual(pairs);
    expect(moved.every((row) => !keyOpensRow(oldKey, row))).toBe(true);
    expect(existsSync(join(before.dataDir, resealedPasswordFile))).toBe(false);

    // A new start opens the same new key, and with it the cluster password and the rows.
    const after = await restart(before);
    expect((await after.vault.dataKey()).equals(newKey)).toBe(true);
    expect((await rows(after.dbs.user)).map((row) => decryptCredentials(newKey, row))).toEqual(pairs);
  });

  it('changes nothing when a row cannot be moved, and says which profile', async () => {
    const installation = await start(makeTempDir('synthex-rotate-'));
    await storeKeys(installation);
    const oldKey = await installation.vault.dataKey();
    const [first, second] = await rows(installation.dbs.user);
    // Profile 2's row now holds profile 1's ciphertext: it no longer authenticates for profile 2.
    await installation.dbs.user
      .updateTable('bybit_credentials')
      .set({ encrypted_api_key: first!.encryptedApiKey })
      .where('user_id', '=', second!.userId)
      .execute();
    const record = wrappedKey(installation.dataDir);
    const before = await rows(installation.dbs.user);

    await expect(
      rotateDataKey({
        vault: installation.vault,
        db: installation.dbs.user,
        passwordStore: installation.passwordStore,
      }),
    ).rejects.toThrow(new RegExp(`profile ${second!.userId}`));
    expect((await installation.vault.dataKey()).equals(oldKey)).toBe(true);
    expect(await rows(installation.dbs.user)).toEqual(before);
    expect(JSON.parse(wrappedKey(installation.dataDir)).wrapped).toBe(JSON.parse(record).wrapped);
    expect((await restart(installation)).dbs).toBeDefined(); // the password still opens with the old key
  });

  it('adopts the new key at once when a step after the commit fails, and keeps it after a restart', async () => {
    const installation = await start(makeTempDir('synthex-rotate-'));
    await storeKeys(installation);
    let newKey: Buffer | null = null;
    // The real rotation, failing after the rows committed and before the password file was swapped. (A
    // real crash at every step is rotation-kill.test.ts.)
    const crashingStore: ProtectedPasswordStore = {
      ...installation.passwordStore,
      resealFor: async (keys) => {
        newKey = keys.to;
        await installation.passwordStore.resealFor(keys);
      },
      promoteResealed: async () => {
        throw new Error('disk full before promoting the resealed password');
      },
    };
    await expect(
      rotateDataKey({ vault: installation.vault, db: installation.dbs.user, passwordStore: crashingStore }),
    ).rejects.toThrow('disk full');
    // Settled from what is stored: the rows are under the new key, so the resealed password was promoted.
    expect((await installation.vault.dataKey()).equals(newKey!)).toBe(true);
    expect(existsSync(join(installation.dataDir, resealedPasswordFile))).toBe(false);
    expect(JSON.parse(wrappedKey(installation.dataDir)).pending).toBeUndefined();

    const after = await restart(installation);
    expect((await after.vault.dataKey()).equals(newKey!)).toBe(true);
    expect(existsSync(join(after.dataDir, resealedPasswordFile))).toBe(false);
    expect(existsSync(join(after.dataDir, sealedPasswordFile))).toBe(true);
    expect((await rows(after.dbs.user)).map((row) => decryptCredentials(newKey!, row))).toEqual(pairs);
  });
});
