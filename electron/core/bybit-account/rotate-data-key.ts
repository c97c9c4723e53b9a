import type { Kysely } from 'kysely';
import type { VaultKeys } from '../vault/vault-keys';
import { keyOpensRow, reencryptCredentialRows, type VaultRotationStep } from '../vault/key-rotation';
import type { RotationKeys } from '../vault/data-key';
import { VaultError } from '../vault/vault-error';
import type { UserDb } from '../db';
import type { ProtectedPasswordStore } from '../db/protected-password-store';
import { anyEncryptedRow } from './credential-repository';

/** Every point between two writes of a rotation, in order; a crash test SIGKILLs the process at each. */
export const rotationSteps = [
  'pending-key-saved',
  'password-resealed',
  'rows-rewritten',
  'rows-committed',
  'password-promoted',
  'key-promoted',
] as const;
export type RotationStep = (typeof rotationSteps)[number];

// The vault reports its own two steps through the same callback.
const vaultStepsAreRotationSteps: VaultRotationStep extends RotationStep ? true : never = true;
void vaultStepsAreRotationSteps;

/** Called after each step; the app passes nothing, a crash test pauses the process there. */
export type OnRotationStep = (step: RotationStep) => Promise<void>;

/**
 * Replaces the vault's data key and moves everything sealed under it. The key store, the database and
 * the password file cannot share a transaction, so the order is what keeps a crash harmless:
 *   1. the new key is recorded as pending (rotateDataKey);
 *   2. the database password is resealed into a side file, the old file still opening with the old key;
 *   3. every `bybit_credentials` row is re-encrypted in ONE transaction;
 *   4. the side file replaces the password file; 5. the new key becomes current.
 * Wherever it stops, one key opens both the rows and a copy of the password, and the next start settles
 * it with `settleRotation` once the databases are open.
 */
export async function rotateDataKey(options: {
  vault: VaultKeys;
  db: Kysely<UserDb>;
  passwordStore: ProtectedPasswordStore;
  onStep?: OnRotationStep;
}): Promise<{ credentials: number }> {
  const onStep = options.onStep ?? (async () => undefined);
  let credentials = 0;
  await options.vault.rotate(async (keys) => {
    await options.passwordStore.resealFor(keys);
    await onStep('password-resealed');
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
      await onStep('rows-rewritten');
    });
    await onStep('rows-committed');
    await options.passwordStore.promoteResealed();
    await onStep('password-promoted');
  }, onStep);
  return { credentials };
}

/**
 * Decides an interrupted rotation from what is stored, once the databases are open: the rows moved in
 * one transaction, so one row says whether it committed; with no row, the password file says whether
 * step 4 ran. Then the password files are made to agree: promoted on commit, the side copy dropped on
 * roll-back. Before the databases are open nothing is decided (ROTATION_UNSETTLED).
 */
export function settleRotationFromStores(options: {
  userDb: () => Kysely<UserDb> | null;
  passwordStore: ProtectedPasswordStore;
}): (keys: RotationKeys) => Promise<boolean> {
  return async ({ pending }) => {
    const db = options.userDb();
    if (!db) {
      throw new VaultError(
        'ROTATION_UNSETTLED',
        'An encryption key rotation was interrupted; Synthex finishes it once the databases are open. ' +
          'See System for why they are not.',
      );
    }
    const row = await anyEncryptedRow(db);
    const committed = row ? keyOpensRow(pending, row) : await options.passwordStore.sealedUnder(pending);
    if (committed) await options.passwordStore.promoteResealed();
    else await options.passwordStore.discardResealed();
    return committed;
  };
}
