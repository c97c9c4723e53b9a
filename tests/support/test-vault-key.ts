import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { newDataKey } from '../../electron/core/vault/data-key';
import { fileDataKeyStore } from '../../electron/core/vault/file-data-key-store';
import {
  passphraseKeyProtector,
  passphraseVariable,
} from '../../electron/core/vault/passphrase-key-protector';

/** scrypt's lowest cost a vault blob may carry (plausibleCost): tests pay ~8 ms for it, not ~0.5 s. */
export const testScryptCost = { log2N: 10, r: 8, p: 1 };

/**
 * Before the first start of the built headless app on `dataDir`: its data key, wrapped at the test cost
 * with the passphrase `env` gives it. The app reads the cost from the blob (a later release can raise the
 * default and still open old vaults), so every start opens it in milliseconds instead of deriving 128 MiB
 * of scrypt, which took seconds on two loaded cores at each of the kill tests' and walks' restarts.
 * A data dir that has a key keeps it. A start without the variable (the passphrase-file tests) creates its
 * key as a trader's first start does, at the default cost; one with a passphrase the app refuses gets none.
 */
export async function seedTestVaultKey(dataDir: string, env: Record<string, string | undefined>) {
  const passphrase = env[passphraseVariable];
  const path = join(dataDir, 'vault-key.json');
  if (!passphrase || existsSync(path)) return;
  const protector = passphraseKeyProtector({ passphrase, cost: testScryptCost });
  if (!protector.isAvailable().ok) return; // a refused passphrase: the app says so itself
  await fileDataKeyStore(path).write({
    protector: 'passphrase',
    wrapped: await protector.wrap(newDataKey()),
  });
}
