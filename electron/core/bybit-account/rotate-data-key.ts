import type { Kysely } from 'kysely';
import type { VaultKeys } from '../vault/vault-keys';
import { reencryptCredentialRows } from '../vault/key-rotation';
import type { UserDb } from '../db';
import type { ProtectedPasswordStore } from '../db/protected-password-store';

/**
 * Replaces the vault's data key and moves everything sealed under it. The key store, the database and
 * the password file cannot share a transaction, so the order is what keeps a crash harmless:
 *   1. the new key is recorded as pending (rotateDataKey);
 *   2. the database password is resealed into a side file, the old file still opening with the old key;
 *   3. every `bybit_credentials` row is re-encrypted in ONE transaction;
 *   4. the side file replaces the password file; 5. the new key becomes current.
 * Wherever it stops, one key opens both the rows and a copy of the password, and the next start finds it.
 */
export async function rotateDataKey(options: {
  vault: VaultKeys;
  db: Kysely<UserDb>;
  passwordStore: ProtectedPasswordStore;
}): Promise<{ credentials: number }> {
  let credentials = 0;
  await options.vault.rotate(async (keys) => {
    await options.passwordStore.resealFor(keys);
    await options.db.transaction().execute(async (trx) => {
      const rows = await trx
        .selectFrom('bybit_credentials')
        .select(['user_id', 'encrypted_api_key', 'encrypted_api_secret'])
        .forUpdate()
        .execute();
      const moved = reencryptCredentialRows(
        rows.map((row) => ({
          userId: row.user_id,
          encryptedApiKey: row.encrypted_api_key,
          encryptedApiSecret: row.encrypted_api_secret,
        })),
        keys,
      );
      for (const row of moved) {
        await trx
          .updateTable('bybit_credentials')
          .set({ encrypted_api_key: row.encryptedApiKey, encrypted_api_secret: row.encryptedApiSecret })
          .where('user_id', '=', row.userId)
          .execute();
      }
      credentials = moved.length;
    });
    await options.passwordStore.promoteResealed();
  });
  return { credentials };
}
