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
import { vaultKeys } from '../../electron/core/vault/vault-keys';
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
  /** `options` whose re-encryption commits, then runs `after` (a throw, a crash); `committed()` is its key. */
  const commitThen = (after: () => void) => {
    let committed: Buffer | null = null;
    return {
      options: {
        ...options,
        reencryptAllRows: async (k: { from: Buffer; to: Buffer }) => {
          await options.reencryptAllRows(k);
          committed = k.to;
          after();
        },
      },
      committed: () => committed!,
    };
  };
  return { protector, keys, db, oldKey, options, commitThen };
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
    const { keys, db, options, commitThen } = await setUp();
    const throwsAfterCommit = commitThen(() => {
      throw new Error('audit log write failed');
    });
    await expect(rotateDataKey(throwsAfterCommit.options)).rejects.toThrow('audit log write failed');
    expect(keys.current()!.pending).toBeUndefined();
    const reopened = await openDataKey(options);
    expect(reopened.equals(throwsAfterCommit.committed())).toBe(true);
    expect(db.rows().every((row) => keyOpensRow(reopened, row))).toBe(true);
  });

  it('after a crash between commit and saving the new key, the next start adopts the new key', async () => {
    const { keys, db, options, commitThen } = await setUp();
    const crashing = commitThen(() => keys.failNextWrite()); // the write that would promote the pending key
    await expect(rotateDataKey(crashing.options)).rejects.toThrow('simulated crash');
    expect(keys.current()!.pending).toBeDefined();
    const reopened = await openDataKey(options);
    expect(reopened.equals(crashing.committed())).toBe(true);
    expect(keys.current()!.pending).toBeUndefined();
    expect(db.rows().every((row) => keyOpensRow(reopened, row))).toBe(true);
  });

  it('a failed rotation leaves alone a record another rotation committed meanwhile', async () => {
    const { keys, options, protector } = await setUp();
    const winner = { protector: protector.kind, wrapped: await protector.wrap(randomBytes(32)) };
    const losing = {
      ...options,
      reencryptAllRows: async () => {
        await keys.store.write(winner); // the other rotation committed while this one worked
        throw new Error('could not serialize access');
      },
    };
    await expect(rotateDataKey(losing)).rejects.toThrow('could not serialize access');
    expect(keys.current()).toEqual(winner);
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

describe('vaultKeys: the vault has one writer', () => {
  /** The app's vault handle over the one-table database; every rotation records the keys it moved between. */
  async function vaultOverDatabase() {
    const setup = await setUp();
    const vault = vaultKeys({
      protector: setup.protector,
      store: setup.keys.store,
      settleRotation: setup.db.settleRotation,
    });
    const moves: { from: Buffer; to: Buffer }[] = [];
    const reencrypt = async (k: { from: Buffer; to: Buffer }) => {
      moves.push(k);
      await setup.options.reencryptAllRows(k);
    };
    return { ...setup, vault, moves, reencrypt };
  }
  /** Lets every other queued task run as far as it can. */
  const settle = async () => {
    for (let i = 0; i < 20; i += 1) await new Promise((resolve) => setImmediate(resolve));
  };

  it("runs two rotations asked for at once one after the other, the second from the first one's key", async () => {
    const { vault, moves, reencrypt, db, oldKey } = await vaultOverDatabase();
    await Promise.all([vault.rotate(reencrypt), vault.rotate(reencrypt)]);
    expect(moves).toHaveLength(2);
    expect(moves[0]!.from.equals(oldKey)).toBe(true);
    expect(moves[1]!.from.equals(moves[0]!.to)).toBe(true);
    const inForce = await vault.dataKey();
    expect(inForce.equals(moves[1]!.to)).toBe(true);
    expect(db.rows().every((row) => keyOpensRow(inForce, row))).toBe(true);
  });

  it('holds a rotation back while a writer seals, and hands the writer the key in force', async () => {
    const { vault, moves, reencrypt, oldKey } = await vaultOverDatabase();
    const order: string[] = [];
    let finishWriting!: () => void;
    const writing = vault.writing(async (dataKey) => {
      order.push('writer starts');
      expect((await dataKey()).equals(oldKey)).toBe(true);
      await new Promise<void>((resolve) => (finishWriting = resolve));
      order.push('writer ends');
    });
    await settle();
    const rotating = vault.rotate(async (k) => {
      order.push('rotation moves rows');
      await reencrypt(k);
    });
    await settle();
    expect(order).toEqual(['writer starts']);
    finishWriting();
    await Promise.all([writing, rotating]);
    expect(order).toEqual(['writer starts', 'writer ends', 'rotation moves rows']);
    // A writer after the rotation seals with the new key.
    await vault.writing(async (dataKey) => expect((await dataKey()).equals(moves[0]!.to)).toBe(true));
  });

  it('answers dataKey() asked during a rotation with the key in force once it is over', async () => {
    const { vault, moves, reencrypt } = await vaultOverDatabase();
    let finishMoving!: () => void;
    const rotating = vault.rotate(async (k) => {
      await new Promise<void>((resolve) => (finishMoving = resolve));
      await reencrypt(k);
    });
    await settle();
    const asked = vault.dataKey();
    await settle();
    finishMoving();
    await rotating;
    expect((await asked).equals(moves[0]!.to)).toBe(true);
  });
});
