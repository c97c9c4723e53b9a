import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  decryptCredentials,
  type EncryptedCredentialRow,
  encryptCredentials,
  keyOpensRow,
  openDataKey,
  reencryptCredentialRows,
  rotateDataKey,
  VaultError,
} from '../../electron/core/vault';
import { memoryDataKeyStore } from '../support/memory-data-key-store';
import { testKeyProtector } from '../support/test-key-protector';

const pairs = [
  { userId: 1, apiKey: 'AAAAkey-one-XXXX', apiSecret: 'secret-one-0123456789' },
  { userId: 2, apiKey: 'BBBBkey-two-YYYY', apiSecret: 'secret-two-9876543210' },
  { userId: 5, apiKey: 'CCCCkey-five-ZZZ', apiSecret: 'secret-five-5555555555' },
];
const rowsUnder = (key: Buffer) => pairs.map(({ userId, ...pair }) => encryptCredentials(key, userId, pair));

describe('reencryptCredentialRows', () => {
  it('re-encrypts every row under the new key; the old key no longer opens them', () => {
    const [from, to] = [randomBytes(32), randomBytes(32)];
    const before = rowsUnder(from);
    const after = reencryptCredentialRows(before, { from, to });
    expect(after.map((row) => row.userId)).toEqual([1, 2, 5]);
    expect(after.map((row) => decryptCredentials(to, row))).toEqual(
      pairs.map(({ userId: _, ...pair }) => pair),
    );
    for (const row of after) {
      expect(() => decryptCredentials(from, row)).toThrow(VaultError);
      expect(keyOpensRow(from, row)).toBe(false);
    }
  });

  it('leaves its input untouched', () => {
    const [from, to] = [randomBytes(32), randomBytes(32)];
    const before = rowsUnder(from);
    const copy = before.map((row) => ({ ...row, encryptedApiKey: Buffer.from(row.encryptedApiKey) }));
    reencryptCredentialRows(before, { from, to });
    expect(before).toEqual(copy);
  });

  it('throws, returning nothing, when any row does not open under the old key', () => {
    const [from, to] = [randomBytes(32), randomBytes(32)];
    const rows = rowsUnder(from);
    rows[1] = { ...rows[1]!, userId: 3 }; // copied to another profile
    expect(() => reencryptCredentialRows(rows, { from, to })).toThrow(
      /API key of profile 3 cannot be decrypted/,
    );
  });

  it('handles no rows', () => {
    expect(reencryptCredentialRows([], { from: randomBytes(32), to: randomBytes(32) })).toEqual([]);
  });
});

/** A one-table "database" with all-or-nothing transactions, enough to exercise the rotation protocol. */
function fakeDatabase(initial: EncryptedCredentialRow[]) {
  let rows = initial;
  return {
    rows: () => rows,
    settleRotation: async ({ pending }: { pending: Buffer }) => keyOpensRow(pending, rows[0]),
    transaction: async (work: (current: EncryptedCredentialRow[]) => EncryptedCredentialRow[]) => {
      rows = work(rows); // the assignment is the commit: a throw in `work` leaves `rows` as they were
    },
  };
}

async function setUp() {
  const protector = testKeyProtector();
  const keys = memoryDataKeyStore();
  const probe = { settleRotation: async () => false };
  const oldKey = await openDataKey({ protector, store: keys.store, ...probe });
  const db = fakeDatabase(rowsUnder(oldKey));
  const options = {
    protector,
    store: keys.store,
    settleRotation: db.settleRotation,
    reencryptAllRows: (k: { from: Buffer; to: Buffer }) =>
      db.transaction((rows) => reencryptCredentialRows(rows, k)),
  };
  return { protector, keys, db, oldKey, options };
}

describe('rotateDataKey', () => {
  it('moves every row to a new key that becomes the stored one', async () => {
    const { keys, db, oldKey, options } = await setUp();
    const newKey = await rotateDataKey(options);
    expect(newKey.equals(oldKey)).toBe(false);
    expect(keys.current()!.pending).toBeUndefined();
    expect((await openDataKey(options)).equals(newKey)).toBe(true);
    expect(db.rows().map((row) => decryptCredentials(newKey, row).apiSecret)).toEqual(
      pairs.map((p) => p.apiSecret),
    );
    expect(db.rows().every((row) => !keyOpensRow(oldKey, row))).toBe(true);
  });

  it('keeps the old key when the transaction fails', async () => {
    const { keys, db, oldKey, options } = await setUp();
    const failing = { ...options, reencryptAllRows: async () => Promise.reject(new Error('deadlock')) };
    await expect(rotateDataKey(failing)).rejects.toThrow('deadlock');
    expect(keys.current()!.pending).toBeUndefined();
    expect((await openDataKey(options)).equals(oldKey)).toBe(true);
    expect(db.rows().every((row) => keyOpensRow(oldKey, row))).toBe(true);
  });

  it('adopts the new key when the transaction committed but the caller still threw', async () => {
    const { keys, db, options } = await setUp();
    let committedKey: Buffer | null = null;
    const throwsAfterCommit = {
      ...options,
      reencryptAllRows: async (k: { from: Buffer; to: Buffer }) => {
        await options.reencryptAllRows(k);
        committedKey = k.to;
        throw new Error('audit log write failed');
      },
    };
    await expect(rotateDataKey(throwsAfterCommit)).rejects.toThrow('audit log write failed');
    expect(keys.current()!.pending).toBeUndefined();
    const reopened = await openDataKey(options);
    expect(reopened.equals(committedKey!)).toBe(true);
    expect(db.rows().every((row) => keyOpensRow(reopened, row))).toBe(true);
  });

  it('after a crash between commit and saving the new key, the next start adopts the new key', async () => {
    const { keys, db, options } = await setUp();
    let committedKey: Buffer | null = null;
    const crashing = {
      ...options,
      reencryptAllRows: async (k: { from: Buffer; to: Buffer }) => {
        await options.reencryptAllRows(k);
        committedKey = k.to;
        keys.failNextWrite(); // the write that would promote the pending key
      },
    };
    await expect(rotateDataKey(crashing)).rejects.toThrow('simulated crash');
    expect(keys.current()!.pending).toBeDefined();
    const reopened = await openDataKey(options);
    expect(reopened.equals(committedKey!)).toBe(true);
    expect(keys.current()!.pending).toBeUndefined();
    expect(db.rows().every((row) => keyOpensRow(reopened, row))).toBe(true);
  });

  it('after a crash before the commit, the next start drops the pending key and keeps the old one', async () => {
    const { keys, db, oldKey, options } = await setUp();
    const crashing = {
      ...options,
      reencryptAllRows: async () => {
        keys.failNextWrite(); // the rollback's write of the old record
        throw new Error('process killed mid-transaction');
      },
    };
    await expect(rotateDataKey(crashing)).rejects.toThrow('process killed mid-transaction');
    expect(keys.current()!.pending).toBeDefined();
    expect((await openDataKey(options)).equals(oldKey)).toBe(true);
    expect(keys.current()!.pending).toBeUndefined();
    expect(db.rows().every((row) => keyOpensRow(oldKey, row))).toBe(true);
  });
});
