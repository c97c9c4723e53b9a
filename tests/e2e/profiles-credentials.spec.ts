import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { sql } from 'kysely';
import { fileDataKeyStore } from '../../electron/core/vault/file-data-key-store';
import { passphraseKeyProtector } from '../../electron/core/vault/passphrase-key-protector';
import { vaultKeys } from '../../electron/core/vault/vault-keys';
import { openDatabases } from '../../electron/core/db';
import { protectedPasswordStore } from '../../electron/core/db/protected-password-store';
import { silentLogger } from '../../electron/core/util/logger';
import { startSimulator, type Simulator } from '../sim';
import { startHeadlessApp, type RunningApp } from './headless-app';

/**
 * The first-run flow in headless mode against the Bybit simulator: profile → environment → key →
 * validated → ready; a restart keeps the key working. Every WebSocket frame the browser receives, every
 * file in the data directory and every text column of the User Data DB is scanned for the secret and key.
 */
const passphrase = 'e2e vault passphrase';
let sim: Simulator;
let app: RunningApp | null = null;
let dataDir: string;
let env: Record<string, string>;
let secret: { apiKey: string; apiSecret: string };
/** Every frame the server sent to any page during this file's run. */
const received: string[] = [];

test.beforeAll(async () => {
  sim = await startSimulator({ tickIntervalMs: 0 });
  secret = sim.control.createKey({ balanceUsdt: '1234.5' });
  env = {
    SYNTHEX_BYBIT_ENV: 'custom',
    SYNTHEX_BYBIT_REST_URL: sim.rest,
    SYNTHEX_BYBIT_WS_URL: sim.ws,
    SYNTHEX_COINGECKO_URL: sim.coingecko,
    SYNTHEX_VAULT_PASSPHRASE: passphrase,
  };
  app = await startHeadlessApp({ env });
  dataDir = app.dataDir;
});

test.afterAll(async () => {
  if (app) await app.stop();
  await sim?.close();
});

function record(page: Page): void {
  page.on('websocket', (socket) => {
    socket.on('framereceived', (frame) => received.push(String(frame.payload)));
  });
}

const masked = () => `${secret.apiKey.slice(0, 4)}…${secret.apiKey.slice(-4)}`;

test('first run: create a profile, choose the environment, paste a key, get it validated', async ({
  page,
}) => {
  record(page);
  await page.goto(app!.url);
  await expect(page.getByRole('heading', { name: 'Set up Synthex' })).toBeVisible();

  // Bad input is refused with a clear message and nothing is created.
  await page.getByRole('button', { name: 'Create profile' }).click();
  await expect(page.getByText('enter a name')).toBeVisible();
  await page.getByLabel('Profile name').fill('Main');
  await page.getByLabel('Email (optional)').fill('trader@example.com');
  await page.getByRole('button', { name: 'Create profile' }).click();

  await expect(page.getByRole('heading', { name: 'Where is your Bybit API key from?' })).toBeVisible();
  // SYNTHEX_BYBIT_ENV=custom makes the simulator's URLs the default choice.
  await expect(page.getByRole('radio', { name: /Custom URL/ })).toBeChecked();
  await expect(page.getByLabel('REST base URL')).toHaveValue(sim.rest);
  await page.getByRole('button', { name: 'Continue' }).click();

  // A key Bybit does not know: a clear error, nothing stored.
  await page.getByLabel('API key').fill('NOTAREALKEY1234567');
  await page.getByLabel('API secret').fill('not-a-real-secret');
  await page.getByRole('button', { name: 'Validate and save' }).click();
  await expect(page.getByRole('alert')).toContainText('does not recognise this API key');
  await page.screenshot({ path: 'test-results/first-run-key-refused.png', fullPage: true });

  await page.getByLabel('API key').fill(secret.apiKey);
  await page.getByLabel('API secret').fill(secret.apiSecret);
  await page.getByRole('button', { name: 'Validate and save' }).click();
  await expect(page.getByRole('heading', { name: 'Ready' })).toBeVisible();
  await expect(page.getByText('The key is validated and stored')).toBeVisible();
  await expect(page.getByText(masked())).toBeVisible();
  await expect(page.getByText('equity 1,234.50 USDT')).toBeVisible();
  await page.screenshot({ path: 'test-results/first-run-validated.png', fullPage: true });
  await page.getByRole('button', { name: 'Go to the dashboard' }).click();

  const account = page.getByRole('region', { name: 'Account' });
  await expect(account).toContainText(`${masked()} · trading enabled`);
  await expect(page.getByLabel('Profile', { exact: true })).toHaveValue(/\d+/);
  await page.screenshot({ path: 'test-results/first-run-ready.png', fullPage: true });
});

test('after a restart the profile is still active and the key still works', async ({ page }) => {
  expect(await app!.stop()).toBe(0);
  app = await startHeadlessApp({ dataDir, env });
  record(page);
  await page.goto(app.url);
  await expect(page.getByRole('heading', { name: 'Dashboard', level: 1 })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Account' })).toContainText('Main');
  await expect(page.getByRole('region', { name: 'Account' })).toContainText(masked());

  await page.goto(app.url + '#/settings');
  const keyPanel = page.getByRole('region', { name: 'Bybit API key' });
  await expect(keyPanel).toContainText(masked());
  await keyPanel.getByRole('button', { name: 'Check key now' }).click();
  await expect(keyPanel.getByText('The key works')).toBeVisible();
  await page.screenshot({ path: 'test-results/settings-account.png', fullPage: true });

  // Rotating the data key asks first, re-encrypts the stored key, and the key keeps working.
  const encryption = page.getByRole('region', { name: 'Encryption key' });
  await encryption.getByRole('button', { name: 'Rotate encryption key…' }).click();
  await encryption
    .getByRole('group', { name: 'Confirm key rotation' })
    .getByRole('button', { name: 'Rotate now' })
    .click();
  await expect(encryption.getByRole('status')).toContainText('1 stored API key re-encrypted');
  await keyPanel.getByRole('button', { name: 'Check key now' }).click();
  await expect(keyPanel.getByText('The key works')).toBeVisible();

  // Removing asks first; cancelling keeps the key.
  await keyPanel.getByRole('button', { name: 'Remove key…' }).click();
  await expect(keyPanel.getByRole('group', { name: 'Confirm removal' })).toBeVisible();
  await keyPanel.getByRole('button', { name: 'Cancel' }).click();
  await expect(keyPanel).toContainText(masked());

  // Saving settings writes settings.json, which the leak scan below then reads.
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
});

test('the secret and the full key never leave the core, nor sit in plain text on disk', async () => {
  expect(await app!.stop()).toBe(0);
  app = null;
  expect(received.length).toBeGreaterThan(5);
  const frames = received.join('\n');
  expect(frames).toContain(masked());
  for (const value of [secret.apiSecret, secret.apiKey, passphrase]) expect(frames).not.toContain(value);

  // Every file under the data directory, byte for byte: settings.json, the vault key file, the
  // sealed database password, and the cluster's table and WAL files.
  const needles = [secret.apiSecret, secret.apiKey, passphrase].map((value) => Buffer.from(value));
  const files = listFiles(dataDir);
  expect(files.some((file) => file.endsWith('vault-key.json'))).toBe(true);
  expect(files.some((file) => file.endsWith('settings.json'))).toBe(true);
  for (const file of files) {
    const bytes = readFileSync(file);
    for (const needle of needles) expect(bytes.includes(needle), `${file} holds a secret`).toBe(false);
  }

  // Every text column of the User Data DB, opened the way the app opens it.
  const vault = vaultKeys({
    protector: passphraseKeyProtector({ env }),
    store: fileDataKeyStore(join(dataDir, 'vault-key.json')),
    settleRotation: async () => false,
  });
  const dbs = await openDatabases({
    dataDir,
    migrationsDir: join(process.cwd(), 'resources', 'migrations'),
    logger: silentLogger,
    passwordStore: protectedPasswordStore({ dataDir, vault, logger: silentLogger }),
  });
  try {
    const columns = await sql<{ table_name: string; column_name: string }>`
      SELECT table_name, column_name FROM information_schema.columns
      WHERE table_schema = 'public' AND data_type IN ('text', 'character varying', 'jsonb', 'ARRAY')`.execute(
      dbs.user,
    );
    const texts: string[] = [];
    for (const { table_name, column_name } of columns.rows) {
      const rows = await sql<{
        v: string | null;
      }>`SELECT ${sql.ref(column_name)}::text AS v FROM ${sql.table(table_name)}`.execute(dbs.user);
      texts.push(...rows.rows.map((row) => row.v ?? ''));
    }
    expect(texts).toContain(masked());
    for (const text of texts) {
      expect(text).not.toContain(secret.apiSecret);
      expect(text).not.toContain(secret.apiKey);
    }
  } finally {
    await dbs.close();
  }
});

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    const stats = statSync(path, { throwIfNoEntry: false });
    if (!stats) return [];
    return stats.isDirectory() ? listFiles(path) : stats.isFile() ? [path] : [];
  });
}
