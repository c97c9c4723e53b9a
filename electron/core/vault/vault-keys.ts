import type { DataKeyStore } from './data-key-store';
import { openDataKey } from './data-key';
import type { KeyProtector, KeyProtectorAvailability } from './key-protector';
import { rotateDataKey, type RotateDataKeyOptions } from './key-rotation';

/**
 * The app's one handle on the data key: opened (or created) on first use and kept in memory, so the
 * passphrase's scrypt or the keychain prompt happens once per start. A failure is not remembered: after
 * the trader fixes the cause (unlocks the keyring), the next call tries again.
 */
export interface VaultKeys {
  readonly protectorKind: KeyProtector['kind'];
  availability(): KeyProtectorAvailability;
  /** True when a wrapped data key is on record (dataKey() would otherwise create a new one). */
  hasStoredKey(): Promise<boolean>;
  /** Throws a VaultError with the protector's sentence when keys cannot be stored here. */
  dataKey(): Promise<Buffer>;
  /**
   * Replaces the data key (see rotateDataKey); `reencryptAll` moves everything sealed under the old key.
   * Afterwards dataKey() is whichever key is in force, the new one unless the rotation failed.
   */
  rotate(reencryptAll: RotateDataKeyOptions['reencryptAllRows']): Promise<void>;
}

export interface VaultKeysOptions {
  protector: KeyProtector;
  store: DataKeyStore;
  /** Decides an interrupted rotation (see openDataKey): does this key open what is stored under it? */
  opensStoredRows: (dataKey: Buffer) => Promise<boolean>;
}

export function vaultKeys(options: VaultKeysOptions): VaultKeys {
  let opening: Promise<Buffer> | null = null;
  return {
    protectorKind: options.protector.kind,
    availability: () => options.protector.isAvailable(),
    hasStoredKey: async () => (await options.store.read()) !== null,
    dataKey() {
      if (!opening) {
        opening = openDataKey(options);
        opening.catch(() => (opening = null));
      }
      return opening;
    },
    async rotate(reencryptAll) {
      try {
        const rotated = await rotateDataKey({ ...options, reencryptAllRows: reencryptAll });
        opening = Promise.resolve(rotated);
      } catch (error) {
        opening = null; // The key record was settled by the rotation: read it again on next use.
        throw error;
      }
    },
  };
}
