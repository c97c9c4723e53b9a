import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** AES-256-GCM with a fresh 96-bit IV per message and the full 128-bit tag. */
export const keyLength = 32;
export const ivLength = 12;
export const tagLength = 16;

/** iv ‖ ciphertext ‖ tag. Callers put their own version byte in front. */
export function seal(key: Buffer, plaintext: Buffer, associatedData: Buffer): Buffer {
  const iv = randomBytes(ivLength);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: tagLength });
  cipher.setAAD(associatedData);
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]);
}

/**
 * The plaintext, or null when the message does not authenticate under this key and associated data
 * (or is too short to be one). Null rather than a throw so each caller maps it to its own clear error;
 * no partial plaintext ever leaves this function.
 */
export function open(key: Buffer, sealed: Buffer, associatedData: Buffer): Buffer | null {
  if (sealed.length < ivLength + tagLength) return null;
  const iv = sealed.subarray(0, ivLength);
  const tag = sealed.subarray(sealed.length - tagLength);
  const body = sealed.subarray(ivLength, sealed.length - tagLength);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: tagLength });
    decipher.setAAD(associatedData);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(body), decipher.final()]);
  } catch {
    return null;
  }
}
