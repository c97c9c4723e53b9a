import { describe, expect, it, vi } from 'vitest';

const constructed: unknown[] = [];
vi.mock('electron-store', () => ({
  default: class {
    data: Record<string, unknown> = {};
    path = '/home/trader/.config/Synthex/vault.json';
    constructor(options: unknown) {
      constructed.push(options);
    }
    get(key: string) {
      return this.data[key];
    }
    set(key: string, value: unknown) {
      this.data[key] = JSON.parse(JSON.stringify(value)); // what a JSON file would keep
    }
  },
}));

const { electronDataKeyStore } = await import('../../electron/main/electron-data-key-store');

describe('electron-store data key store', () => {
  it('keeps the wrapped key in its own owner-only file that is never cleared when invalid', async () => {
    const store = electronDataKeyStore();
    expect(constructed).toEqual([{ name: 'vault', clearInvalidConfig: false, configFileMode: 0o600 }]);
    expect(await store.read()).toBeNull();
    const record = { protector: 'os-keychain' as const, wrapped: Buffer.from([1, 2, 3, 250]) };
    await store.write(record);
    expect(await store.read()).toEqual(record);
  });

  it('names the file when the record is damaged', async () => {
    const store = electronDataKeyStore({
      get: () => ({ format: 1, protector: 'os-keychain' }),
      set: () => undefined,
      path: '/tmp/vault.json',
    });
    await expect(store.read()).rejects.toMatchObject({
      reason: 'DATA_KEY_DAMAGED',
      message: expect.stringContaining('/tmp/vault.json'),
    });
  });
});
