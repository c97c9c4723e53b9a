import { mkdirSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { confirmOpening, newPositionPage } from './open-position';
import { useTradingSession } from './trading-session';

/**
 * The trader's cockpit in the browser against the simulator (no price walk: every mark is one the test
 * set): the New position funding carry, the Dashboard's account strip following a price move, the
 * position's live legs and its NAV chart against BTC, the Universe's funding column. The screenshots are
 * the README's (docs/screenshots, written there with SYNTHEX_UPDATE_SCREENSHOTS=1).
 */
test.setTimeout(180_000);
test.use({ viewport: { width: 1440, height: 1000 } });

// The README's screenshots are refreshed on demand (SYNTHEX_UPDATE_SCREENSHOTS=1); a plain run keeps the tree clean.
const shots = process.env.SYNTHEX_UPDATE_SCREENSHOTS === '1' ? 'docs/screenshots' : 'test-results';
const session = useTradingSession(test, {
  simulator: { tickIntervalMs: 0 },
  beforeApp: (sim) => {
    sim.control.setPrice('BTCUSDT', '100000');
    // One coin on hourly funding, as Bybit moves a contract whose rate hits its cap.
    sim.control.setFundingInterval('DOGEUSDT', 1);
  },
});

test.beforeAll(() => mkdirSync(shots, { recursive: true }));

const legRows = (page: Page) =>
  page.getByRole('table', { name: 'Leg figures', exact: true }).locator('tbody').getByRole('row');

test('account strip, live legs, NAV against BTC, funding carry and the Universe funding column', async ({
  page,
}) => {
  // New position: the basket's funding carry at today's rates, before anything is sent.
  await newPositionPage(page, session.app);
  await expect(page.getByTestId('funding-carry')).toContainText(/USDT a year \([\d.,]+ % of the size\)/, {
    timeout: 20_000,
  });
  const { id } = await confirmOpening(page);

  // Dashboard: the account strip; its unrealised figure follows a price move.
  await page.goto(`${session.app.url}#/dashboard`);
  const strip = page.getByRole('region', { name: 'Equity and margin' });
  await expect(strip.getByTestId('account-equity')).toContainText('USDT', { timeout: 20_000 });
  await expect(strip.getByTestId('account-margin')).toContainText('%');
  await expect(strip).toContainText('UNIFIED · cross margin');
  const unrealized = strip.getByTestId('account-unrealized');
  const before = await unrealized.textContent();
  session.sim.control.setPrice('BTCUSDT', '90000');
  session.sim.control.publishTickers();
  await expect(unrealized).not.toHaveText(before!, { timeout: 10_000 });
  await expect(unrealized.locator('.pnl-down')).toBeVisible();
  // Then the open positions, each with its PnL in USDT and in % of its size.
  await expect(page.getByRole('region', { name: 'Synthetic positions' })).toContainText(
    /-[\d.]+\s+\(-[\d.]+ %\)/,
  );
  await page.screenshot({ path: `${shots}/cockpit-dashboard.png`, fullPage: false });

  // Position page: the legs' live columns, sortable, the worst leg marked, and the NAV chart with BTC.
  await page.goto(`${session.app.url}#/positions/${id}`);
  const legs = page.getByRole('table', { name: 'Leg figures', exact: true });
  for (const column of [
    'Mark',
    'Unrealised (USDT)',
    'Unrealised %',
    'Weight now / target',
    'Liq. price',
    'To liq.',
    'Funding paid',
    'Fees',
  ])
    await expect(legs.getByRole('button', { name: column, exact: true })).toBeVisible();
  const btcRow = legRows(page).filter({ hasText: 'BTCUSDT' });
  await expect(btcRow).toContainText('90,000', { timeout: 10_000 });
  // BTC fell 10 %: the biggest loser, first under the default sort and marked.
  await expect(legRows(page).first()).toContainText('BTCUSDT');
  await expect(btcRow).toHaveClass(/worst-leg/);
  await legs.getByRole('button', { name: 'Unrealised (USDT)', exact: true }).click();
  await expect(legRows(page).last()).toContainText('BTCUSDT');
  const performance = page.getByRole('region', { name: 'Performance of the position' });
  await expect(
    performance.getByRole('img', { name: 'Position NAV against BTC' }).locator('canvas').first(),
  ).toBeVisible();
  await expect(performance.getByRole('list', { name: 'Chart series' })).toContainText(
    'BTC held from the open',
  );
  await expect(performance.getByTestId('performance-stats')).toContainText('BTCUSDT over the same time');
  await expect(performance.getByTestId('performance-stats')).toContainText('APR');
  await page.screenshot({ path: `${shots}/cockpit-position.png` });
  await performance.scrollIntoViewIfNeeded();
  await performance.screenshot({ path: `${shots}/cockpit-nav.png` });

  // Universe: price, 24 h change, funding a year with its interval, open interest.
  await page.goto(`${session.app.url}#/universe`);
  const table = page.getByRole('table', { name: 'Universe snapshot' });
  const btc = table.getByRole('row', { name: /BTCUSDT/ });
  await expect(btc).toBeVisible({ timeout: 20_000 });
  await expect(table.getByRole('button', { name: 'Funding (a year)', exact: true })).toBeVisible();
  await expect(btc).toContainText(/[+-][\d.,]+ % · 8h/, { timeout: 20_000 });
  await expect(table.getByRole('row', { name: /^\d+ DOGEUSDT / })).toContainText(/% · 1h/);
  await page.screenshot({ path: `${shots}/cockpit-universe.png`, fullPage: false });
});
