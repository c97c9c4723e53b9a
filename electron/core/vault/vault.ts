import { ivLength, keyLength, open, seal, tagLength } from './aes-gcm';
import { VaultError } from './vault-error';

/**
 * Credentials at rest: AES-256-GCM under the data key. Every ciphertext is
 *   version byte ‖ 12-byte random IV ‖ ciphertext ‖ 16-byte tag
 * and its associated data names what it is (`synthex:v1:user:<id>:api_secret`), so a value moved to
 * another profile or into the other column no longer authenticates instead of decrypting as the wrong thing.
 */
export const vaultFormatVersion = 1;

/** The `bybit_credentials` columns' meaning, spelled as in the associated data. */
export type CredentialField = 'api_key' | 'api_secret';

export interface CredentialPair {
  apiKey: string;
  apiSecret: string;
}

/** One `bybit_credentials` row as the vault sees it. */
export interface EncryptedCredentialRow {
  userId: number;
  encryptedApiKey: Buffer;
  encryptedApiSecret: Buffer;
}

const fieldLabel: Record<CredentialField, string> = { api_key: 'API key', api_secret: 'API secret' };

export function credentialContext(userId: number, field: CredentialField): string {
  if (!Number.isSafeInteger(userId) || userId < 0)
    throw new RangeError('userId must be a non-negative integer');
  return `synthex:v${vaultFormatVersion}:user:${userId}:${field}`;
}

function checkDataKey(dataKey: Buffer): void {
  if (dataKey.length !== keyLength) throw new RangeError(`the data key must be ${keyLength} bytes`);
}

/**
 * Any value bound to a context string (the credential fields, and later the embedded database
 * password, e.g. `synthex:v1:cluster:superuser_password`).
 */
export function encryptValue(dataKey: Buffer, plaintext: string, context: string): Buffer {
  checkDataKey(dataKey);
  const sealed = seal(dataKey, Buffer.from(plaintext, 'utf8'), Buffer.from(context, 'utf8'));
  return Buffer.concat([Buffer.of(vaultFormatVersion), sealed]);
}

/** `what` names the value in the error sentence, e.g. "the stored Bybit API secret of profile 3". */
export function decryptValue(dataKey: Buffer, ciphertext: Buffer, context: string, what: string): string {
  checkDataKey(dataKey);
  const version = ciphertext[0];
  if (version !== vaultFormatVersion) {
    throw new VaultError(
      'UNSUPPORTED_VERSION',
      version === undefined || ciphertext.length < 1 + ivLength + tagLength
        ? `${capitalize(what)} is empty or truncated. Remove it and enter it again.`
        : `${capitalize(what)} is in format version ${version}, which this version of Synthex cannot read. ` +
            'Update Synthex, or remove it and enter it again.',
    );
  }
  const plaintext = open(dataKey, ciphertext.subarray(1), Buffer.from(context, 'utf8'));
  if (!plaintext) {
    throw new VaultError(
      'CIPHERTEXT_REJECTED',
      `${capitalize(what)} cannot be decrypted: it was altered, copied from another profile or field, ` +
        'or encrypted under a different data key. Remove it and enter it again.',
    );
  }
  return plaintext.toString('utf8');
}

function describe(userId: number, field: CredentialField): string {
  return `the stored Bybit ${fieldLabel[field]} of profile ${userId}`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function encryptCredential(
  dataKey: Buffer,
  userId: number,
  field: CredentialField,
  plaintext: string,
): Buffer {
  return encryptValue(dataKey, plaintext, credentialContext(userId, field));
}

export function decryptCredential(
  dataKey: Buffer,
  userId: number,
  field: CredentialField,
  ciphertext: Buffer,
): string {
  return decryptValue(dataKey, ciphertext, credentialContext(userId, field), describe(userId, field));
}

export function encryptCredentials(
  dataKey: Buffer,
  userId: number,
  pair: CredentialPair,
): EncryptedCredentialRow {
  return {
    userId,
    encryptedApiKey: encryptCredential(dataKey, userId, 'api_key', pair.apiKey),
    encryptedApiSecret: encryptCredential(dataKey, userId, 'api_secret', pair.apiSecret),
  };
}

export function decryptCredentials(dataKey: Buffer, row: EncryptedCredentialRow): CredentialPair {
  return {
    apiKey: decryptCredential(dataKey, row.userId, 'api_key', row.encryptedApiKey),
    apiSecret: decryptCredential(dataKey, row.userId, 'api_secret', row.encryptedApiSecret),
  };
}
