import { expect, test } from '@playwright/test';
import { startHeadlessApp, type RunningApp } from './headless-app';

/** Headless mode does not update itself and logs to stderr: Settings and System say so. */
let app: RunningApp;

test.beforeAll(async () => {
  app = await startHeadlessApp();
});

test.afterAll(async () => {
  expect(await app.stop()).toBe(0);
});

test('Settings → Updates shows the channel, this version and why updates are off', async ({ page }) => {
  await page.goto(app.url + '#/settings');
  const updates = page.getByRole('region', { name: 'Updates' });
  await expect(updates.getByRole('status')).toContainText('Off: Headless mode does not update itself');
  await expect(updates).toContainText('This version');
  await expect(updates).toContainText('never'); // no check was made
  await expect(updates.getByRole('button', { name: 'Check now' })).toBeDisabled();

  // The channel is a setting: it is saved at once and survives a reload.
  await updates.getByLabel('Channel').selectOption('beta');
  await expect(updates.getByLabel('Channel')).toHaveValue('beta');
  await page.reload();
  await expect(page.getByRole('region', { name: 'Updates' }).getByLabel('Channel')).toHaveValue('beta');
});

test('System shows the updater state and where the logs go', async ({ page }) => {
  await page.goto(app.url + '#/system');
  await expect(page.getByRole('region', { name: 'Updates' })).toContainText(
    'Headless mode does not update itself',
  );
  const logs = page.getByRole('region', { name: 'Logs' });
  await expect(logs).toContainText('standard error (JSON lines)');
  await expect(logs.getByRole('button', { name: 'Open logs folder' })).toHaveCount(0); // desktop only
});
