import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  fileDataKeyStore,
  openDataKey,
  passphraseKeyProtector,
  passphraseVariable,
} from '../../electron/core/vault';
import { memoryDataKeyStore } from '../support/memory-data-key-store';
import { testKeyProtector } from '../support/test-key-protector';

const settleRotation = async () => false;

describe('data key', () => {
  it('is created, wrapped and saved on first use, then reopened as the same key', async () => {
    const protector = testKeyProtector();
    const { store, current } = memoryDataKeyStore();
    const first = await openDataKey({ protector, store, settleRotation });
    expect(first.length).toBe(32);
    expect(current()).toMatchObject({ protector: 'test' });
    expect(current()!.wrapped.includes(first)).toBe(false);
    const again = await openDataKey({ protector, store, settleRotation });
    expect(again.equals(first)).toBe(true);
  });

  it('refuses, with the protector sentence, when key protection is unavailable, and writes nothing', async () => {
    const reason = 'Install a keyring and restart Synthex.';
    const { store, writes } = memoryDataKeyStore();
    await expect(
      openDataKey({ protector: testKeyProtector({ unavailableReason: reason }), store, settleRotation }),
    ).rejects.toMatchObject({ reason: 'KEY_PROTECTION_UNAVAILABLE', code: 'UNAVAILABLE', message: reason });
    expect(writes).toEqual([]);
  });

  it('says so when the stored key was wrapped by another kind of protector', async () => {
    const { store } = memoryDataKeyStore();
    await openDataKey({ protector: testKeyProtector(), store, settleRotation });
    const headless = passphraseKeyProtector({
      env: { [passphraseVariable]: 'a headless passphrase' },
      cost: { log2N: 10, r: 8, p: 1 },
    });
    await expect(openDataKey({ protector: headless, store, settleRotation })).rejects.toMatchObject({
      reason: 'PROTECTOR_MISMATCH',
      message:
        'The stored API keys are protected by the test key protector, but Synthex is now using a passphrase ' +
        '(headless mode, SYNTHEX_VAULT_PASSPHRASE). Start Synthex the way it was set up, or remove the API keys and enter them again.',
    });
  });

  it('refuses a wrapped key the protector did not make', async () => {
    const { store } = memoryDataKeyStore();
    await openDataKey({ protector: testKeyProtector(), store, settleRotation });
    await expect(openDataKey({ protector: testKeyProtector(), store, settleRotation })).rejects.toMatchObject(
      {
        reason: 'DATA_KEY_DAMAGED',
      },
    );
  });
});

describe('file data key store', () => {
  const tempPath = async () =>
    join(await mkdtemp(join(tmpdir(), 'synthex-vault-')), 'nested', 'vault-key.json');

  it('reads null before the first write, then what was written, in an owner-only file', async () => {
    const path = await tempPath();
    const store = fileDataKeyStore(path);
    expect(await store.read()).toBeNull();
    const record = {
      protector: 'passphrase' as const,
      wrapped: Buffer.from('wrapped-key'),
      pending: Buffer.from('next'),
    };
    await store.write(record);
    expect(await store.read()).toEqual(record);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({
      format: 1,
      protector: 'passphrase',
      wrapped: Buffer.from('wrapped-key').toString('base64'),
      pending: Buffer.from('next').toString('base64'),
    });
    await store.write({ protector: 'passphrase', wrapped: Buffer.from('other') });
    expect(await store.read()).toEqual({ protector: 'passphrase', wrapped: Buffer.from('other') });
  });

  it('replaces the file by rename, so the old one is never half-overwritten', async () => {
    const path = await tempPath();
    const store = fileDataKeyStore(path);
    await store.write({ protector: 'passphrase', wrapped: Buffer.from('one') });
    const before = await stat(path);
    await store.write({ protector: 'passphrase', wrapped: Buffer.from('two') });
    expect((await stat(path)).ino).not.toBe(before.ino);
  });

  it.each([
    ['not JSON', '{"format":1,'],
    ['an unknown protector', JSON.stringify({ format: 1, protector: 'rot13', wrapped: 'AAAA' })],
    ['no wrapped key', JSON.stringify({ format: 1, protector: 'passphrase' })],
    ['a later format', JSON.stringify({ format: 2, protector: 'passphrase', wrapped: 'AAAA' })],
    [
      'a pending key that is not base64',
      JSON.stringify({ format: 1, protector: 'passphrase', wrapped: 'AAAA', pending: '!' }),
    ],
  ])('refuses a file with %s as damaged, naming the file and keeping it', async (_, text) => {
    const path = await tempPath();
    await fileDataKeyStore(path).write({ protector: 'passphrase', wrapped: Buffer.from('x') });
    await writeFile(path, text);
    const error = await fileDataKeyStore(path)
      .read()
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ reason: 'DATA_KEY_DAMAGED', code: 'INTERNAL' });
    expect((error as Error).message).toContain(path);
    expect(await readFile(path, 'utf8')).toBe(text);
  });
});
