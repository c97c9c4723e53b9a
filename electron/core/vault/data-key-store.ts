import type { KeyProtectorKind } from './key-protector';
import { VaultError } from './vault-error';

/**
 * The wrapped data key at rest, and which protector wrapped it (so a keychain-wrapped key opened in
 * passphrase mode says so, instead of "wrong passphrase"). `pending` is a rotation's new key, written
 * before the database transaction so a crash between the two never leaves rows under a key nobody kept.
 */
export interface StoredDataKey {
  protector: KeyProtectorKind;
  wrapped: Buffer;
  pending?: Buffer;
}

/** Where the record lives: electron-store on the desktop, a 0600 file in the data dir headless. */
export interface DataKeyStore {
  /** Null when no data key was ever created here. */
  read(): Promise<StoredDataKey | null>;
  /** Replaces the whole record atomically. */
  write(record: StoredDataKey): Promise<void>;
}

/** The JSON shape both stores persist. */
export interface StoredDataKeyJson {
  format: 1;
  protector: KeyProtectorKind;
  wrapped: string;
  pending?: string;
}

const kinds: readonly KeyProtectorKind[] = ['os-keychain', 'passphrase', 'test'];

export function toStoredDataKeyJson(record: StoredDataKey): StoredDataKeyJson {
  const json: StoredDataKeyJson = {
    format: 1,
    protector: record.protector,
    wrapped: record.wrapped.toString('base64'),
  };
  if (record.pending) json.pending = record.pending.toString('base64');
  return json;
}

/** `where` names the file or store in the error, so the trader knows what is damaged. */
export function fromStoredDataKeyJson(value: unknown, where: string): StoredDataKey {
  const damaged = () =>
    new VaultError(
      'DATA_KEY_DAMAGED',
      `The vault key record in ${where} is damaged, so the stored API keys cannot be opened. ` +
        'Restore it from a backup, or delete it and enter the API keys again.',
    );
  if (!value || typeof value !== 'object') throw damaged();
  const record = value as Record<string, unknown>;
  const base64 = (field: unknown): Buffer | null =>
    typeof field === 'string' && field.length > 0 && /^[A-Za-z0-9+/]+={0,2}$/.test(field)
      ? Buffer.from(field, 'base64')
      : null;
  const wrapped = base64(record.wrapped);
  const protector = kinds.find((kind) => kind === record.protector);
  if (record.format !== 1 || !protector || !wrapped) throw damaged();
  if (record.pending === undefined) return { protector, wrapped };
  const pending = base64(record.pending);
  if (!pending) throw damaged();
  return { protector, wrapped, pending };
}
