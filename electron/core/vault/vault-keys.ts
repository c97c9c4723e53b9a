import { Mutex } from '../util/mutex';
import type { DataKeyStore } from './data-key-store';
import { openDataKey, readDataKeys, type DataKeysOnRecord, type SettleRotation } from './data-key';
import type { KeyProtector, KeyProtectorAvailability } from './key-protector';
import { rotateDataKey, type RotateDataKeyOptions } from './key-rotation';

/**
 * The app's one handle on the data key: opened (or created) on first use and kept in memory, so the
 * passphrase's scrypt or the keychain prompt happens once per start. A failure is not remembered: after
 * the trader fixes the cause (unlocks the keyring), the next call tries again.
 *
 * The vault has one writer at a time (docs/architecture.md §12): a rotation, a writer sealing something
 * new under the key, and opening the key (which may create it or settle an interrupted rotation) queue
 * on one FIFO lock. Two rotations at once, or a key sealed under a key a rotation was replacing, would
 * leave ciphertext under a key nobody kept.
 */
export interface VaultKeys {
  readonly protectorKind: KeyProtector['kind'];
  availability(): KeyProtectorAvailability;
  /** True when a wrapped data key is on record (dataKey() would otherwise create a new one). */
  hasStoredKey(): Promise<boolean>;
  /**
   * The keys on record without settling anything, for what must be read before a rotation can be settled
   * (the sealed database password opens the databases that hold the rows). Null when there is no record.
   */
  keysOnRecord(): Promise<DataKeysOnRecord | null>;
  /** True when an interrupted rotation is still to be settled. Reads the record only; unwraps nothing. */
  rotationPending(): Promise<boolean>;
  /**
   * The key in force; settles an interrupted rotation first (see SettleRotation), so it throws
   * ROTATION_UNSETTLED while a store under the key cannot be read. Throws a VaultError with the
   * protector's sentence when keys cannot be stored here. Waits for a writer in progress, so it never
   * answers a key a rotation is replacing.
   */
  dataKey(): Promise<Buffer>;
  /**
   * Runs `seal` as the vault's one writer: no rotation starts or ends while it runs, so what it seals
   * with `dataKey` (the key in force at that moment) is what the next rotation moves. Slow work (asking
   * the exchange) belongs before it. Inside, use the `dataKey` passed in: this handle's own dataKey()
   * and rotate() wait for the writer to finish, so calling them there never returns.
   */
  writing<T>(seal: (dataKey: () => Promise<Buffer>) => Promise<T>): Promise<T>;
  /**
   * Replaces the data key (see rotateDataKey); `reencryptAll` moves everything sealed under the old key.
   * Afterwards dataKey() is whichever key is in force, the new one unless the rotation failed. Runs as
   * the vault's one writer: a second rotation starts from the key this one leaves in force.
   */
  rotate(
    reencryptAll: RotateDataKeyOptions['reencryptAllRows'],
    onStep?: RotateDataKeyOptions['onStep'],
  ): Promise<void>;
}

export interface VaultKeysOptions {
  protector: KeyProtector;
  store: DataKeyStore;
  settleRotation: SettleRotation;
}

export function vaultKeys(options: VaultKeysOptions): VaultKeys {
  const writer = new Mutex();
  let onRecord: Promise<DataKeysOnRecord | null> | null = null;
  let opening: Promise<Buffer> | null = null;
  const forget = () => {
    onRecord = null;
    opening = null;
  };
  const keysOnRecord = () => {
    if (!onRecord) {
      onRecord = readDataKeys(options);
      onRecord.catch(() => (onRecord = null));
    }
    return onRecord;
  };
  /** The key in force, opened once; only ever called by the writer holding the lock. */
  const open = () => {
    if (!opening) {
      // Reuses the unwrap keysOnRecord() may already have paid for (scrypt, or a keychain prompt).
      opening = keysOnRecord().then((known) => openDataKey(options, known));
      opening.then(
        () => (onRecord = null), // the record may have been settled or created: read it afresh next time
        () => forget(),
      );
    }
    return opening;
  };
  return {
    protectorKind: options.protector.kind,
    availability: () => options.protector.isAvailable(),
    hasStoredKey: async () => (await options.store.read()) !== null,
    keysOnRecord,
    rotationPending: async () => Boolean((await options.store.read())?.pending),
    dataKey: () => writer.run(open),
    writing: (seal) => writer.run(() => seal(open)),
    rotate: (reencryptAll, onStep) =>
      writer.run(async () => {
        try {
          const rotated = await rotateDataKey({ ...options, reencryptAllRows: reencryptAll, onStep });
          onRecord = null;
          opening = Promise.resolve(rotated);
        } catch (error) {
          forget(); // The key record was settled by the rotation: read it again on next use.
          throw error;
        }
      }),
  };
}
