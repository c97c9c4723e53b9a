import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { startHeadlessApp, type RunningApp } from './headless-app';

/** The revision this build migrates each database to (the rendered manifest's head). */
const head = (database: 'user_data' | 'general_data'): string =>
  (
    JSON.parse(readFileSync(join('resources', 'migrations', database, 'manifest.json'), 'utf8')) as {
      head: string;
    }
  ).head;

let app: RunningApp;
const consoleErrors: string[] = [];

test.beforeAll(async () => {
  app = await startHeadlessApp();
});

test.afterAll(async () => {
  // SIGTERM must stop headless mode cleanly.
  expect(await app.stop()).toBe(0);
});

test.beforeEach(({ page }) => {
  consoleErrors.length = 0;
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(error.message));
});

test('the printed URL opens the app and the System page shows live status', async ({ page }) => {
  expect(app.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+$/);
  await page.goto(app.url);
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  await expect(page.getByText('Connected', { exact: true })).toBeVisible();

  // Keyboard navigation: Ctrl+5 opens System.
  await page.keyboard.press('Control+5');
  await expect(page.getByRole('heading', { name: 'System', level: 1 })).toBeVisible();
  const poller = page.getByRole('region', { name: 'Universe poller' });
  await expect(poller.getByText('ready')).toBeVisible();
  await expect(page.getByRole('region', { name: 'Application' })).toContainText('Headless (browser)');
  await expect(page.getByRole('region', { name: 'Application' })).toContainText(app.dataDir);

  // Both databases: the embedded cluster, migrated to this build's head by the app's migrator.
  const databases = page.getByRole('region', { name: 'Databases' });
  await expect(databases.getByRole('row', { name: /User Data/ })).toContainText('embedded');
  await expect(databases.getByRole('row', { name: /User Data/ })).toContainText('reachable');
  await expect(databases.getByRole('row', { name: /User Data/ })).toContainText(head('user_data'));
  await expect(databases.getByRole('row', { name: /General Data/ })).toContainText(head('general_data'));
  await expect(databases.getByText('unreachable')).toHaveCount(0);

  // Live: kill the poller behind the app's back; the page shows the restart without a reload.
  const pid = Number(await poller.locator('dd').first().textContent());
  expect(pid).toBeGreaterThan(0);
  process.kill(pid, 'SIGKILL');
  await expect(poller.locator('.fact', { hasText: 'Restarts' })).toContainText('1');
  await expect(poller.locator('.fact', { hasText: 'Last exit' })).toContainText(
    'exited with code null (killed)',
  );
  await expect(poller.getByText('ready')).toBeVisible();
  await page.screenshot({ path: 'test-results/system-page.png', fullPage: true });
  expect(consoleErrors).toEqual([]);
});

test('settings are validated, saved, and survive a reload', async ({ page }) => {
  await page.goto(app.url + '#/settings');
  await page.getByLabel('Environment').selectOption('custom');
  await page.getByRole('button', { name: 'Save settings' }).click();
  // Checked before anything is sent: each missing URL is named beside its field.
  await expect(page.locator('#customRestUrl-error')).toHaveText('required for the custom environment');
  await expect(page.locator('#customWsUrl-error')).toHaveText('required for the custom environment');
  await expect(page.getByRole('alert')).toContainText('Check the marked fields.');

  await page.getByLabel('Environment').selectOption('testnet');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();

  await page.reload();
  await expect(page.getByLabel('Environment')).toHaveValue('testnet');
  await page.goto(app.url + '#/system');
  await expect(page.getByRole('region', { name: 'Exchange' })).toContainText('api-testnet.bybit.com');
  expect(consoleErrors).toEqual([]);
});

test('the page and the socket refuse visitors without the token', async ({ page, request }) => {
  const origin = new URL(app.url).origin;
  // The page is only a shell (the data comes over the socket): with a wrong token it is refused, and
  // without one it asks for the printed address.
  expect((await request.get(origin + '/?token=wrong')).status()).toBe(403);
  await page.goto(origin + '/');
  await expect(page.getByRole('alert')).toContainText('Open the address printed in the terminal.');
  const refused = await page.evaluate(
    (wsUrl) =>
      new Promise<boolean>((resolve) => {
        const ws = new WebSocket(wsUrl);
        ws.onopen = () => resolve(false);
        ws.onerror = () => resolve(true);
      }),
    origin.replace('http', 'ws') + '/ws',
  );
  expect(refused).toBe(true);
});
