import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CredentialStatus } from '../../shared/domain/credentials';
import { makeTempDir, removeTempDirs } from '../db/db-test-helpers';
import { startSimulator, type Simulator } from '../sim';
import { startTestCore, type TestCore } from '../support/core-harness';
import { rejection } from '../support/rejection';

/**
 * credentials.* against the Bybit simulator, on the real core and a real embedded cluster, with headless
 * mode's passphrase key protection.
 */
const passphrase = 'correct horse battery staple';
const env = { SYNTHEX_VAULT_PASSPHRASE: passphrase };
let sim: Simulator;
let app: TestCore;
let dataDir: string;
let profileId: number;
/** Every key and secret handed to the app, to scan every output for. */
const secrets: string[] = [];

const custom = () => ({ environment: 'custom' as const, customRestUrl: sim.rest, customWsUrl: sim.ws });
const demo = () => ({
  environment: 'custom' as const,
  customRestUrl: `${sim.rest}/demo`,
  customWsUrl: `${sim.ws}/demo`,
});

function key(options: Parameters<Simulator['control']['createKey']>[0] = {}) {
  const created = sim.control.createKey(options);
  secrets.push(created.apiKey, created.apiSecret);
  return created;
}

async function storedRows(): Promise<number> {
  const db = app.databases().user;
  return (
    await db
      .selectFrom('bybit_credentials')
      .select(sql<number>`count(*)::int`.as('n'))
      .executeTakeFirstOrThrow()
  ).n;
}

beforeAll(async () => {
  sim = await startSimulator({ tickIntervalMs: 0 });
  dataDir = makeTempDir('synthex-credentials-');
  app = await startTestCore({ dataDir, env });
  profileId = (await app.invoke('profiles.create', { name: 'Main' })).id;
});

afterAll(async () => {
  await app?.stop();
  await sim?.close();
  removeTempDirs();
});

describe('credentials.set validates with the exchange before saving', () => {
  it('refuses an unknown key (10003) with a clear sentence and stores nothing', async () => {
    const error = await rejection(
      app.invoke('credentials.set', { ...custom(), apiKey: 'UNKNOWNKEY12345678', apiSecret: 'nope' }),
    );
    expect(error.code).toBe('EXCHANGE_ERROR');
    expect(error.message).toContain('does not recognise this API key');
    expect(error.message).toContain('Nothing was saved');
    expect(await storedRows()).toBe(0);
  });

  it('refuses a key of another environment (a testnet key on mainnet) and stores nothing', async () => {
    const testnetKey = key({ environment: 'testnet' });
    const error = await rejection(app.invoke('credentials.set', { ...custom(), ...testnetKey }));
    expect(error.message).toMatch(/environment they were created in/);
    expect(await storedRows()).toBe(0);
  });

  it('refuses a wrong secret with a sentence about the secret', async () => {
    const good = key();
    const error = await rejection(
      app.invoke('credentials.set', { ...custom(), apiKey: good.apiKey, apiSecret: 'x'.repeat(36) }),
    );
    expect(error.message).toContain('API secret does not belong');
    expect(await storedRows()).toBe(0);
  });

  it('stores a valid trading key: masked, permissions, expiry, and the balance it read', async () => {
    const trading = key({ balanceUsdt: '2500' });
    const status = await app.invoke('credentials.set', { ...custom(), ...trading });
    expect(status.credential).toMatchObject({
      maskedKey: `${trading.apiKey.slice(0, 4)}…${trading.apiKey.slice(-4)}`,
      environment: 'custom',
      customRestUrl: sim.rest,
      monitorOnly: false,
      monitorOnlyReason: null,
      readOnly: false,
      canWithdraw: false,
      permissionsSource: 'query-api',
      ipRestricted: false,
    });
    expect(status.credential!.permissions.ContractTrade).toEqual(['Order', 'Position']);
    expect(Date.parse(status.credential!.expiresAt!)).toBeGreaterThan(Date.now());
    expect(status.check).toMatchObject({
      ok: true,
      totalEquity: '2500',
      account: { accountType: 'UTA2', marginMode: 'REGULAR_MARGIN', note: null },
    });
    const list = await app.invoke('profiles.list', {});
    expect(list.profiles.find((p) => p.id === profileId)?.hasCredentials).toBe(true);
  });

  it('refuses a classic account with how to upgrade, and stores nothing', async () => {
    const before = await storedRows();
    const error = await rejection(
      app.invoke('credentials.set', { ...custom(), ...key({ accountKind: 'classic' }) }),
    );
    expect(error.code).toBe('EXCHANGE_ERROR');
    expect(error.message).toMatch(/classic Bybit account/);
    expect(error.message).toMatch(/Unified Trading Account → Upgrade/);
    expect(await storedRows()).toBe(before);
  });

  it("accepts unified 1.0 and portfolio margin, saying that the margin estimate is Bybit's", async () => {
    const uta1 = await app.invoke('credentials.set', { ...custom(), ...key({ accountKind: 'uta1' }) });
    expect(uta1.check).toMatchObject({
      ok: true,
      account: { accountType: 'UTA1', marginMode: 'REGULAR_MARGIN' },
    });
    const pm = await app.invoke('credentials.set', {
      ...custom(),
      ...key({ marginMode: 'PORTFOLIO_MARGIN' }),
    });
    expect(pm.check).toMatchObject({
      ok: true,
      account: { accountType: 'UTA2', marginMode: 'PORTFOLIO_MARGIN' },
    });
    expect(pm.check?.ok && pm.check.account?.note).toMatch(/Bybit checks every order itself/);
    expect(pm.credential?.monitorOnly).toBe(false);
  });

  it('credentials.get shows the key without its secret, and verify proves it still works', async () => {
    const status = await app.invoke('credentials.get', { verify: true });
    expect(status.profileId).toBe(profileId);
    expect(status.vault).toEqual({ available: true, reason: null });
    expect(status.check).toMatchObject({ ok: true });
  });

  it('saves a read-only key as monitor-only with the reason trading is disabled', async () => {
    const status = await app.invoke('credentials.set', { ...custom(), ...key({ readOnly: true }) });
    expect(status.credential).toMatchObject({ monitorOnly: true, readOnly: true });
    expect(status.credential!.monitorOnlyReason).toContain('read-only');
  });

  it('refuses a key that can withdraw unless confirmed, then keeps it flagged', async () => {
    const before = await app.invoke('credentials.get', {});
    const withdrawing = key({ withdraw: true });
    const refused = await rejection(app.invoke('credentials.set', { ...custom(), ...withdrawing }));
    expect(refused.code).toBe('CONFLICT');
    expect(refused.message).toContain('can withdraw funds');
    expect((await app.invoke('credentials.get', {})).credential).toEqual(before.credential);

    const status = await app.invoke('credentials.set', {
      ...custom(),
      ...withdrawing,
      confirmWithdrawalPermission: true,
    });
    expect(status.credential).toMatchObject({ canWithdraw: true, monitorOnly: false });
    expect(status.credential!.withdrawalConfirmedAt).not.toBeNull();
    expect(status.credential!.warnings.join(' ')).toContain('WITHDRAW');
  });

  it('shows an IP restriction and a near expiry', async () => {
    const expiresAt = new Date(Date.now() + 3 * 86_400_000).toISOString();
    const status = await app.invoke('credentials.set', {
      ...custom(),
      ...key({ ipRestricted: true, expiresAt }),
    });
    expect(status.credential).toMatchObject({ ipRestricted: true, allowedIps: ['127.0.0.1'] });
    expect(status.credential!.expiresAt).toBe(new Date(expiresAt).toISOString());
    const warnings = status.credential!.warnings.join(' ');
    expect(warnings).toContain('127.0.0.1');
    expect(warnings).toContain('expires on');
  });

  it('validates a demo trading key with a signed wallet read (no query-api there)', async () => {
    const demoKey = key({ environment: 'demo' });
    const status = await app.invoke('credentials.set', { ...demo(), ...demoKey });
    expect(status.credential).toMatchObject({ permissionsSource: 'wallet-read', monitorOnly: false });
    expect(status.credential!.warnings.join(' ')).toContain('demo trading cannot report');
    expect(status.check).toMatchObject({ ok: true });
  });

  it('needs base URLs for the custom environment and refuses bad input without storing', async () => {
    const before = await app.invoke('credentials.get', {});
    const reply = await app.call('credentials.set', { environment: 'custom', apiKey: 'a b', apiSecret: '' });
    expect(reply.ok).toBe(false);
    if (!reply.ok) expect(reply.error.code).toBe('INVALID_PAYLOAD');
    const noUrls = await rejection(
      app.invoke('credentials.set', { environment: 'custom', apiKey: 'abc', apiSecret: 'def' }),
    );
    expect(noUrls.message).toContain('REST and a WebSocket base URL');
    expect((await app.invoke('credentials.get', {})).credential).toEqual(before.credential);
  });
});

describe('what is stored, and what never leaves', () => {
  it('keeps the key and secret only as ciphertext bound to the profile', async () => {
    const row = await app
      .databases()
      .user.selectFrom('bybit_credentials')
      .selectAll()
      .where('user_id', '=', profileId)
      .executeTakeFirstOrThrow();
    expect(row.encrypted_api_key[0]).toBe(1); // the vault's version byte
    // Another profile cannot open a copied row: the associated data names the user.
    const other = await app.invoke('profiles.create', { name: 'Copy target', select: false });
    await app
      .databases()
      .user.insertInto('bybit_credentials')
      .values({ ...row, user_id: other.id, permissions: JSON.stringify(row.permissions) })
      .execute();
    const copied = await app.invoke('credentials.get', { profileId: other.id, verify: true });
    expect(copied.check).toMatchObject({ ok: false });
    expect(copied.check && !copied.check.ok && copied.check.message).toContain('copied from another profile');
    await app.invoke('profiles.delete', { id: other.id });
  });

  it('never shows a secret or a full key in replies, events, logs, text columns or files', async () => {
    expect(secrets.length).toBeGreaterThan(10);
    const db = app.databases().user;
    const columns = await sql<{ table_name: string; column_name: string }>`
      SELECT table_name, column_name FROM information_schema.columns
      WHERE table_schema = 'public' AND data_type IN ('text', 'character varying', 'jsonb', 'ARRAY')`.execute(
      db,
    );
    const texts: string[] = [];
    for (const { table_name, column_name } of columns.rows) {
      const values = await sql<{
        v: string | null;
      }>`SELECT ${sql.ref(column_name)}::text AS v FROM ${sql.table(table_name)}`.execute(db);
      texts.push(...values.rows.map((r) => r.v ?? ''));
    }
    expect(columns.rows.length).toBeGreaterThan(10);
    const files = readdirSync(dataDir)
      .map((name) => join(dataDir, name))
      .filter((path) => statSync(path).isFile())
      .map((path) => readFileSync(path, 'utf8'));
    expect(files.length).toBeGreaterThan(0);
    const haystacks = { replies: app.replyFrames, events: app.eventFrames, logs: app.logLines, texts, files };
    for (const [where, list] of Object.entries(haystacks)) {
      const all = list.join('\n');
      for (const secret of secrets) expect(all.includes(secret), `${where} contain a secret`).toBe(false);
      expect(all.includes(passphrase), `${where} contain the passphrase`).toBe(false);
    }
  });

  it('removes the key', async () => {
    const status = await app.invoke('credentials.delete', {});
    expect(status.credential).toBeNull();
    expect(await storedRows()).toBe(0);
  });
});

describe('across restarts', () => {
  it('opens the stored key after a restart with the same passphrase', async () => {
    await app.invoke('credentials.set', { ...custom(), ...key() });
    await app.stop();
    app = await startTestCore({ dataDir, env });
    const status: CredentialStatus = await app.invoke('credentials.get', { verify: true });
    expect(status.check).toMatchObject({ ok: true });
  });

  it('with a wrong passphrase refuses clearly: the database password is sealed too', async () => {
    await app.stop();
    app = await startTestCore({ dataDir, env: { SYNTHEX_VAULT_PASSPHRASE: 'not the right passphrase' } });
    const error = await rejection(app.invoke('profiles.list', {}));
    expect(error.code).toBe('UNAVAILABLE');
    expect(error.message).toContain('does not match the one the vault was created with');
  });

  it('without a passphrase on a fresh data dir: profiles work, credentials say what to set', async () => {
    await app.stop();
    app = await startTestCore({ dataDir: makeTempDir('synthex-no-passphrase-'), env: {} });
    const profile = await app.invoke('profiles.create', { name: 'No vault' });
    const status = await app.invoke('credentials.get', {});
    expect(status).toMatchObject({ profileId: profile.id, credential: null, vault: { available: false } });
    expect(status.vault.reason).toContain('SYNTHEX_VAULT_PASSPHRASE');
    const refused = await rejection(app.invoke('credentials.set', { ...custom(), ...key() }));
    expect(refused.code).toBe('UNAVAILABLE');
    expect(refused.message).toContain('Set the environment variable SYNTHEX_VAULT_PASSPHRASE');
  });
});
