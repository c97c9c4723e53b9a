import { expect, test, type Page } from '@playwright/test';
import { pages } from '../../renderer/src/store/navigation';
import { startHeadlessApp, type RunningApp } from './headless-app';

/**
 * A new user's first minutes with no network and no vault passphrase (the plain `npm run serve`):
 * bad input gets field-level messages in words, the flow says before any key is pasted that keys
 * cannot be stored yet, the unreachable exchange is said (with the demo and simulator offered), and no
 * page ever shows the contract's raw "Invalid payload" or zod's "Invalid input".
 */
test.setTimeout(120_000);

let app: RunningApp;
test.beforeAll(async () => {
  app = await startHeadlessApp();
});
test.afterAll(async () => {
  expect(await app.stop()).toBe(0);
});

const rawErrors = /Invalid payload|Invalid input/;

async function expectNoRawErrors(page: Page): Promise<void> {
  await expect(page.locator('body')).not.toContainText(rawErrors);
}

/** The message shown beside a field (Field's error element, which the input names as its description). */
const fieldError = (page: Page, id: string) => page.locator(`#${id}-error`);

test('field-level messages in words, and what cannot work yet said before it is tried', async ({ page }) => {
  await page.goto(app.url);

  // Profile: an empty name and a bad email, each refused beside its field.
  await page.getByLabel('Email (optional)').fill('not-an-email');
  await page.getByRole('button', { name: 'Create profile' }).click();
  await expect(fieldError(page, 'profileName')).toHaveText('enter a name');
  await expect(fieldError(page, 'profileEmail')).toHaveText('not an email address');
  await expect(page.getByLabel('Profile name')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('Profile name')).toHaveAttribute('aria-describedby', 'profileName-error');
  await expectNoRawErrors(page);
  // A name with an invisible character (a bidi isolate, pasted along) is refused by the core, at the field.
  await page.getByLabel('Profile name').fill('\u2067Main');
  await page.getByLabel('Email (optional)').fill('');
  await page.getByRole('button', { name: 'Create profile' }).click();
  await expect(fieldError(page, 'profileName')).toContainText('invisible or control character U+2067');
  await expectNoRawErrors(page);
  await page.getByLabel('Profile name').fill('Main');
  await page.getByRole('button', { name: 'Create profile' }).click();

  // Environment: before any key field exists, the flow says keys cannot be stored yet, and why.
  await expect(page.getByRole('heading', { name: 'Where is your Bybit API key from?' })).toBeVisible();
  await expect(page.getByRole('note')).toContainText('API keys cannot be stored yet');
  await expect(page.getByRole('note')).toContainText('SYNTHEX_VAULT_PASSPHRASE');
  await expect(page.getByRole('textbox', { name: 'API key', exact: true })).toHaveCount(0);
  // No network here: mainnet is said to be unreachable, and the ways to try Synthex without it offered.
  const offline = page.getByRole('alert').filter({ hasText: 'Bybit Mainnet is unreachable' });
  await expect(offline).toBeVisible({ timeout: 30_000 });
  await expect(offline.getByRole('button', { name: 'Use the local simulator' })).toBeVisible();
  await expect(offline.getByRole('button', { name: 'Use demo trading' })).toBeVisible();

  // A garbage custom URL is refused where it is typed, not at the key step.
  await page.getByRole('radio', { name: /Custom URL/ }).check();
  await page.getByLabel('REST base URL').fill('htp:/garbage url');
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(fieldError(page, 'customRestUrl')).toHaveText('must be an http(s):// URL');
  await expect(fieldError(page, 'customWsUrl')).toHaveText('required for the custom environment');
  await expect(page.getByRole('heading', { name: 'Where is your Bybit API key from?' })).toBeVisible();
  await page.getByLabel('REST base URL').fill('http://127.0.0.1:9100');
  await expect(fieldError(page, 'customRestUrl')).toHaveCount(0);
  await page.screenshot({ path: 'test-results/first-run-environment-checked.png', fullPage: true });
  await offline.getByRole('button', { name: 'Use the local simulator' }).click();
  await expect(page.getByLabel('WebSocket base URL')).toHaveValue('ws://127.0.0.1:9100');
  await page.getByRole('button', { name: 'Continue' }).click();

  // Key step: the form is there but disabled, with the reason, so nothing is pasted in vain.
  await expect(page.getByRole('heading', { name: 'Paste the API key and secret' })).toBeVisible();
  await expect(page.getByRole('alert').filter({ hasText: 'API keys cannot be stored yet' })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'API key', exact: true })).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Validate and save' })).toBeDisabled();
  await expect(page.getByText('Checked against Custom URL (http://127.0.0.1:9100)')).toBeVisible();
  await page.getByRole('button', { name: 'Add the key later' }).click();

  // Dashboard and the status bar: nothing listens at the chosen address, and both say so.
  await expect(page.getByRole('heading', { name: 'Dashboard', level: 1 })).toBeVisible();
  await expect(page.getByRole('alert').filter({ hasText: 'Bybit Custom URL is unreachable' })).toBeVisible({
    timeout: 30_000,
  });
  await expect(page.getByRole('contentinfo', { name: 'Status' })).toContainText('unreachable');

  // Settings: the environment chosen in the first run is the one Settings show (they own it).
  await page.goto(app.url + '#/settings');
  await expect(page.getByLabel('Environment')).toHaveValue('custom');
  await page.locator('#customRestUrl').fill('htp:/garbage url');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(fieldError(page, 'customRestUrl')).toHaveText('must be an http(s):// URL');
  await expect(page.getByRole('alert').filter({ hasText: 'Check the marked field' })).toBeVisible();
  // A server-side refusal lands beside its field as well.
  await page.getByLabel('Email (optional)').fill('still-not-an-email');
  await page.getByRole('button', { name: 'Save profile' }).click();
  await expect(fieldError(page, 'editProfileEmail')).toHaveText('not an email address');
  await expectNoRawErrors(page);
  // Every alert's feature is built: nothing is marked as coming, and every alert setting is live.
  await expect(page.getByLabel('Drift warnings')).toBeEnabled();
  await expect(page.getByText('Coming: this setting takes effect once the feature is built.')).toHaveCount(0);
  await expect(page.getByLabel('Position PnL beyond ± % of its size')).toBeEnabled();
  await expect(page.getByLabel('Total PnL beyond ± USDT')).toBeEnabled();
  await expect(page.getByLabel('Pause alerts')).toBeEnabled();
  await page.screenshot({ path: 'test-results/settings-field-errors.png', fullPage: true });

  // Every page, read whole: none shows the contract's or zod's raw wording.
  for (const { id, label } of pages) {
    await page.goto(`${app.url}#/${id}`);
    await expect(page.getByRole('heading', { name: label, level: 1 })).toBeVisible();
    await expectNoRawErrors(page);
  }
});
