import { randomBytes } from 'node:crypto';
import { open, seal } from '../../electron/core/vault/aes-gcm';
import type { KeyProtector } from '../../electron/core/vault/key-protector';
import { VaultError } from '../../electron/core/vault/vault-error';

export interface TestKeyProtectorOptions {
  /** Makes the protector report unavailable with this sentence, to test how callers degrade. */
  unavailableReason?: string;
}

/**
 * For tests and simulations: a random in-memory key that lives as long as the instance. It really
 * encrypts (so a test cannot pass by reading the data key out of a store) and refuses blobs it did not
 * make, like the real adapters do.
 */
export function testKeyProtector(options: TestKeyProtectorOptions = {}): KeyProtector {
  const key = randomBytes(32);
  const associatedData = Buffer.from('synthex:test-key-protector', 'utf8');
  const available = (): void => {
    if (options.unavailableReason)
      throw new VaultError('KEY_PROTECTION_UNAVAILABLE', options.unavailableReason);
  };
  return {
    kind: 'test',
    isAvailable: () =>
      options.unavailableReason ? { ok: false, reason: options.unavailableReason } : { ok: true },
    async wrap(dataKey) {
      available();
      return seal(key, dataKey, associatedData);
    },
    async unwrap(wrapped) {
      available();
      const dataKey = open(key, wrapped, associatedData);
      if (!dataKey)
        throw new VaultError('DATA_KEY_DAMAGED', 'The test key protector did not wrap this data key.');
      return dataKey;
    },
  };
}
