import { randomBytes } from 'node:crypto';
import { keyLength } from './aes-gcm';
import type { DataKeyStore } from './data-key-store';
import type { KeyProtector, KeyProtectorKind } from './key-protector';
import { VaultError } from './vault-error';

export function newDataKey(): Buffer {
  return randomBytes(keyLength);
}

const protectorLabel: Record<KeyProtectorKind, string> = {
  'os-keychain': "the operating system's keychain (desktop app)",
  passphrase: 'a passphrase (headless mode, SYNTHEX_VAULT_PASSPHRASE)',
  test: 'the test key protector',
};

export interface OpenDataKeyOptions {
  protector: KeyProtector;
  store: DataKeyStore;
  /**
   * Only consulted when a key rotation was interrupted: does this key open the stored credential rows?
   * (Read one row and try it; true when there are none.) Decides whether the rotation had committed.
   */
  opensStoredRows: (dataKey: Buffer) => Promise<boolean>;
}

/** Throws the protector's own sentence when it cannot work here (no keychain, no passphrase). */
export function requireAvailable(protector: KeyProtector): void {
  const availability = protector.isAvailable();
  if (!availability.ok) throw new VaultError('KEY_PROTECTION_UNAVAILABLE', availability.reason);
}

async function unwrapChecked(protector: KeyProtector, wrapped: Buffer): Promise<Buffer> {
  const key = await protector.unwrap(wrapped);
  if (key.length !== keyLength) {
    throw new VaultError(
      'DATA_KEY_DAMAGED',
      'The stored vault key unwrapped to something that is not a data key. Remove it and enter the API keys again.',
    );
  }
  return key;
}

/**
 * The data key for this installation: unwrapped from the store, or created, wrapped and saved on first
 * use. Finishes or rolls back a rotation a crash interrupted, so callers only ever see one key.
 */
export async function openDataKey({
  protector,
  store,
  opensStoredRows,
}: OpenDataKeyOptions): Promise<Buffer> {
  requireAvailable(protector);
  const record = await store.read();
  if (!record) {
    const dataKey = newDataKey();
    await store.write({ protector: protector.kind, wrapped: await protector.wrap(dataKey) });
    return dataKey;
  }
  if (record.protector !== protector.kind) {
    throw new VaultError(
      'PROTECTOR_MISMATCH',
      `The stored API keys are protected by ${protectorLabel[record.protector]}, but Synthex is now using ` +
        `${protectorLabel[protector.kind]}. Start Synthex the way it was set up, or remove the API keys and enter them again.`,
    );
  }
  const current = await unwrapChecked(protector, record.wrapped);
  if (!record.pending) return current;

  // A rotation was interrupted. Its rows moved in one transaction: all under the pending key (it
  // committed) or none. Keep whichever key opens them and forget the other.
  const pending = await unwrapChecked(protector, record.pending);
  const committed = await opensStoredRows(pending);
  await store.write({ protector: record.protector, wrapped: committed ? record.pending : record.wrapped });
  return committed ? pending : current;
}
