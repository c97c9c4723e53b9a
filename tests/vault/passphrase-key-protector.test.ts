import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  defaultScryptCost,
  passphraseKeyProtector,
  passphraseVariable,
  plausibleCost,
  takeVaultPassphrase,
  VaultError,
} from '../../electron/core/vault';
import { thrownWithoutSecrets } from '../support/secret-leak';

// Low cost keeps the suite fast; one test below runs the shipped default.
const cost = { log2N: 10, r: 8, p: 1 };
const passphrase = 'correct horse battery staple';
const protectorWith = (value: string | undefined) =>
  passphraseKeyProtector({ env: { [passphraseVariable]: value }, cost });

describe('passphrase key protector', () => {
  it('wraps and unwraps the data key', async () => {
    const protector = protectorWith(passphrase);
    const dataKey = randomBytes(32);
    const wrapped = await protector.wrap(dataKey);
    expect(protector.kind).toBe('passphrase');
    expect(wrapped.includes(dataKey)).toBe(false);
    expect((await protector.unwrap(wrapped)).equals(dataKey)).toBe(true);
  });

  it('stores version, cost and a random salt with each blob', async () => {
    const protector = protectorWith(passphrase);
    const dataKey = randomBytes(32);
    const [a, b] = [await protector.wrap(dataKey), await protector.wrap(dataKey)];
    expect([...a.subarray(0, 4)]).toEqual([1, cost.log2N, cost.r, cost.p]);
    expect(a.subarray(4, 20).equals(b.subarray(4, 20))).toBe(false);
    expect(a.length).toBe(4 + 16 + 12 + 32 + 16);
  });

  it('unwraps with the shipped default cost, read back from the blob', async () => {
    const dataKey = randomBytes(32);
    const wrapped = await passphraseKeyProtector({ env: { [passphraseVariable]: passphrase } }).wrap(dataKey);
    expect(wrapped[1]).toBe(defaultScryptCost.log2N);
    // A protector configured with another cost still opens it: the blob says how it was made.
    expect((await protectorWith(passphrase).unwrap(wrapped)).equals(dataKey)).toBe(true);
  });

  it('treats the NFC and NFD spellings of a passphrase as the same', async () => {
    const dataKey = randomBytes(32);
    const wrapped = await protectorWith('café au lait, s’il vous plaît'.normalize('NFD')).wrap(dataKey);
    expect(
      (await protectorWith('café au lait, s’il vous plaît'.normalize('NFC')).unwrap(wrapped)).equals(dataKey),
    ).toBe(true);
  });

  it('refuses a wrong passphrase with a clear typed error, never a wrong key', async () => {
    const dataKey = randomBytes(32);
    const wrapped = await protectorWith(passphrase).wrap(dataKey);
    const error = await thrownWithoutSecrets(
      () => protectorWith('correct horse battery stapler').unwrap(wrapped),
      [passphrase, 'correct horse battery stapler', dataKey],
    );
    expect(error).toBeInstanceOf(VaultError);
    expect(error).toMatchObject({ reason: 'WRONG_PASSPHRASE', code: 'UNAVAILABLE' });
    expect((error as VaultError).message).toBe(
      'The passphrase (SYNTHEX_VAULT_PASSPHRASE or SYNTHEX_VAULT_PASSPHRASE_FILE) does not match the one ' +
        'the vault was created with. ' +
        'Restart Synthex with the original passphrase.',
    );
  });

  it.each([
    ['a cost byte', 2],
    ['a salt byte', 10],
    ['an IV byte', 25],
    ['the sealed key', 40],
    ['the tag', 79],
  ])('refuses a blob with %s changed', async (_, index) => {
    const protector = protectorWith(passphrase);
    const wrapped = await protector.wrap(randomBytes(32));
    expect(index).toBeLessThan(wrapped.length);
    wrapped[index]! ^= 0x01;
    await expect(protector.unwrap(wrapped)).rejects.toMatchObject({ reason: 'WRONG_PASSPHRASE' });
  });

  it('refuses a blob of an unknown version or too short as damaged', async () => {
    const protector = protectorWith(passphrase);
    const wrapped = await protector.wrap(randomBytes(32));
    wrapped[0] = 9;
    await expect(protector.unwrap(wrapped)).rejects.toMatchObject({ reason: 'DATA_KEY_DAMAGED' });
    await expect(protector.unwrap(Buffer.alloc(0))).rejects.toMatchObject({ reason: 'DATA_KEY_DAMAGED' });
  });

  it.each([
    ['unset', undefined],
    ['empty', ''],
    ['blank', '   '],
  ])('when the variable is %s, says exactly what to set', async (_, value) => {
    const protector = protectorWith(value);
    const reason =
      'Set the environment variable SYNTHEX_VAULT_PASSPHRASE to a passphrase of your choice (or ' +
      'SYNTHEX_VAULT_PASSPHRASE_FILE to a file holding it, mode 0600) and restart Synthex in headless mode; it ' +
      'protects the stored Bybit API keys, and the same passphrase is needed on every start.';
    expect(protector.isAvailable()).toEqual({ ok: false, reason });
    await expect(protector.wrap(randomBytes(32))).rejects.toMatchObject({
      reason: 'KEY_PROTECTION_UNAVAILABLE',
      code: 'UNAVAILABLE',
      message: reason,
    });
    await expect(protector.unwrap(Buffer.alloc(84))).rejects.toMatchObject({
      reason: 'KEY_PROTECTION_UNAVAILABLE',
    });
  });

  it('reads the passphrase once, when made; takeVaultPassphrase removes it from the environment', () => {
    const env: Record<string, string | undefined> = { [passphraseVariable]: passphrase, OTHER: 'kept' };
    const protector = passphraseKeyProtector({ env, cost });
    delete env[passphraseVariable];
    expect(protector.isAvailable()).toEqual({ ok: true });

    const childEnv: Record<string, string | undefined> = { [passphraseVariable]: passphrase, OTHER: 'kept' };
    expect(takeVaultPassphrase(childEnv)).toBe(passphrase);
    expect(childEnv).toEqual({ OTHER: 'kept' });
    expect(passphraseKeyProtector({ passphrase, cost }).isAvailable()).toEqual({ ok: true });
  });

  it('refuses a passphrase shorter than 12 characters with a clear message', async () => {
    const short = protectorWith('elevenchars');
    const reason =
      'The passphrase (SYNTHEX_VAULT_PASSPHRASE or SYNTHEX_VAULT_PASSPHRASE_FILE) has 11 characters; it must ' +
      'have at least 12. ' +
      'Choose a longer one and restart Synthex in headless mode.';
    expect(short.isAvailable()).toEqual({ ok: false, reason });
    await expect(short.wrap(randomBytes(32))).rejects.toMatchObject({ code: 'UNAVAILABLE', message: reason });
    // Characters, not bytes: twelve accented letters are enough.
    expect(protectorWith('é'.repeat(12)).isAvailable()).toEqual({ ok: true });
    expect(protectorWith('twelve chars').isAvailable()).toEqual({ ok: true });
  });

  it('bounds scrypt costs to 256 MiB of memory and p ≤ 4, as the comment promises', () => {
    expect(plausibleCost(defaultScryptCost)).toBe(true);
    expect(plausibleCost({ log2N: 18, r: 8, p: 1 })).toBe(true); // exactly 256 MiB
    expect(plausibleCost({ log2N: 19, r: 8, p: 1 })).toBe(false);
    expect(plausibleCost({ log2N: 22, r: 8, p: 1 })).toBe(false); // 4 GiB
    expect(plausibleCost({ log2N: 17, r: 32, p: 1 })).toBe(false);
    expect(plausibleCost({ log2N: 17, r: 8, p: 16 })).toBe(false);
    expect(plausibleCost({ log2N: 9, r: 8, p: 1 })).toBe(false);
  });

  it('treats a blob header asking for gigabytes as a wrong passphrase, without deriving anything', async () => {
    const wrapped = await protectorWith(passphrase).wrap(randomBytes(32));
    const tampered = Buffer.from(wrapped);
    tampered[1] = 22; // log2(N): 4 GiB of scrypt memory
    await expect(protectorWith(passphrase).unwrap(tampered)).rejects.toMatchObject({
      reason: 'WRONG_PASSPHRASE',
    });
  });

  it('refuses an implausible configured cost', () => {
    expect(() => passphraseKeyProtector({ cost: { log2N: 40, r: 8, p: 1 } })).toThrow(RangeError);
  });
});
