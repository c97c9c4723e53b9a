import { randomBytes } from 'node:crypto';
import { keyLength } from './aes-gcm';
import type { DataKeyStore, StoredDataKey } from './data-key-store';
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

/** An interrupted rotation's two keys: the one on record and the new one saved as pending. */
export interface RotationKeys {
  current: Buffer;
  pending: Buffer;
}

/**
 * Decides an interrupted key rotation and makes every store sealed under the data key agree with the
 * decision: true when the rotation had committed (the pending key is in force). It must look at every
 * store that holds ciphertext (the credential rows and the sealed database password), so it throws a
 * VaultError (ROTATION_UNSETTLED) while one of them cannot be read yet, and then nothing is decided.
 */
export type SettleRotation = (keys: RotationKeys) => Promise<boolean>;

export interface OpenDataKeyOptions {
  protector: KeyProtector;
  store: DataKeyStore;
  settleRotation: SettleRotation;
}

/** The keys on record, unwrapped, without deciding anything: `pending` is set while a rotation is unsettled. */
export interface DataKeysOnRecord {
  current: Buffer;
  pending: Buffer | null;
  record: StoredDataKey;
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
 * Reads and unwraps what is on record, deciding nothing and writing nothing; null when no key exists yet.
 * Refuses a record wrapped by another kind of protector with a sentence saying how it was set up.
 */
export async function readDataKeys({
  protector,
  store,
}: Pick<OpenDataKeyOptions, 'protector' | 'store'>): Promise<DataKeysOnRecord | null> {
  requireAvailable(protector);
  const record = await store.read();
  if (!record) return null;
  if (record.protector !== protector.kind) {
    throw new VaultError(
      'PROTECTOR_MISMATCH',
      `The stored API keys are protected by ${protectorLabel[record.protector]}, but Synthex is now using ` +
        `${protectorLabel[protector.kind]}. Start Synthex the way it was set up, or remove the API keys and enter them again.`,
    );
  }
  const current = await unwrapChecked(protector, record.wrapped);
  const pending = record.pending ? await unwrapChecked(protector, record.pending) : null;
  return { current, pending, record };
}

/**
 * The data key for this installation: unwrapped from the store, or created, wrapped and saved on first
 * use. An interrupted rotation is settled here, by `settleRotation`, so callers only ever see one key.
 * `known` skips reading the record again when the caller has just read it.
 */
export async function openDataKey(
  options: OpenDataKeyOptions,
  known?: DataKeysOnRecord | null,
): Promise<Buffer> {
  const { protector, store } = options;
  const keys = known === undefined ? await readDataKeys(options) : known;
  if (!keys) {
    requireAvailable(protector);
    const dataKey = newDataKey();
    await store.write({ protector: protector.kind, wrapped: await protector.wrap(dataKey) });
    return dataKey;
  }
  if (!keys.pending) return keys.current;

  // A rotation was interrupted. Its rows moved in one transaction: all under the pending key (it
  // committed) or none. Keep whichever key opens what is stored, once everything stored can be read.
  const committed = await options.settleRotation({ current: keys.current, pending: keys.pending });
  const { record } = keys;
  await store.write({ protector: record.protector, wrapped: committed ? record.pending! : record.wrapped });
  return committed ? keys.pending : keys.current;
}
