import { type DataKeyStore } from './data-key-store';
import { newDataKey, openDataKey, requireAvailable, type SettleRotation } from './data-key';
import type { KeyProtector } from './key-protector';
import { decryptCredentials, type EncryptedCredentialRow, encryptCredentials } from './vault';

/**
 * Every row re-encrypted under `to`. Pure: it reads nothing and writes nothing, and it throws (a
 * VaultError naming the profile) before returning anything if any row does not open under `from`, so the
 * caller's transaction is all-or-nothing.
 */
export function reencryptCredentialRows(
  rows: readonly EncryptedCredentialRow[],
  keys: { from: Buffer; to: Buffer },
): EncryptedCredentialRow[] {
  return rows.map((row) => encryptCredentials(keys.to, row.userId, decryptCredentials(keys.from, row)));
}

/** True when the key opens this row (or there is no row to open): the probe `openDataKey` needs. */
export function keyOpensRow(dataKey: Buffer, row: EncryptedCredentialRow | undefined): boolean {
  if (!row) return true;
  try {
    decryptCredentials(dataKey, row);
    return true;
  } catch {
    return false;
  }
}

/** Where the vault's part of a rotation stands; a crash test stops the process at each one. */
export type VaultRotationStep = 'pending-key-saved' | 'key-promoted';

export interface RotateDataKeyOptions {
  protector: KeyProtector;
  store: DataKeyStore;
  settleRotation: SettleRotation;
  /**
   * In ONE database transaction: read all `bybit_credentials` rows, pass them through
   * `reencryptCredentialRows(rows, keys)`, write them back, commit. Throw to roll back.
   */
  reencryptAllRows: (keys: { from: Buffer; to: Buffer }) => Promise<void>;
  /** Called after each step; the app passes nothing, a crash test pauses here to SIGKILL the process. */
  onStep?: (step: VaultRotationStep) => Promise<void>;
}

/**
 * Replaces the data key. Order matters because the key store and the database cannot share a
 * transaction: the new key is saved as `pending` first, then the rows move in one transaction, then the
 * new key becomes current. A crash anywhere leaves a pending record that `openDataKey` settles (through
 * `settleRotation`) once every store can be read. Returns the new data key; after a throw, call
 * `openDataKey` again for whichever key is in force.
 */
export async function rotateDataKey(options: RotateDataKeyOptions): Promise<Buffer> {
  const { protector, store } = options;
  const onStep = options.onStep ?? (async () => undefined);
  const from = await openDataKey(options);
  requireAvailable(protector);
  const record = await store.read();
  if (!record) throw new Error('the data key record vanished during rotation');
  const to = newDataKey();
  const pending = await protector.wrap(to);
  await store.write({ protector: record.protector, wrapped: record.wrapped, pending });
  await onStep('pending-key-saved');
  try {
    await options.reencryptAllRows({ from, to });
  } catch (error) {
    // The failure may have come after the commit, so look at what is stored rather than assume. If even
    // that fails, the pending record stays and the next openDataKey settles it the same way.
    await options
      .settleRotation({ current: from, pending: to })
      .then(async (committed) => {
        // Only while the record is still ours: writing back `record.wrapped` over a key another rotation
        // committed since would leave every row under a key nobody kept (VaultKeys runs one at a time).
        if (!(await store.read())?.pending?.equals(pending)) return;
        await store.write({ protector: record.protector, wrapped: committed ? pending : record.wrapped });
      })
      .catch(() => undefined);
    throw error;
  }
  await store.write({ protector: record.protector, wrapped: pending });
  await onStep('key-promoted');
  return to;
}
