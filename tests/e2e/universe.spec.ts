import { expect, test } from '@playwright/test';
import { startSimulator, type Simulator } from '../sim';
import { startHeadlessApp, type RunningApp } from './headless-app';

/**
 * The universe from the browser: headless mode pointed at both simulators, a refresh with its
 * progress, the snapshot table, and a poller killed in the middle of a run.
 */
let sim: Simulator;
let app: RunningApp;

test.beforeAll(async () => {
  sim = await startSimulator({ tickIntervalMs: 0 });
  app = await startHeadlessApp({
    env: {
      SYNTHEX_BYBIT_ENV: 'custom',
      SYNTHEX_BYBIT_REST_URL: sim.rest,
      SYNTHEX_BYBIT_WS_URL: sim.ws,
      SYNTHEX_COINGECKO_URL: sim.coingecko,
    },
  });
});

test.afterAll(async () => {
  expect(await app.stop()).toBe(0);
  await sim.close();
});

test('refresh from the browser, watch its progress, read the table', async ({ page }) => {
  await page.goto(app.url + '#/universe');
  // The start-up refresh fills today's snapshot on its own.
  const table = page.getByRole('table', { name: 'Universe snapshot' });
  await expect(table.getByRole('row', { name: /BTCUSDT/ })).toBeVisible({ timeout: 20_000 });

  // Slow the simulators down so the progress of a manual refresh can be watched.
  sim.control.setLatency(800); // about 4 s for the whole run: time enough to see it under way on a loaded machine
  await page.getByRole('button', { name: 'Refresh now' }).click();
  const progress = page.getByRole('progressbar', { name: 'Refresh progress' });
  await expect(progress).toBeVisible();
  await expect(page.getByRole('button', { name: 'Refresh now' })).toBeDisabled();
  await expect(progress).toHaveAttribute('aria-valuenow', /[1-9]/);
  sim.control.setLatency(0);
  await expect(page.getByRole('button', { name: 'Refresh now' })).toBeEnabled({ timeout: 20_000 });
  await expect(page.getByRole('region', { name: 'Last refresh' })).toContainText(/manual/i);

  // Rank gaps are explained where the ranks are.
  await expect(page.getByText(/Gaps are coins that are not here: stablecoins/)).toBeVisible();

  // CoinGecko answers 500: the bar says it waits and why, instead of standing still.
  sim.control.coingeckoFailNext(500, 2); // 1 s, then 2 s of back-off, then the page answers
  await page.getByRole('button', { name: 'Refresh now' }).click();
  await expect(page.getByRole('progressbar', { name: 'Refresh progress' })).toHaveAttribute(
    'aria-valuetext',
    /Waiting \d+ s before retry \(CoinGecko 500\)/,
  );
  await expect(page.getByRole('button', { name: 'Refresh now' })).toBeEnabled({ timeout: 20_000 });
  await expect(page.getByRole('region', { name: 'Last refresh' })).toContainText('succeeded');
  await expect(page.getByRole('region', { name: 'Latest snapshot' })).not.toContainText('at most');

  // Search and sort.
  await page.getByLabel('Search').fill('pepe');
  await expect(table.getByRole('row', { name: /1000PEPEUSDT/ })).toBeVisible();
  await expect(table.getByRole('row', { name: /BTCUSDT/ })).toHaveCount(0);
  await page.getByLabel('Search').fill('');
  await table.getByRole('button', { name: /Rank/ }).click();
  await page.screenshot({ path: 'test-results/universe-page.png', fullPage: false });
});

test('a poller killed mid-refresh: the page says so, the host restarts it, the next run succeeds', async ({
  page,
}) => {
  await page.goto(app.url + '#/system');
  const poller = page.getByRole('region', { name: 'Universe poller' });
  await expect(poller.getByText('ready')).toBeVisible();
  const pid = Number(await poller.locator('dd').first().textContent());

  await page.goto(app.url + '#/universe');
  sim.control.setLatency(1_000);
  await page.getByRole('button', { name: 'Refresh now' }).click();
  await expect(page.getByRole('progressbar', { name: 'Refresh progress' })).toBeVisible();
  process.kill(pid, 'SIGKILL');
  const lastRefresh = page.getByRole('region', { name: 'Last refresh' });
  await expect(lastRefresh).toContainText('poller process stopped during the refresh', { timeout: 20_000 });
  sim.control.setLatency(0);

  await page.goto(app.url + '#/system');
  await expect(poller.locator('.fact', { hasText: 'Restarts' })).toContainText('1');
  await expect(poller.getByText('ready')).toBeVisible();

  await page.goto(app.url + '#/universe');
  await page.getByRole('button', { name: 'Refresh now' }).click();
  await expect(lastRefresh).toContainText(/succeeded|assets/i, { timeout: 20_000 });
  await expect(lastRefresh).not.toContainText('poller process stopped');
});
