import { expect, type Page } from '@playwright/test';
import type { Simulator } from '../sim';
import type { RunningApp } from './headless-app';

/** Headless mode pointed at the simulator, as the README's command sets it up. */
export const simulatorEnv = (sim: Simulator): Record<string, string> => ({
  SYNTHEX_BYBIT_ENV: 'custom',
  SYNTHEX_BYBIT_REST_URL: sim.rest,
  SYNTHEX_BYBIT_WS_URL: sim.ws,
  SYNTHEX_COINGECKO_URL: sim.coingecko,
  SYNTHEX_VAULT_PASSPHRASE: 'e2e vault passphrase',
});

/** The first-run flow a trader goes through: a profile, the simulator's environment, a funded trading key. */
export async function createTradingProfile(
  page: Page,
  app: RunningApp,
  key: { apiKey: string; apiSecret: string },
): Promise<void> {
  await page.goto(app.url);
  await page.getByLabel('Profile name').fill('Trader');
  await page.getByRole('button', { name: 'Create profile' }).click();
  await expect(page.getByRole('radio', { name: /Custom URL/ })).toBeChecked();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByLabel('API key').fill(key.apiKey);
  await page.getByLabel('API secret').fill(key.apiSecret);
  await page.getByRole('button', { name: 'Validate and save' }).click();
  await expect(page.getByText('The key is validated and stored')).toBeVisible();
  await page.getByRole('button', { name: 'Go to the dashboard' }).click();
  await expect(page.getByRole('region', { name: 'Account' })).toContainText('trading enabled');
}
