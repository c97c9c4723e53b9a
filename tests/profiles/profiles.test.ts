import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDirs } from '../db/db-test-helpers';
import { startTestCore, type TestCore } from '../support/core-harness';
import { rejection } from '../support/rejection';

const env = { SYNTHEX_VAULT_PASSPHRASE: 'profiles test passphrase' };
let dataDir: string;
let app: TestCore;

beforeAll(async () => {
  dataDir = makeTempDir('synthex-profiles-');
  app = await startTestCore({ dataDir, env });
});

afterAll(async () => {
  await app?.stop();
  removeTempDirs();
});

describe('profiles', () => {
  it('starts empty, and the first profile created becomes the active one on the free tier', async () => {
    expect(await app.invoke('profiles.list', {})).toEqual({ profiles: [], activeProfileId: null });
    const created = await app.invoke('profiles.create', { name: '  Main  ', email: 'Trader@Example.com' });
    expect(created).toMatchObject({
      name: 'Main',
      email: 'trader@example.com',
      tier: 'free',
      hasCredentials: false,
      positionCount: 0,
    });
    const list = await app.invoke('profiles.list', {});
    expect(list.activeProfileId).toBe(created.id);
    expect(app.events('profiles.changed').length).toBeGreaterThan(0);
  });

  it('refuses a duplicate email or name with a clear error and changes nothing', async () => {
    const before = await app.invoke('profiles.list', {});
    const email = await rejection(
      app.invoke('profiles.create', { name: 'Other', email: 'TRADER@example.com' }),
    );
    expect(email.code).toBe('CONFLICT');
    expect(email.message).toContain('trader@example.com');
    expect(email.issues?.[0]?.path).toBe('email');
    const name = await rejection(app.invoke('profiles.create', { name: 'MAIN' }));
    expect(name.code).toBe('CONFLICT');
    expect(name.message).toContain('already exists');
    expect(await app.invoke('profiles.list', {})).toEqual(before);
  });

  it('refuses bad input before anything is written', async () => {
    const before = await app.invoke('profiles.list', {});
    const invisible = ['Main\u0000', 'Main\u202Egnp', '\u2067Main', 'Ma\u200Bin', 'Ma\tin'];
    for (const payload of [
      { name: '   ' },
      { name: 'X', email: 'not-an-email' },
      { name: 'x'.repeat(65) },
      ...invisible.map((name) => ({ name })),
    ]) {
      const reply = await app.call('profiles.create', payload);
      expect(reply.ok).toBe(false);
      if (!reply.ok) expect(reply.error.code).toBe('INVALID_PAYLOAD');
    }
    // A rename to a look-alike is refused at the name field and leaves the profile as it was.
    const [existing] = before.profiles;
    for (const name of invisible) {
      const reply = await app.call('profiles.update', { id: existing!.id, name });
      expect(reply).toMatchObject({
        ok: false,
        error: {
          code: 'INVALID_PAYLOAD',
          issues: [{ path: 'name', message: expect.stringContaining('U+') }],
        },
      });
    }
    expect(await app.invoke('profiles.list', {})).toEqual(before);
  });

  it('renames, changes and clears the email, and keeps emails unique on update', async () => {
    const second = await app.invoke('profiles.create', { name: 'Scalping', select: false });
    expect((await app.invoke('profiles.list', {})).activeProfileId).not.toBe(second.id);
    const renamed = await app.invoke('profiles.update', {
      id: second.id,
      name: 'Swing',
      email: 'swing@example.com',
    });
    expect(renamed).toMatchObject({ name: 'Swing', email: 'swing@example.com' });
    const taken = await rejection(
      app.invoke('profiles.update', { id: second.id, email: 'trader@example.com' }),
    );
    expect(taken.code).toBe('CONFLICT');
    expect(await app.invoke('profiles.update', { id: second.id, email: '' })).toMatchObject({ email: null });
    const missing = await rejection(app.invoke('profiles.update', { id: 99_999, name: 'Ghost' }));
    expect(missing.code).toBe('NOT_FOUND');
  });

  it('remembers the selected profile across a restart (in the User Data DB)', async () => {
    const { profiles } = await app.invoke('profiles.list', {});
    const swing = profiles.find((profile) => profile.name === 'Swing')!;
    expect((await app.invoke('profiles.select', { id: swing.id })).activeProfileId).toBe(swing.id);
    await app.stop();
    app = await startTestCore({ dataDir, env });
    expect((await app.invoke('profiles.list', {})).activeProfileId).toBe(swing.id);
    expect((await rejection(app.invoke('profiles.select', { id: 99_999 }))).code).toBe('NOT_FOUND');
  });

  it('deletes history only after confirmation, never with open positions, all in one transaction', async () => {
    const victim = await app.invoke('profiles.create', { name: 'To delete' });
    const db = app.databases().user;
    const position = await db
      .insertInto('synthetic_positions')
      .values({
        user_id: victim.id,
        index_id: 'top10-equal',
        index_name: 'Top 10 equal',
        usdt_size: '1000',
        status: 'ACTIVE',
        request_id: '0b5e2a44-57a4-4b07-9d0c-0a4f0d2b6c11',
        link_key: 'victim1',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const component = await db
      .insertInto('position_components')
      .values({ position_id: position.id, symbol: 'BTCUSDT', expected_quantity: '0.002' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('position_orders')
      .values({
        position_id: position.id,
        component_id: component.id,
        symbol: 'BTCUSDT',
        kind: 'open',
        attempt: 1,
        chunk: 0,
        order_link_id: 'sx-victim1-1-o1-0',
        side: 'Buy',
        quantity: '0.002',
        state: 'filled',
      })
      .execute();
    await db
      .insertInto('trades')
      .values({
        order_link_id: 'sx-victim1-1-o1-0',
        exec_id: 'e-1',
        position_id: position.id,
        bybit_order_id: 'o-1',
        symbol: 'BTCUSDT',
        side: 'Long',
        price: '50000.5',
        quantity: '0.002',
      })
      .execute();
    await db
      .insertInto('bybit_credentials')
      .values({ user_id: victim.id, encrypted_api_key: Buffer.of(1), encrypted_api_secret: Buffer.of(2) })
      .execute();

    const open = await rejection(app.invoke('profiles.delete', { id: victim.id, deleteHistory: true }));
    expect(open.code).toBe('CONFLICT');
    expect(open.message).toContain('not closed');

    await db
      .updateTable('synthetic_positions')
      .set({ status: 'CLOSED', closed_at: new Date() })
      .where('id', '=', position.id)
      .execute();
    const unconfirmed = await rejection(app.invoke('profiles.delete', { id: victim.id }));
    expect(unconfirmed.code).toBe('CONFLICT');
    expect(unconfirmed.message).toContain('1 closed position(s) and 1 trade(s)');
    expect((await app.invoke('profiles.list', {})).profiles.map((p) => p.id)).toContain(victim.id);

    const deleted = await app.invoke('profiles.delete', { id: victim.id, deleteHistory: true });
    expect(deleted).toMatchObject({ deletedId: victim.id, deletedPositions: 1 });
    expect(deleted.list.profiles.map((p) => p.id)).not.toContain(victim.id);
    // The victim was active; another profile takes over.
    expect(deleted.list.activeProfileId).not.toBeNull();
    const left = await sql<{ n: number }>`SELECT
        (SELECT count(*) FROM trades)::int + (SELECT count(*) FROM synthetic_positions)::int
        + (SELECT count(*) FROM position_orders)::int
        + (SELECT count(*) FROM bybit_credentials WHERE user_id = ${victim.id})::int AS n`.execute(db);
    expect(left.rows[0]!.n).toBe(0);
  });

  it('keeps the embedded database password sealed, not in a plain file', () => {
    expect(existsSync(join(dataDir, 'postgres.password.sealed'))).toBe(true);
    expect(existsSync(join(dataDir, 'postgres.password'))).toBe(false);
  });
});
