import { expect, test, type Page } from '@playwright/test';
import { fieldError } from './open-position';
import { useTradingSession } from './trading-session';

/**
 * Index research against the simulator's seeded past, in the browser: the Universe page says what
 * market history is stored and who fetched it; New position's History panel backtests the form's terms
 * (chosen by keyboard), says where the data is thin and follows the form; an index page shows its
 * composition over time; a bad size is refused at its field.
 */
test.setTimeout(180_000);
test.use({ viewport: { width: 1440, height: 1100 } });

const session = useTradingSession(test, {
  simulator: { tickIntervalMs: 0, historyDays: 120 },
  balanceUsdt: '50000',
});

const historyPanel = (page: Page) => page.getByRole('region', { name: 'History' });

/** The Universe page's Market history panel, once this process's first run has finished. */
async function waitForStoredHistory(page: Page) {
  await page.goto(`${session.app.url}#/universe`);
  const panel = page.getByRole('region', { name: 'Market history' });
  // The panel follows the run's events: no reload needed to see it end.
  await expect(panel.getByText(/^Last run/).locator('..')).toContainText('done', { timeout: 120_000 });
  await expect(panel).toContainText('Nobody is fetching now.');
  return panel;
}

test('the History panel backtests the form’s terms, chosen by keyboard', async ({ page }) => {
  const panel = await waitForStoredHistory(page);
  const perpetuals = Number(await panel.getByText('Perpetuals').locator('..').locator('dd').innerText());
  expect(perpetuals).toBeGreaterThanOrEqual(10);

  await page.keyboard.press('n');
  await expect(page.getByRole('heading', { name: 'New position', level: 1 })).toBeVisible();
  const history = historyPanel(page);
  const status = history.getByRole('status');
  await expect(status).toContainText(/Top 10 equal, \d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2}: 90 days\./, {
    timeout: 30_000,
  });
  await expect(history.getByRole('img', { name: 'NAV over 90 days against HODL and BTC' })).toBeVisible();
  await expect(history.getByText('Rebalances')).toBeVisible();
  // Today's snapshot is the only membership stored: the panel says so instead of pretending.
  const notes = history.getByRole('list', { name: 'Where the data is thin' });
  await expect(notes).toContainText('The universe snapshots start on');
  await expect(history.getByText('No day of this window has every input stored')).toBeVisible();

  // Keyboard only: the period radios move with the arrow keys, the rebalance select with the keyboard.
  await history.getByRole('radio', { name: '90 days' }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(history.getByRole('radio', { name: '365 days' })).toBeChecked();
  // 365 days asked of a 120-day past: the days without marks are named, not filled in.
  await expect(status).toContainText(': 365 days.', { timeout: 30_000 });
  await expect(notes).toContainText('No mark-price history');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await expect(history.getByRole('radio', { name: '30 days' })).toBeChecked();
  await page.keyboard.press('Tab');
  await expect(history.getByLabel('Rebalance')).toBeFocused();
  await history.getByLabel('Rebalance').selectOption({ label: 'Never (hold the first basket)' });
  await expect(status).toContainText(': 30 days.', { timeout: 30_000 });
  const rebalances = history.getByText('Rebalances').locator('..').locator('dd');
  await expect(rebalances).toHaveText('0');

  // It follows the form: a short is asked for, and a size the form refuses stops the panel.
  await page.getByRole('radio', { name: /Short/ }).check();
  await expect(status).toContainText(': 30 days.');
  await page.getByLabel('Size (USDT)').fill('abc');
  await expect(fieldError(page, 'usdtSize')).toBeVisible();
  await expect(history).toContainText('Complete the index, size and leverage above to see its history.');
});

test('an index page shows its composition over time, and a bad size at its field', async ({ page }) => {
  await waitForStoredHistory(page);
  await page.getByRole('region', { name: 'Indices' }).getByRole('link', { name: 'Top 10 equal' }).click();
  await expect(page.getByRole('heading', { name: 'Top 10 equal', level: 1 })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: ': 365 days.' })).toBeVisible({ timeout: 30_000 });
  const composition = page.getByRole('region', { name: 'Composition over time' }).getByRole('table');
  await expect(composition.locator('tbody tr').first()).toContainText('first basket');
  await expect(
    page.getByRole('img', { name: 'Top 10 equal: NAV over 365 days against HODL and BTC' }),
  ).toBeVisible();

  await page.getByLabel('Size (USDT)').fill('0');
  await expect(fieldError(page, 'research-size')).toContainText('the size');
  await expect(page.getByLabel('Size (USDT)')).toHaveAttribute('aria-invalid', 'true');
  await page.getByLabel('Size (USDT)').fill('5000');
  await expect(fieldError(page, 'research-size')).toHaveCount(0);
  await expect(page.getByRole('status').filter({ hasText: ': 365 days.' })).toBeVisible({ timeout: 30_000 });
});
