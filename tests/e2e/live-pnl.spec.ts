import { expect, test, type Page } from '@playwright/test';
import { openPosition } from './open-position';
import { useTradingSession } from './trading-session';

/**
 * Live PnL in the browser against the simulator with no price walk: the Dashboard's total and the
 * Positions row move when the simulator's price moves (setPrice + publishTickers), the tab title carries
 * the total, and once ticks stop for 30 s both figures are marked stale.
 */
test.setTimeout(180_000);
test.use({ viewport: { width: 1440, height: 1000 } });

const session = useTradingSession(test, { simulator: { tickIntervalMs: 0 } });

const rows = (page: Page, table: string) =>
  page.getByRole('table', { name: table, exact: true }).locator('tbody').getByRole('row');

/** A new BTCUSDT price on the simulator, sent on the ticker stream at once. */
function moveBtc(price: string): void {
  session.sim.control.setPrice('BTCUSDT', price);
  session.sim.control.publishTickers();
}

test('Dashboard and Positions follow the simulator’s price, then say stale when ticks stop', async ({
  page,
}) => {
  const { id } = await openPosition(page, session.app);

  // Dashboard: the live total moves with BTC (0.001 BTC held: +1 USDT per +1000 USDT of price).
  await page.goto(`${session.app.url}#/dashboard`);
  const total = page.getByTestId('total-unrealized');
  await expect(total).toBeVisible({ timeout: 20_000 });
  const initial = await total.textContent();
  moveBtc('96000');
  await expect(total).not.toHaveText(initial!, { timeout: 10_000 });
  await expect(total).not.toContainText('stale');
  const before = await total.textContent();
  moveBtc('106000');
  await expect(total).not.toHaveText(before!, { timeout: 10_000 });
  const after = await total.textContent();
  const value = (text: string) => Number(text.replace(/[^0-9.+-]/g, ''));
  // +10 000 USDT on BTC at 0.001 BTC is +10 USDT of PnL, to the cent (fees and other legs do not move).
  expect(Math.round((value(after!) - value(before!)) * 100)).toBe(1000);
  const summary = page.getByRole('region', { name: 'PnL' });
  await expect(summary).toContainText('1 active');
  await expect(summary.locator('.pnl-chart canvas').first()).toBeVisible();
  // Headless mode: the tab's title carries the total.
  await expect(page).toHaveTitle(/^[+-]?\d[\d,]*\.\d{2} USDT · Synthex$/);

  // Positions: the row's live figure and its sparkline.
  await page.goto(`${session.app.url}#/positions`);
  const row = rows(page, 'Positions').first();
  const livePnl = row.locator(`[data-position-pnl="${id}"]`);
  await expect(livePnl).toBeVisible();
  const rowBefore = await livePnl.textContent();
  moveBtc('101000');
  await expect(livePnl).not.toHaveText(rowBefore!, { timeout: 10_000 });
  expect(Math.round((value((await livePnl.textContent())!) - value(after!)) * 100)).toBe(-500);
  await expect(row.locator('.sparkline canvas').first()).toBeVisible();
  await page.screenshot({ path: 'test-results/live-pnl-positions.png', fullPage: true });

  // No tick for 30 s: the figure says stale, it is never silently old.
  await expect(livePnl).toContainText('stale', { timeout: 45_000 });
  await page.goto(`${session.app.url}#/dashboard`);
  await expect(total).toContainText('stale', { timeout: 10_000 });
  await expect(page).toHaveTitle(/\(stale\) · Synthex$/);
  await page.screenshot({ path: 'test-results/live-pnl-stale.png', fullPage: true });

  // A tick on every held symbol brings it back to live (the total is stale while any leg is).
  const fills = session.sim.control.ledger().executions.filter((e) => e.execType === 'Trade');
  for (const symbol of new Set(fills.map((e) => e.symbol)))
    session.sim.control.setPrice(symbol, fills.find((e) => e.symbol === symbol)!.execPrice);
  session.sim.control.publishTickers();
  await expect(total).not.toContainText('stale', { timeout: 10_000 });

  // The desktop's tray popup page (the same renderer at #/tray-popup) lists the position live.
  await page.goto(`${session.app.url}#/tray-popup`);
  await page.reload();
  const popup = page.getByRole('main');
  await expect(popup).toContainText(`#${id} Top 10 equal`);
  await expect(popup).not.toContainText('stale');
  await expect(page.getByRole('navigation')).toHaveCount(0);
  // A line links to the position's page (on the desktop main opens it in the main window).
  await popup.getByRole('link', { name: new RegExp(`#${id} Top 10 equal`) }).click();
  await expect(page).toHaveURL(new RegExp(`#/positions/${id}$`));
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Legs' })).toBeVisible();
});

test('Settings → Alerts: thresholds in % and USDT are checked, and alerts can be paused', async ({
  page,
}) => {
  await page.goto(`${session.app.url}#/settings`);
  const field = page.getByLabel('Total PnL beyond ± USDT');
  await field.fill('ten');
  await page.getByRole('button', { name: 'Save settings' }).click();
  // Refused by the contract and said beside the field, in words.
  await expect(page.locator('#pnlTotalUsdt-error')).toHaveText('must be an amount in USDT, like 50 or 12.5');
  await field.fill('25');
  await page.getByLabel('Position PnL beyond ± % of its size').fill('2.5');
  await page.getByLabel('Pause alerts').check();
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByText('Saved', { exact: false }).first()).toBeVisible();
  await page.reload();
  await expect(page.getByLabel('Total PnL beyond ± USDT')).toHaveValue('25');
  await expect(page.getByLabel('Position PnL beyond ± % of its size')).toHaveValue('2.5');
  await expect(page.getByLabel('Pause alerts')).toBeChecked();
});
