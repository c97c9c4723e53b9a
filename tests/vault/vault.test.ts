import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SynthexError } from '../../shared/contract/errors';
import {
  credentialContext,
  decryptCredential,
  decryptCredentials,
  decryptValue,
  encryptCredential,
  encryptCredentials,
  encryptValue,
  VaultError,
  vaultFormatVersion,
} from '../../electron/core/vault';
import { thrownWithoutSecrets } from '../support/secret-leak';

const dataKey = randomBytes(32);
const pair = { apiKey: 'XkT3pQ9vL2mN8rB4sW', apiSecret: 'Zr8Yq2Lp0Vb6Nc4Xm1Kd7Hs3Gf5Jt9Wa2Ue' };

async function rejected(action: () => unknown): Promise<VaultError> {
  const thrown = await thrownWithoutSecrets(action, [pair.apiKey, pair.apiSecret, dataKey]);
  expect(thrown).toBeInstanceOf(VaultError);
  expect(thrown).toBeInstanceOf(SynthexError); // crosses the contract as a typed error
  return thrown as VaultError;
}

describe('vault', () => {
  it('round-trips a key and secret for a profile', () => {
    const row = encryptCredentials(dataKey, 7, pair);
    expect(row.userId).toBe(7);
    expect(decryptCredentials(dataKey, row)).toEqual(pair);
  });

  it('round-trips non-ASCII text and the empty string', () => {
    for (const text of ['', 'pässwörd ✓ 密钥']) {
      expect(
        decryptCredential(dataKey, 1, 'api_secret', encryptCredential(dataKey, 1, 'api_secret', text)),
      ).toBe(text);
    }
  });

  it('lays out version ‖ 12-byte IV ‖ ciphertext ‖ 16-byte tag, with a fresh IV every time', () => {
    const a = encryptCredential(dataKey, 1, 'api_secret', pair.apiSecret);
    const b = encryptCredential(dataKey, 1, 'api_secret', pair.apiSecret);
    expect(a[0]).toBe(vaultFormatVersion);
    expect(a.length).toBe(1 + 12 + Buffer.byteLength(pair.apiSecret) + 16);
    expect(a.subarray(1, 13).equals(b.subarray(1, 13))).toBe(false);
    expect(a.toString('latin1')).not.toContain(pair.apiSecret);
  });

  it('binds each value to its profile and field in the associated data', () => {
    expect(credentialContext(42, 'api_secret')).toBe('synthex:v1:user:42:api_secret');
    expect(() => credentialContext(-1, 'api_key')).toThrow(RangeError);
    expect(() => credentialContext(1.5, 'api_key')).toThrow(RangeError);
  });

  const ciphertext = encryptCredential(dataKey, 3, 'api_secret', pair.apiSecret);
  const flipped = (index: number) => {
    const copy = Buffer.from(ciphertext);
    copy[index]! ^= 0x01;
    return copy;
  };
  it.each([
    ['version byte', 0, 'UNSUPPORTED_VERSION'],
    ['first IV byte', 1, 'CIPHERTEXT_REJECTED'],
    ['last IV byte', 12, 'CIPHERTEXT_REJECTED'],
    ['first ciphertext byte', 13, 'CIPHERTEXT_REJECTED'],
    ['last ciphertext byte', ciphertext.length - 17, 'CIPHERTEXT_REJECTED'],
    ['first tag byte', ciphertext.length - 16, 'CIPHERTEXT_REJECTED'],
    ['last tag byte', ciphertext.length - 1, 'CIPHERTEXT_REJECTED'],
  ])('refuses a flipped %s with a clear error', async (_, index, reason) => {
    const error = await rejected(() => decryptCredential(dataKey, 3, 'api_secret', flipped(index)));
    expect(error.reason).toBe(reason);
    expect(error.message).toMatch(/API secret of profile 3/);
  });

  it('says which version it cannot read and what to do', async () => {
    const error = await rejected(() => decryptCredential(dataKey, 3, 'api_secret', flipped(0)));
    expect(error.code).toBe('INTERNAL');
    expect(error.message).toBe(
      'The stored Bybit API secret of profile 3 is in format version 0, which this version of Synthex cannot read. ' +
        'Update Synthex, or remove it and enter it again.',
    );
  });

  it.each([
    ['empty', Buffer.alloc(0)],
    ['only a version byte', Buffer.of(vaultFormatVersion)],
    ['shorter than IV and tag', ciphertext.subarray(0, 20)],
    ['missing its last byte', ciphertext.subarray(0, ciphertext.length - 1)],
  ])('refuses a ciphertext that is %s', async (_, broken) => {
    const error = await rejected(() => decryptCredential(dataKey, 3, 'api_secret', broken));
    expect(['UNSUPPORTED_VERSION', 'CIPHERTEXT_REJECTED']).toContain(error.reason);
  });

  it('refuses a row copied to another profile', async () => {
    const row = encryptCredentials(dataKey, 1, pair);
    const error = await rejected(() => decryptCredentials(dataKey, { ...row, userId: 2 }));
    expect(error.reason).toBe('CIPHERTEXT_REJECTED');
    expect(error.code).toBe('INTERNAL');
    expect(error.message).toBe(
      'The stored Bybit API key of profile 2 cannot be decrypted: it was altered, copied from another profile or ' +
        'field, or encrypted under a different data key. Remove it and enter it again.',
    );
  });

  it('refuses key and secret swapped between the columns', async () => {
    const row = encryptCredentials(dataKey, 1, pair);
    const swapped = {
      userId: 1,
      encryptedApiKey: row.encryptedApiSecret,
      encryptedApiSecret: row.encryptedApiKey,
    };
    expect((await rejected(() => decryptCredentials(dataKey, swapped))).reason).toBe('CIPHERTEXT_REJECTED');
    const secretOnly = { ...row, encryptedApiSecret: row.encryptedApiKey };
    const error = await rejected(() => decryptCredentials(dataKey, secretOnly));
    expect(error.message).toMatch(/^The stored Bybit API secret of profile 1 cannot be decrypted/);
  });

  it('refuses a ciphertext under another data key', async () => {
    const row = encryptCredentials(randomBytes(32), 1, pair);
    expect((await rejected(() => decryptCredentials(dataKey, row))).reason).toBe('CIPHERTEXT_REJECTED');
  });

  it('binds generic values to their context (for the database password)', async () => {
    const sealed = encryptValue(dataKey, 'pg-password', 'synthex:v1:cluster:superuser_password');
    expect(
      decryptValue(dataKey, sealed, 'synthex:v1:cluster:superuser_password', 'the database password'),
    ).toBe('pg-password');
    const error = await rejected(() =>
      decryptValue(dataKey, sealed, 'synthex:v1:other', 'the database password'),
    );
    expect(error.message).toMatch(/^The database password cannot be decrypted/);
  });

  it('refuses a data key of the wrong length', () => {
    expect(() => encryptValue(randomBytes(16), 'x', 'c')).toThrow(RangeError);
  });

  it('serialises errors as code, reason and message only', async () => {
    const error = await rejected(() =>
      decryptCredentials(dataKey, { ...encryptCredentials(dataKey, 1, pair), userId: 9 }),
    );
    expect(Object.keys(JSON.parse(JSON.stringify(error)))).toEqual(['name', 'code', 'reason', 'message']);
    expect(error.toContractError()).toEqual({ code: 'INTERNAL', message: error.message });
  });
});
