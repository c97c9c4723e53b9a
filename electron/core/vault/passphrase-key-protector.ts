import { randomBytes, scrypt, type ScryptOptions } from 'node:crypto';
import { open, seal } from './aes-gcm';
import type { KeyProtector, KeyProtectorAvailability } from './key-protector';
import { VaultError } from './vault-error';

/**
 * Headless mode's key protection: the data key is sealed with AES-256-GCM under a key derived by
 * scrypt from SYNTHEX_VAULT_PASSPHRASE. Blob layout:
 *   version ‖ log2(N) ‖ r ‖ p ‖ 16-byte salt ‖ 12-byte IV ‖ sealed data key ‖ 16-byte tag
 * The cost parameters travel with the blob so a later release can raise them and still open old vaults;
 * the header is the associated data, so editing it fails like a wrong passphrase instead of deriving junk.
 */
export const passphraseVariable = 'SYNTHEX_VAULT_PASSPHRASE';
/** The same passphrase from a file (passphrase-source.ts says why it exists). */
export const passphraseFileVariable = 'SYNTHEX_VAULT_PASSPHRASE_FILE';
const eitherVariable = `${passphraseVariable} or ${passphraseFileVariable}`;

const blobVersion = 1;
const saltLength = 16;
const headerLength = 4 + saltLength;

export interface ScryptCost {
  log2N: number;
  r: number;
  p: number;
}

/** OWASP's scrypt recommendation (N = 2^17, r = 8, p = 1): about 128 MiB and a fraction of a second, once per start. */
export const defaultScryptCost: ScryptCost = { log2N: 17, r: 8, p: 1 };

/** scrypt needs 128 · N · r bytes: twice the default's 128 MiB leaves room for one raise of the cost. */
export const maxScryptMemoryBytes = 256 * 1024 * 1024;

/**
 * Bounds for costs read back from a blob: a tampered header must not make us allocate more than
 * maxScryptMemoryBytes, nor spend more than a few times the default's CPU time (p ≤ 4).
 */
export function plausibleCost({ log2N, r, p }: ScryptCost): boolean {
  const inRange = log2N >= 10 && log2N <= 20 && r >= 1 && r <= 16 && p >= 1 && p <= 4;
  return inRange && 128 * 2 ** log2N * r <= maxScryptMemoryBytes;
}

/** Shorter passphrases fall to an offline guess at the vault file too quickly, whatever scrypt costs. */
export const minPassphraseLength = 12;

export interface PassphraseKeyProtectorOptions {
  /** The passphrase; the headless entry takes it once (takeVaultPassphrase, passphrase-source.ts). */
  passphrase?: string | null | undefined;
  /** Or an environment to read SYNTHEX_VAULT_PASSPHRASE from, once, when the protector is made. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Only for new blobs; tests lower it to stay fast. */
  cost?: ScryptCost;
}

const unavailableReason =
  `Set the environment variable ${passphraseVariable} to a passphrase of your choice (or ` +
  `${passphraseFileVariable} to a file holding it, mode 0600) and restart Synthex in headless mode; it ` +
  'protects the stored Bybit API keys, and the same passphrase is needed on every start.';

const tooShort = (length: number) =>
  `The passphrase (${eitherVariable}) has ${length} characters; it must have at least ${minPassphraseLength}. ` +
  'Choose a longer one and restart Synthex in headless mode.';

const wrongPassphrase =
  `The passphrase (${eitherVariable}) does not match the one the vault was created with. ` +
  'Restart Synthex with the original passphrase.';

function deriveKey(passphrase: string, salt: Buffer, cost: ScryptCost): Promise<Buffer> {
  const N = 2 ** cost.log2N;
  // Node's default maxmem (32 MiB) is below what N = 2^17, r = 8 needs (128 * N * r bytes).
  const options: ScryptOptions = { N, r: cost.r, p: cost.p, maxmem: 256 * N * cost.r };
  return new Promise((resolve, reject) =>
    scrypt(passphrase, salt, 32, options, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

export function passphraseKeyProtector(options: PassphraseKeyProtectorOptions = {}): KeyProtector {
  const cost = options.cost ?? defaultScryptCost;
  if (!plausibleCost(cost)) throw new RangeError('scrypt cost outside the supported bounds');

  // Read once: the entry point removes the variable from the environment right after.
  // NFC so the same passphrase typed on macOS (which favours NFD) and Linux derives the same key.
  const given =
    'passphrase' in options ? options.passphrase : (options.env ?? process.env)[passphraseVariable];
  const passphrase = given && given.trim().length > 0 ? given.normalize('NFC') : null;
  const availability: KeyProtectorAvailability =
    passphrase === null
      ? { ok: false, reason: unavailableReason }
      : [...passphrase].length < minPassphraseLength
        ? { ok: false, reason: tooShort([...passphrase].length) }
        : { ok: true };

  const requirePassphrase = (): string => {
    if (!availability.ok) throw new VaultError('KEY_PROTECTION_UNAVAILABLE', availability.reason);
    return passphrase!;
  };

  return {
    kind: 'passphrase',

    isAvailable: () => availability,

    async wrap(dataKey) {
      const secret = requirePassphrase();
      const salt = randomBytes(saltLength);
      const header = Buffer.concat([Buffer.of(blobVersion, cost.log2N, cost.r, cost.p), salt]);
      const key = await deriveKey(secret, salt, cost);
      return Buffer.concat([header, seal(key, dataKey, header)]);
    },

    async unwrap(wrapped) {
      const secret = requirePassphrase();
      if (wrapped[0] !== blobVersion || wrapped.length <= headerLength) {
        throw new VaultError(
          'DATA_KEY_DAMAGED',
          'The stored vault key is not in a format this version of Synthex can read. ' +
            'Update Synthex, or remove the vault key file and enter the API keys again.',
        );
      }
      const header = wrapped.subarray(0, headerLength);
      const cost: ScryptCost = { log2N: header[1] ?? 0, r: header[2] ?? 0, p: header[3] ?? 0 };
      // Implausible costs can only come from an edited header; the tag would refuse it anyway.
      if (!plausibleCost(cost)) throw new VaultError('WRONG_PASSPHRASE', wrongPassphrase);
      const key = await deriveKey(secret, header.subarray(4), cost);
      const dataKey = open(key, wrapped.subarray(headerLength), header);
      if (!dataKey) throw new VaultError('WRONG_PASSPHRASE', wrongPassphrase);
      return dataKey;
    },
  };
}
