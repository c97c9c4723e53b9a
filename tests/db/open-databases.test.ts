import { existsSync } from 'node:fs';
import { join } from 'node:path';
import PostgresAdapter from '@auth/pg-adapter';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabases, type OpenDatabases } from '../../electron/core/db';
import { readManifest } from '../../electron/core/db/migration-manifest';
import { silentLogger } from '../../electron/core/util/logger';
import { waitFor } from '../support/wait-for';
import { migrateDatabase } from '../../electron/core/db/migrator';
import { makeTempDir, migrationsDir, testPool, versionRows, withClient } from './db-test-helpers';
import { useTestCluster } from './use-test-cluster';

const server = useTestCluster(); // a separate cluster standing in for external servers

describe('openDatabases with the embedded default', () => {
  let dbs: OpenDatabases;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = makeTempDir('synthex-open-');
    dbs = await openDatabases({ dataDir, migrationsDir, logger: silentLogger });
  });
  afterAll(async () => {
    await dbs?.close();
  });

  it('survives a connection killed in the middle of a query: the query fails, the app does not', async () => {
    // Without an error listener on busy clients, pg emits an unhandled 'error' here and the process dies
    // (seen when headless mode stopped while a status probe was running).
    const running = sql`SELECT pg_sleep(30)`.execute(dbs.user).then(
      () => null,
      (error: unknown) => error,
    );
    await waitFor(async () => {
      const busy = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_stat_activity
        WHERE datname = 'synthex_user' AND query LIKE 'SELECT pg_sleep(30)%'`.execute(dbs.general);
      return busy.rows[0]!.n === 1;
    });
    await sql`SELECT pg_terminate_backend(pid) FROM pg_stat_activity
              WHERE datname = 'synthex_user' AND query LIKE 'SELECT pg_sleep(30)%'`.execute(dbs.general);
    expect(String(await running)).toMatch(/terminating connection/);
    // The dead client leaves the pool once its socket closes; a later query gets a live one.
    await waitFor(
      async () => (await sql<{ one: number }>`SELECT 1 AS one`.execute(dbs.user)).rows[0]?.one === 1,
    );
  });

  it('reports both databases embedded, reachable and at this build head', async () => {
    const status = await dbs.status.status();
    const userHead = (await readManifest(join(migrationsDir, 'user_data'))).head;
    const generalHead = (await readManifest(join(migrationsDir, 'general_data'))).head;
    expect(status.user).toEqual({
      role: 'user',
      mode: 'embedded',
      reachable: true,
      revision: userHead,
      expectedRevision: userHead,
      message: null,
    });
    expect(status.general).toMatchObject({
      role: 'general',
      mode: 'embedded',
      reachable: true,
      revision: generalHead,
    });
    const names = await sql<{ db: string }>`SELECT current_database() AS db`.execute(dbs.general);
    expect(names.rows[0]?.db).toBe('synthex_general');
  });

  it('round-trips NUMERIC as exact strings and DATE as a calendar day through Kysely', async () => {
    await dbs.general
      .insertInto('daily_tradable_assets')
      .values({
        symbol: 'BTCUSDT',
        market_cap_rank: 1,
        min_notional_value: '0.000000000000000001',
        fetch_date: '2026-11-24',
      })
      .execute();
    const row = await dbs.general.selectFrom('daily_tradable_assets').selectAll().executeTakeFirstOrThrow();
    expect(row.min_notional_value).toBe('0.000000000000000001');
    expect(row.fetch_date).toBe('2026-11-24');
    await expect(
      dbs.general
        .insertInto('daily_tradable_assets')
        .values({ symbol: 'BTCUSDT', market_cap_rank: 2, min_notional_value: '1', fetch_date: '2026-11-24' })
        .execute(),
    ).rejects.toThrow(/daily_tradable_assets_symbol_fetch_date_key/);
  });

  it('enforces the position rules: status and side CHECKs, RESTRICT on trades, CASCADE on components', async () => {
    const user = await dbs.user
      .insertInto('users')
      .values({ email: 'rules@example.com' })
      .returningAll()
      .executeTakeFirstOrThrow();
    expect(user.subscription_tier).toBe('free');
    const position = await dbs.user
      .insertInto('synthetic_positions')
      .values({
        user_id: user.id,
        index_id: 'top10-equal',
        index_name: 'Top 10 equal',
        usdt_size: '1000.50',
        request_id: '6f1c8f2e-0b7a-4c1e-9a55-3c2d1e0f9b01',
        link_key: 'k1',
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    expect(position).toMatchObject({
      status: 'PENDING',
      is_altered: false,
      unrealized_pnl: '0',
      usdt_size: '1000.50',
      direction: 'long',
      leverage: '1',
    });
    expect(position.created_at).toBeInstanceOf(Date);

    // Each update below must be refused by a CHECK constraint of the table.
    const updatePosition = (patch: { status?: string; direction?: string }) =>
      dbs.user.updateTable('synthetic_positions').set(patch).where('id', '=', position.id).execute();
    await expect(updatePosition({ status: 'OPEN' })).rejects.toThrow(/synthetic_positions_status_check/);
    await dbs.user
      .insertInto('position_components')
      .values({ position_id: position.id, symbol: 'BTCUSDT', expected_quantity: '0.015' })
      .execute();
    await expect(updatePosition({ direction: 'flat' })).rejects.toThrow(
      /synthetic_positions_direction_check/,
    );
    // A final status always says when the position ended.
    await expect(updatePosition({ status: 'CLOSED' })).rejects.toThrow(/synthetic_positions_closed_at_check/);
    const trade = {
      exec_id: 'e-1',
      position_id: position.id,
      bybit_order_id: 'o-1',
      symbol: 'BTCUSDT',
      price: '64000.1',
      quantity: '0.015',
    };
    const insertTrade = (side: string) =>
      dbs.user
        .insertInto('trades')
        .values({ ...trade, side })
        .execute();
    await expect(insertTrade('Buy')).rejects.toThrow(/trades_side_check/);
    await insertTrade('Long');
    // Each fill is stored once, whichever path saw it first.
    await expect(insertTrade('Long')).rejects.toThrow(/trades_exec_id_key/);

    await expect(
      dbs.user.deleteFrom('synthetic_positions').where('id', '=', position.id).execute(),
    ).rejects.toThrow(/trades_position_id_fkey/);
    await dbs.user.deleteFrom('trades').where('position_id', '=', position.id).execute();
    await dbs.user.deleteFrom('synthetic_positions').where('id', '=', position.id).execute();
    expect(await dbs.user.selectFrom('position_components').selectAll().execute()).toEqual([]);
  });

  it('keeps the cluster under <dataDir>/postgres', () => {
    expect(existsSync(join(dataDir, 'postgres', 'PG_VERSION'))).toBe(true);
  });
});

describe('openDatabases with external URLs', () => {
  it('starts no cluster when both URLs are set, and reports them external', async () => {
    const dataDir = makeTempDir('synthex-external-');
    const userDbUrl = server.url(await server.createDatabase('ext_user'));
    const generalDbUrl = server.url(await server.createDatabase('ext_general'));
    const dbs = await openDatabases({
      dataDir,
      userDbUrl,
      generalDbUrl,
      migrationsDir,
      logger: silentLogger,
    });
    try {
      const status = await dbs.status.status();
      expect(status.user).toMatchObject({ mode: 'external', reachable: true, message: null });
      expect(status.general).toMatchObject({ mode: 'external', reachable: true, message: null });
      expect(existsSync(join(dataDir, 'postgres'))).toBe(false);
      const db = await sql<{ db: string }>`SELECT current_database() AS db`.execute(dbs.user);
      expect(db.rows[0]?.db).toBe('ext_user');
    } finally {
      await dbs.close();
    }
  });

  it('mixes: an external general database next to the embedded user database', async () => {
    const dataDir = makeTempDir('synthex-mixed-');
    const generalDbUrl = server.url(await server.createDatabase('mixed_general'));
    const dbs = await openDatabases({ dataDir, generalDbUrl, migrationsDir, logger: silentLogger });
    try {
      const status = await dbs.status.status();
      expect(status.user).toMatchObject({ mode: 'embedded', reachable: true });
      expect(status.general).toMatchObject({ mode: 'external', reachable: true });
    } finally {
      await dbs.close();
    }
  });

  it('refuses one database for both roles, before touching it', async () => {
    const connection = await server.createDatabase('shared');
    const url = server.url(connection);
    await expect(
      openDatabases({
        dataDir: makeTempDir('synthex-shared-'),
        userDbUrl: url,
        generalDbUrl: url,
        migrationsDir,
        logger: silentLogger,
      }),
    ).rejects.toThrow(/point at the same database/);
    expect(await versionRows(connection)).toEqual([]);
  });

  it('reports an external database that went away as unreachable', async () => {
    const userDbUrl = server.url(await server.createDatabase('gone_user'));
    const generalDbUrl = server.url(await server.createDatabase('gone_general'));
    const dbs = await openDatabases({
      dataDir: makeTempDir('synthex-gone-'),
      userDbUrl,
      generalDbUrl,
      migrationsDir,
      logger: silentLogger,
    });
    try {
      await withClient(server.cluster.connection('postgres'), (c) =>
        c.query('DROP DATABASE gone_user WITH (FORCE)'),
      );
      const status = await dbs.status.status();
      expect(status.user).toMatchObject({ mode: 'external', reachable: false, revision: null });
      expect(status.user.message).toMatch(/Unreachable/);
      expect(status.general.reachable).toBe(true);
    } finally {
      await dbs.close();
    }
  });
});

describe('the Auth.js PostgreSQL adapter on the migrated user database', () => {
  it('serves the Auth.js pg adapter: create, read, update, link an account, session, delete', async () => {
    const connection = await server.createDatabase('auth');
    await migrateDatabase({ connection, dir: join(migrationsDir, 'user_data'), logger: silentLogger });
    const pool = testPool(connection);
    try {
      const adapter = PostgresAdapter(pool);
      const verified = new Date('2026-01-02T03:04:05.000Z');
      const created = await adapter.createUser!({
        id: '',
        name: 'Ada',
        email: 'ada@example.com',
        emailVerified: verified,
        image: null,
      });
      expect(created).toMatchObject({ name: 'Ada', email: 'ada@example.com', emailVerified: verified });
      const id = String(created.id);

      expect(await adapter.getUser!(id)).toMatchObject({
        email: 'ada@example.com',
        subscription_tier: 'free',
      });
      expect(await adapter.getUserByEmail!('ada@example.com')).toMatchObject({ name: 'Ada' });
      expect(await adapter.updateUser!({ id, name: 'Ada L.' })).toMatchObject({
        name: 'Ada L.',
        email: 'ada@example.com',
      });

      await adapter.linkAccount!({
        userId: id,
        type: 'oauth',
        provider: 'github',
        providerAccountId: 'gh-1',
        expires_at: 1_800_000_000,
      });
      expect(
        await adapter.getUserByAccount!({ provider: 'github', providerAccountId: 'gh-1' }),
      ).toMatchObject({ name: 'Ada L.' });

      const expires = new Date('2030-01-01T00:00:00.000Z');
      await adapter.createSession!({ sessionToken: 'tok-1', userId: id, expires });
      const found = await adapter.getSessionAndUser!('tok-1');
      expect(found?.session).toMatchObject({ sessionToken: 'tok-1', expires });
      expect(found?.user).toMatchObject({ email: 'ada@example.com' });

      await adapter.createVerificationToken!({ identifier: 'ada@example.com', token: 'v-1', expires });
      expect(
        await adapter.useVerificationToken!({ identifier: 'ada@example.com', token: 'v-1' }),
      ).toMatchObject({ token: 'v-1' });

      await adapter.deleteUser!(id);
      expect(await adapter.getUser!(id)).toBeNull();
      expect(await adapter.getSessionAndUser!('tok-1')).toBeNull();
      expect(await adapter.getUserByAccount!({ provider: 'github', providerAccountId: 'gh-1' })).toBeNull();
    } finally {
      await pool.end();
    }
  });
});
