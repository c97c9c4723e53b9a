import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { openPosition } from './open-position';
import { useTradingSession } from './trading-session';

/**
 * A trader's main job from the browser, on the simulator: open Top 10 equal from New position (a double
 * click on Confirm opens one position), watch it execute to ACTIVE, read its legs and trades, export
 * them, close it and see it CLOSED, all of it reachable by keyboard.
 */
test.setTimeout(150_000);
test.use({ viewport: { width: 1440, height: 1000 } });

// Each test stands on its own (a failed one restarts the app), so the profile is made in beforeAll.
const session = useTradingSession(test, { simulator: { tickIntervalMs: 0 } });

/** Every positions.open request the page sent over its WebSocket. */
function recordOpens(page: Page): { requestId: string }[] {
  const opens: { requestId: string }[] = [];
  page.on('websocket', (socket) =>
    socket.on('framesent', (frame) => {
      const message = JSON.parse(String(frame.payload)) as {
        channel?: string;
        payload?: { requestId: string };
      };
      if (message.channel === 'positions.open') opens.push(message.payload!);
    }),
  );
  return opens;
}

const rows = (page: Page, table: string) =>
  page.getByRole('table', { name: table, exact: true }).locator('tbody').getByRole('row');

test('open Top 10 equal, watch it become ACTIVE, export its trades, close it', async ({ page }) => {
  const opens = recordOpens(page);
  await page.goto(session.app.url);
  await expect(page.getByRole('heading', { name: 'Dashboard', level: 1 })).toBeVisible();

  // Keyboard only: N, then Tab to Open and Enter.
  await page.keyboard.press('n');
  await expect(page.getByRole('heading', { name: 'New position', level: 1 })).toBeVisible();
  const open = page.getByRole('button', { name: 'Open position…' });
  await expect(open).toBeEnabled({ timeout: 20_000 });
  await open.focus();
  await page.keyboard.press('Enter');
  const confirm = page.getByRole('group', { name: 'Confirm opening' });
  await expect(confirm).toContainText('Open Top 10 equal: 1,000 USDT long at 1×?');
  await expect(confirm).toContainText('10 legs');
  await expect(confirm).toContainText('Initial margin');
  await expect(confirm.getByLabel('Slippage cap (% per leg)')).toHaveValue('0.5');
  await expect(confirm.getByRole('radio', { name: /Roll back/ })).toBeChecked();
  // Escape backs out; nothing is sent.
  await expect(confirm.getByRole('button', { name: 'Confirm and open' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(confirm).toHaveCount(0);
  expect(opens).toHaveLength(0);
  await open.click();
  await page.screenshot({ path: 'test-results/open-confirmation.png' });

  // A double click is one position.
  await confirm.getByRole('button', { name: 'Confirm and open' }).dblclick();
  await expect(page).toHaveURL(/#\/positions\/\d+$/);
  const id = Number(/#\/positions\/(\d+)$/.exec(page.url())![1]);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(`#${id} Top 10 equal`);
  const heading = page.getByRole('heading', { level: 1 });
  await expect(heading).toContainText('ACTIVE', { timeout: 45_000 });
  expect(opens.length).toBeGreaterThanOrEqual(1);
  expect(new Set(opens.map((o) => o.requestId)).size).toBe(1);

  // Live execution: the last run's bar and its legs, every one filled.
  const progress = page.getByRole('region', { name: 'Execution progress' });
  await expect(progress.getByRole('progressbar', { name: 'Execution progress' })).toHaveAttribute(
    'aria-valuenow',
    '10',
  );
  // Once it has ended the legs fold away under their count; Enter on the summary unfolds them.
  const legsSummary = progress.locator('summary');
  await expect(legsSummary).toHaveText('Legs: 10 of 10 done');
  await legsSummary.focus();
  await page.keyboard.press('Enter');
  await expect(rows(page, 'Legs in progress')).toHaveCount(10);
  await expect(rows(page, 'Legs in progress').filter({ hasText: 'filled' })).toHaveCount(10);

  // Legs: held equals target on each, with an average entry and a last fill.
  await expect(rows(page, 'Legs')).toHaveCount(10);
  for (const row of await rows(page, 'Legs').all()) {
    const cells = row.getByRole('cell');
    await expect(cells.nth(3)).toHaveText((await cells.nth(2).textContent())!);
    await expect(cells.nth(4)).not.toHaveText('—');
    await expect(cells.nth(7)).toHaveText('filled');
  }
  const trades = await rows(page, 'Trades').count();
  expect(trades).toBeGreaterThanOrEqual(10);
  await page.screenshot({ path: 'test-results/position-active.png', fullPage: true });

  // The trades as CSV: a header and one row per fill.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(new RegExp(`^synthex-position-${id}-trades-.*\\.csv$`));
  const csv = readFileSync((await file.path())!, 'utf8')
    .trim()
    .split(/\r?\n/);
  expect(csv[0]).toMatch(/symbol/i);
  expect(csv.length - 1).toBe(trades);

  // The dashboard lists it among the open ones.
  await page.goto(`${session.app.url}#/dashboard`);
  const dashboard = page.getByRole('region', { name: 'Synthetic positions' });
  await expect(dashboard.getByRole('link', { name: `#${id} Top 10 equal` })).toBeVisible();
  await expect(dashboard).toContainText('ACTIVE');

  // The list shows it once, live; its name opens the detail from the keyboard.
  await page.goto(`${session.app.url}#/positions`);
  await expect(rows(page, 'Positions')).toHaveCount(1);
  const listed = rows(page, 'Positions').first();
  await expect(listed).toContainText('ACTIVE');
  await expect(listed).toContainText('1,000 USDT');
  await expect(listed).toContainText('long 1×');
  await page.getByRole('link', { name: `#${id} Top 10 equal` }).focus();
  await page.keyboard.press('Enter');
  await expect(heading).toContainText(`#${id} Top 10 equal`);

  // Close asks first, then goes to CLOSED with its realised PnL and the closing fills.
  await page.getByRole('button', { name: 'Close position…' }).click();
  const confirmClose = page.getByRole('group', { name: 'Confirm close' });
  await expect(confirmClose).toContainText(`Close #${id} Top 10 equal`);
  await confirmClose.getByRole('button', { name: 'Close now' }).click();
  await expect(heading).toContainText('CLOSED', { timeout: 45_000 });
  // Nothing is left to close: no button, not a disabled one.
  await expect(page.getByRole('button', { name: /Close position|Retry close/ })).toHaveCount(0);
  await expect(rows(page, 'Trades')).toHaveCount(trades * 2, { timeout: 10_000 });
  for (const row of await rows(page, 'Legs').all())
    await expect(row.getByRole('cell').nth(3)).toHaveText('0');
  await expect(page.getByRole('group', { name: 'Summary' })).toContainText('Closed');
  await page.screenshot({ path: 'test-results/position-closed.png', fullPage: true });

  await page.goto(`${session.app.url}#/positions`);
  await expect(rows(page, 'Positions').first()).toContainText('CLOSED');
  await expect(page.locator('body')).not.toContainText(/Invalid payload|Invalid input/);
});

test('a leg Bybit refuses: the position rolls back to FAILED and the page says why', async ({ page }) => {
  session.sim.control.rejectSymbol('ETHUSDT', 110007, 'ab not enough for new order');
  try {
    await openPosition(page, session.app, { index: 'Top 5 equal', status: 'FAILED' });
    const reason = page.getByRole('alert', { name: 'Failure reason' });
    await expect(reason).toContainText('Why it failed');
    await expect(reason).toContainText('ETHUSDT');
    await expect(reason).toContainText('What filled was closed again');
    await expect(reason).toContainText(/Realised cost: -?\d+\.\d{2} USDT/);
    for (const row of await rows(page, 'Legs').all())
      await expect(row.getByRole('cell').nth(3)).toHaveText('0');
    await expect(rows(page, 'Legs').filter({ hasText: 'ETHUSDT' })).toContainText('rejected');
    await expect(page.getByRole('button', { name: /Close position|Retry close/ })).toHaveCount(0);
    await page.screenshot({ path: 'test-results/position-failed.png', fullPage: true });

    await page.goto(`${session.app.url}#/positions`);
    await expect(rows(page, 'Positions').first()).toContainText('FAILED');
    await expect(rows(page, 'Positions').first()).toContainText('Top 5 equal');
  } finally {
    session.sim.control.rejectSymbol('ETHUSDT', 0, '');
  }
});
