import { expect, test } from '@playwright/test';
import { startSimulator, type Simulator } from '../sim';
import { startHeldExchange, type HeldExchange } from '../support/held-exchange';
import { startHeadlessApp, type RunningApp } from './headless-app';

/**
 * The universe from the browser: headless mode pointed at both simulators, a refresh with its
 * progress, the snapshot table, and a poller killed in the middle of a run. CoinGecko is reached through a
 * pass-through that can hold its answers, so a run is watched while it is provably under way (Bybit's
 * two steps done, the ranks outstanding) rather than while a latency happens to last.
 */
let sim: Simulator;
let coingecko: HeldExchange;
let app: RunningApp;

test.beforeAll(async () => {
  sim = await startSimulator({ tickIntervalMs: 0 });
  coingecko = await startHeldExchange(sim.coingecko);
  app = await startHeadlessApp({
    env: {
      SYNTHEX_BYBIT_ENV: 'custom',
      SYNTHEX_BYBIT_REST_URL: sim.rest,
      SYNTHEX_BYBIT_WS_URL: sim.ws,
      SYNTHEX_COINGECKO_URL: coingecko.url,
    },
  });
});

test.afterAll(async () => {
  expect(await app.stop()).toBe(0);
  await coingecko.close();
  await sim.close();
});

test('refresh from the browser, watch its progress, read the table', async ({ page }) => {
  await page.goto(app.url + '#/universe');
  // The start-up refresh fills today's snapshot on its own.
  const table = page.getByRole('table', { name: 'Universe snapshot' });
  await expect(table.getByRole('row', { name: /BTCUSDT/ })).toBeVisible({ timeout: 20_000 });

  // CoinGecko's answers wait until released: the run is under way for as long as the test looks at it.
  coingecko.hold('/');
  await page.getByRole('button', { name: 'Refresh now' }).click();
  const progress = page.getByRole('progressbar', { name: 'Refresh progress' });
  await expect(progress).toBeVisible();
  await expect(page.getByRole('button', { name: 'Refresh now' })).toBeDisabled();
  await expect(progress).toHaveAttribute('aria-valuenow', /[1-9]/);
  coingecko.release();
  await expect(page.getByRole('button', { name: 'Refresh now' })).toBeEnabled({ timeout: 20_000 });
  await expect(page.getByRole('region', { name: 'Last refresh' })).toContainText(/manual/i);

  // Rank gaps are explained where the ranks are.
  await expect(page.getByText(/Gaps are coins that are not here: stablecoins/)).toBeVisible();

  // CoinGecko answers 500: the bar says it waits and why, instead of standing still. The 500s reach the
  // app; its retries are held, so the bar is read while the wait is provably still on (a back-off of
  // 1 s was over before a loaded machine looked).
  coingecko.hold('/');
  sim.control.coingeckoFailNext(500, 2);
  await page.getByRole('button', { name: 'Refresh now' }).click();
  await expect.poll(() => coingecko.held()).toBeGreaterThan(0);
  coingecko.release();
  coingecko.hold('/');
  await expect(page.getByRole('progressbar', { name: 'Refresh progress' })).toHaveAttribute(
    'aria-valuetext',
    /Waiting \d+ s before retry \(CoinGecko 500\)/,
  );
  coingecko.release();
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
  coingecko.hold('/');
  await page.getByRole('button', { name: 'Refresh now' }).click();
  await expect(page.getByRole('progressbar', { name: 'Refresh progress' })).toBeVisible();
  await expect.poll(() => coingecko.held()).toBeGreaterThan(0);
  process.kill(pid, 'SIGKILL');
  const lastRefresh = page.getByRole('region', { name: 'Last refresh' });
  await expect(lastRefresh).toContainText('poller process stopped during the refresh', { timeout: 20_000 });
  coingecko.release();

  await page.goto(app.url + '#/system');
  await expect(poller.locator('.fact', { hasText: 'Restarts' })).toContainText('1');
  await expect(poller.getByText('ready')).toBeVisible();

  await page.goto(app.url + '#/universe');
  await page.getByRole('button', { name: 'Refresh now' }).click();
  await expect(lastRefresh).toContainText(/succeeded|assets/i, { timeout: 20_000 });
  await expect(lastRefresh).not.toContainText('poller process stopped');
});
