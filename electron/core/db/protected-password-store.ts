import { constants } from 'node:fs';
import { open, readFile, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { decryptValue, encryptValue } from '../vault/vault';
import type { VaultKeys } from '../vault/vault-keys';
import { VaultError } from '../vault/vault-error';
import type { Logger } from '../util/logger';
import { filePasswordStore, type ClusterPasswordStore } from './password-store';

/** Binds the sealed value to its meaning, so a credential ciphertext pasted into this file never opens. */
export const clusterPasswordContext = 'synthex:v1:cluster:superuser_password';
export const sealedPasswordFile = 'postgres.password.sealed';
export const plainPasswordFile = 'postgres.password';

export const resealedPasswordFile = `${sealedPasswordFile}.next`;

export interface ProtectedPasswordStore extends ClusterPasswordStore {
  /** For settling an interrupted key rotation: does this data key open the current sealed password file? */
  sealedUnder(dataKey: Buffer): Promise<boolean>;
  /**
   * Key rotation, step 1: seal the password under `to` beside the current file, which still opens with
   * `from`. Until `promoteResealed` or `discardResealed`, either key finds a copy it opens.
   */
  resealFor(keys: { from: Buffer; to: Buffer }): Promise<void>;
  /** Key rotation, after the rows moved: the resealed copy replaces the current file. */
  promoteResealed(): Promise<void>;
  /** Key rotation rolled back: the resealed copy goes, the current file stays. */
  discardResealed(): Promise<void>;
}

/**
 * The embedded cluster's superuser password sealed under the vault's data key (AES-256-GCM, the same
 * protection as the API keys) in `postgres.password.sealed`. A plain `postgres.password` from an older
 * version is sealed and deleted on the first start that can open the data key.
 *
 * When no key protection is available (headless without SYNTHEX_VAULT_PASSPHRASE, Linux without a keyring)
 * the password stays in the plain 0600 file, so the databases and profiles keep working; it is sealed on
 * the first start that has protection. Once sealed it needs that protection to open the databases.
 */
export function protectedPasswordStore(options: {
  dataDir: string;
  vault: VaultKeys;
  logger: Logger;
}): ProtectedPasswordStore {
  const { vault, logger } = options;
  const sealedPath = join(options.dataDir, sealedPasswordFile);
  const plainPath = join(options.dataDir, plainPasswordFile);
  const plain = filePasswordStore(plainPath);
  const what = 'the embedded database password';

  const resealedPath = join(options.dataDir, resealedPasswordFile);

  const readSealed = async (path = sealedPath): Promise<Buffer | null> => {
    try {
      return Buffer.from((await readFile(path, 'utf8')).trim(), 'base64');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  };

  const writeSealed = async (password: string, dataKey: Buffer, path = sealedPath): Promise<void> => {
    const sealed = encryptValue(dataKey, password, clusterPasswordContext);
    const temp = `${path}.tmp`;
    const handle = await open(
      temp,
      constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW,
      0o600,
    );
    try {
      await handle.chmod(0o600);
      await handle.writeFile(sealed.toString('base64') + '\n');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  };

  const opens = (dataKey: Buffer, sealed: Buffer): string | null => {
    try {
      return decryptValue(dataKey, sealed, clusterPasswordContext, what);
    } catch {
      return null;
    }
  };

  /**
   * The keys that may open the sealed password. During an interrupted rotation that is both keys on
   * record, undecided: the databases must open before the rotation can be settled by looking at the rows.
   */
  const candidateKeys = async (): Promise<{ keys: Buffer[]; rotating: boolean }> => {
    const availability = vault.availability();
    if (!availability.ok) {
      throw new VaultError(
        'KEY_PROTECTION_UNAVAILABLE',
        `The embedded database password is protected by the vault, which cannot be opened: ${availability.reason}`,
      );
    }
    // Without the key record, dataKey() would mint a new key that can never open this password.
    if (!(await vault.hasStoredKey())) throw keyRecordMissing();
    try {
      if (!(await vault.rotationPending())) return { keys: [await vault.dataKey()], rotating: false };
      const onRecord = await vault.keysOnRecord();
      return {
        keys: onRecord ? [onRecord.current, ...(onRecord.pending ? [onRecord.pending] : [])] : [],
        rotating: true,
      };
    } catch (error) {
      if (error instanceof VaultError) {
        throw new VaultError(
          error.reason,
          `The embedded database password is protected by the vault, which cannot be opened: ${error.message}`,
        );
      }
      throw error;
    }
  };

  const openSealed = async (sealed: Buffer): Promise<string> => {
    const { keys, rotating } = await candidateKeys();
    for (const key of keys) {
      const password = opens(key, sealed);
      if (password !== null) return password;
    }
    const resealed = await readSealed(resealedPath);
    for (const key of resealed ? keys : []) {
      const password = opens(key, resealed!);
      if (password === null) continue;
      // Settled to the new key by an older version before the copy was promoted: promote it now. While
      // a rotation is pending, settling (not opening) decides which copy stays.
      if (!rotating) {
        await rename(resealedPath, sealedPath);
        logger.info('finished an interrupted key rotation: the resealed database password is now current');
      }
      return password;
    }
    throw keyRecordMismatch();
  };

  /**
   * Seals a (new) password so that whichever key an unsettled rotation keeps opens it. As the vault's
   * one writer: a rotation between reading the key and writing the file would leave it under a key
   * nobody keeps.
   */
  const sealForRecord = (password: string): Promise<void> =>
    vault.writing(async (dataKey) => {
      const onRecord = (await vault.rotationPending()) ? await vault.keysOnRecord() : null;
      if (onRecord?.pending) {
        await writeSealed(password, onRecord.pending, resealedPath);
        await writeSealed(password, onRecord.current);
        return;
      }
      await writeSealed(password, await dataKey());
    });

  const recovery =
    `Restore the vault key record from a backup, or move the folder ${join(options.dataDir, 'postgres')} away ` +
    'to start with empty databases.';
  const keyRecordMissing = () =>
    new VaultError(
      'DATA_KEY_DAMAGED',
      `The embedded database password is sealed (${sealedPath}), but the vault key record that opens it is missing. ${recovery}`,
    );
  const keyRecordMismatch = () =>
    new VaultError(
      'CIPHERTEXT_REJECTED',
      `The sealed embedded database password (${sealedPath}) does not open with this installation's vault key: ` +
        `the file or the vault key record was replaced or altered. ${recovery}`,
    );

  return {
    async read() {
      const sealed = await readSealed();
      if (sealed) {
        const password = await openSealed(sealed);
        // A crash between sealing and deleting the old plain file leaves both: finish the move now.
        await unlink(plainPath).catch(() => undefined);
        return password;
      }
      const legacy = await plain.read();
      if (legacy === null) return null;
      if (!vault.availability().ok) {
        logger.warn('the embedded database password stays in a plain 0600 file: no key protection here');
        return legacy;
      }
      try {
        await sealForRecord(legacy);
      } catch (error) {
        // The databases must still open (the plain file is untouched); sealing is retried next start.
        logger.warn('could not seal the embedded database password', {
          error: error instanceof VaultError ? error.message : String(error),
        });
        return legacy;
      }
      await unlink(plainPath);
      logger.info('the embedded database password is now sealed by the vault');
      return legacy;
    },

    async write(password) {
      if (vault.availability().ok) {
        await sealForRecord(password);
        return;
      }
      logger.warn('the embedded database password is kept in a plain 0600 file: no key protection here');
      await plain.write(password);
    },

    async sealedUnder(dataKey) {
      const sealed = await readSealed();
      return sealed !== null && opens(dataKey, sealed) !== null;
    },

    async resealFor({ from, to }) {
      const sealed = await readSealed();
      if (!sealed) return; // Plain or no password: nothing sealed under the old key.
      const password = opens(from, sealed);
      if (password === null) throw keyRecordMismatch();
      await writeSealed(password, to, resealedPath);
    },

    async promoteResealed() {
      await rename(resealedPath, sealedPath).catch(ignoreMissing);
    },

    async discardResealed() {
      await unlink(resealedPath).catch(ignoreMissing);
    },
  };
}

function ignoreMissing(error: NodeJS.ErrnoException): void {
  if (error.code !== 'ENOENT') throw error;
}
