import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { droppedLegs, fieldError, previewHeading, previewLegs } from './open-position';
import { useTradingSession } from './trading-session';

/**
 * The New position page against the simulator: a Top 20 preview as you type, a size below the minimum
 * that drops legs, the minimum applied in one click, and a custom basket saved, refused at its fields,
 * reused in a preview, edited and deleted.
 */
test.setTimeout(120_000);
// Wide enough for the whole preview table, so the screenshots show it as a trader would see it.
test.use({ viewport: { width: 1440, height: 1000 } });

// No price walk: the minimum the preview reports is still exact when it is applied. Each test stands on its
// own (a failed one restarts the app), so the profile is made in beforeAll.
const session = useTradingSession(test, { simulator: { tickIntervalMs: 0 }, balanceUsdt: '50000' });

/** The rows of the README's Top 10 example table, cell by cell. */
function readmeExample(): string[][] {
  const readme = readFileSync('README.md', 'utf8');
  const table = /Top 10 equal, 1 000 USDT long[^\n]*\n\n((?:\|.*\n)+)/.exec(readme)?.[1] ?? '';
  return table
    .trim()
    .split('\n')
    .slice(2)
    .map((line) =>
      line
        .split('|')
        .slice(1, -1)
        .map((cell) => cell.trim()),
    );
}

test('preview a Top 20, drop legs below the minimum, apply the minimum', async ({ page }) => {
  await page.goto(session.app.url);
  await expect(page.getByRole('heading', { name: 'Dashboard', level: 1 })).toBeVisible();

  // N opens New position from anywhere (here, the dashboard).
  await page.keyboard.press('n');
  await expect(page.getByRole('heading', { name: 'New position', level: 1 })).toBeVisible();

  // It opens on the README's example, and shows what the README says it does.
  await expect(previewHeading(page)).toContainText('Top 10 equal · 1,000 USDT long · 1×', {
    timeout: 20_000,
  });
  const example = readmeExample();
  expect(example).toHaveLength(10);
  await expect(previewLegs(page)).toHaveCount(10);
  for (const [i, row] of example.entries()) {
    const cells = previewLegs(page).nth(i).getByRole('cell');
    // README columns: rank, symbol, side, target, achieved, price, quantity, notional, orders.
    const shown = [0, 1, 2, 4, 5, 6, 7, 8, 9].map((column) => cells.nth(column));
    for (const [j, cell] of shown.entries()) await expect(cell).toHaveText(row[j]!);
  }
  await expect(page.getByRole('group', { name: 'Totals' })).toContainText('0.979 %');
  await expect(page.getByText('Smallest size that keeps every leg: 475 USDT')).toBeVisible();
  await page.screenshot({ path: 'test-results/new-position-top10.png' });

  await page.getByLabel('Index').selectOption({ label: 'Top 20 equal' });
  await expect(previewHeading(page)).toContainText('Top 20 equal · 1,000 USDT long · 1×', {
    timeout: 20_000,
  });
  await expect(previewLegs(page)).toHaveCount(20);
  await expect(page.getByRole('table', { name: 'Dropped legs' })).toHaveCount(0);
  await expect(page.getByRole('alert', { name: 'Problems' })).toHaveCount(0);
  const first = previewLegs(page).first();
  await expect(first.getByRole('cell').nth(2)).toHaveText('Buy');
  await expect(first.getByRole('cell').nth(3)).toHaveText('5.00 %');
  const totals = page.getByRole('group', { name: 'Totals' });
  await expect(totals).toContainText('Available balance');
  await expect(totals).toContainText('50,000.00 USDT');
  await expect(page.getByRole('button', { name: 'Open position…' })).toBeEnabled();
  await page.screenshot({ path: 'test-results/new-position-top20.png', fullPage: true });

  // Below the minimum: the small legs are dropped, with their reason, and the rest renormalised.
  await page.getByLabel('Size (USDT)').fill('60');
  await expect(previewHeading(page)).toContainText('60 USDT long');
  await expect(droppedLegs(page).first()).toBeVisible();
  const droppedCount = await droppedLegs(page).count();
  expect(droppedCount).toBeGreaterThan(0);
  await expect(previewLegs(page)).toHaveCount(20 - droppedCount);
  await expect(droppedLegs(page).first()).toContainText(/minimum/i);
  await expect(page.getByRole('list', { name: 'Notes' })).toContainText('too small at 60 USDT');
  await page.screenshot({ path: 'test-results/new-position-dropped.png', fullPage: true });

  // One click applies the smallest size that keeps every leg (with room for prices moving): nothing dropped.
  const apply = page.getByRole('button', { name: /^Apply minimum/ });
  const label = (await apply.textContent()) ?? '';
  const minimum = /\(([\d,.]+) USDT\)/.exec(label)?.[1]?.replace(/,/g, '');
  expect(Number(minimum)).toBeGreaterThan(60);
  await apply.click();
  await expect(page.getByLabel('Size (USDT)')).toHaveValue(minimum!);
  await expect(previewHeading(page)).toContainText(`${label.match(/\(([\d,.]+) USDT\)/)![1]} USDT long`);
  await expect(previewLegs(page)).toHaveCount(20);
  await expect(page.getByRole('table', { name: 'Dropped legs' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: /^Apply minimum/ })).toHaveCount(0);

  // A bad size is refused at the field, in words, and the preview says it waits for it.
  await page.getByLabel('Size (USDT)').fill('12abc');
  await expect(fieldError(page, 'usdtSize')).toHaveText('must be a number with at most 8 decimals');
  await expect(page.getByRole('region', { name: 'Preview' })).toContainText('Fix the marked field');
  await expect(page.getByRole('button', { name: 'Open position…' })).toBeDisabled();
  await expect(page.getByText('Fix the marked field first.')).toBeVisible();
  await page.getByLabel('Size (USDT)').fill('1000');
  await expect(fieldError(page, 'usdtSize')).toHaveCount(0);

  // Short mirrors long; a leverage above some leg's maximum is a blocking problem.
  await page.getByRole('radio', { name: /Short/ }).check();
  await expect(previewHeading(page)).toContainText('1,000 USDT short');
  await expect(previewLegs(page).first().getByRole('cell').nth(2)).toHaveText('Sell');
  await page.getByLabel('Leverage (×)').fill('100');
  await expect(page.getByRole('alert', { name: 'Problems' })).toContainText('above Bybit');
  // A blocking problem disables Open, and says why.
  await expect(page.getByRole('button', { name: 'Open position…' })).toBeDisabled();
  await expect(page.getByText('Resolve the problems above first.')).toBeVisible();
  await expect(page.locator('body')).not.toContainText(/Invalid payload|Invalid input/);
});

test('custom baskets: refused at the field, saved, previewed, edited, deleted', async ({ page }) => {
  // N typed into a field is a letter, not the shortcut.
  await page.goto(session.app.url + '#/universe');
  await page.getByLabel('Search').fill('');
  await page.getByLabel('Search').pressSequentially('sun');
  await expect(page.getByLabel('Search')).toHaveValue('sun');
  await expect(page.getByRole('heading', { name: 'Universe', level: 1 })).toBeVisible();

  await page.goto(session.app.url + '#/positions');
  await page.getByRole('link', { name: /New position/ }).click();
  await expect(page.getByRole('heading', { name: 'New position', level: 1 })).toBeVisible();

  await page.getByRole('button', { name: 'New basket…' }).click();
  const editor = page.getByRole('region', { name: 'New basket' });
  // A right-to-left override pasted with the name: invisible, so the message names it.
  await editor.getByLabel('Name').fill('Majors\u202E');
  await editor.getByRole('radio', { name: /My own/ }).check();
  await editor.getByLabel('Coin 1', { exact: true }).fill('BTCUSDT');
  await editor.getByLabel('Weight of coin 1 (%)').fill('50');
  await editor.getByLabel('Coin 2', { exact: true }).fill('BTCUSDT');
  await editor.getByLabel('Weight of coin 2 (%)').fill('30');
  await editor.getByRole('button', { name: 'Add coin' }).click();
  await editor.getByLabel('Coin 3', { exact: true }).fill('SOLUSDT');
  await editor.getByLabel('Weight of coin 3 (%)').fill('10');
  await expect(editor.getByRole('status')).toHaveText('Total 90 %');
  await editor.getByRole('button', { name: 'Save basket' }).click();
  // Every problem at once, each at its own field.
  await expect(fieldError(page, 'basketLegs')).toHaveText('the weights add up to 90 %, not 100 %');
  await expect(fieldError(page, 'basketLeg-1-symbol')).toHaveText('BTCUSDT is already leg 1');
  await expect(fieldError(page, 'basketName')).toContainText('invisible or control character U+202E');
  await expect(editor.getByLabel('Coin 2', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await expect(editor.getByLabel('Coin 1', { exact: true })).toHaveAttribute('aria-invalid', 'false');
  await expect(editor.getByRole('alert')).toHaveText('Check the marked fields.');
  await page.screenshot({ path: 'test-results/new-position-basket-refused.png', fullPage: true });

  await editor.getByLabel('Weight of coin 3 (%)').fill('20');
  await editor.getByRole('button', { name: 'Save basket' }).click();
  await expect(fieldError(page, 'basketLegs')).toHaveCount(0);
  await expect(fieldError(page, 'basketLeg-1-symbol')).toHaveText('BTCUSDT is already leg 1');

  await editor.getByLabel('Coin 2', { exact: true }).fill('ETHUSDT');
  await editor.getByLabel('Name').fill('Majors');
  await editor.getByRole('button', { name: 'Save basket' }).click();
  await expect(editor).toHaveCount(0);
  await expect(page.getByLabel('Index')).toHaveValue(/^custom-\d+$/);
  await expect(previewHeading(page)).toContainText('Majors · 1,000 USDT long', { timeout: 20_000 });
  await expect(previewLegs(page)).toHaveCount(3);
  await expect(previewLegs(page).nth(0).getByRole('cell').nth(1)).toHaveText('BTCUSDT');
  await expect(previewLegs(page).nth(0).getByRole('cell').nth(3)).toHaveText('50.00 %');
  await expect(previewLegs(page).nth(2).getByRole('cell').nth(3)).toHaveText('20.00 %');
  await page.screenshot({ path: 'test-results/new-position-custom-basket.png', fullPage: true });

  // The same name twice is refused by the core, at the name field.
  await page.getByRole('button', { name: 'New basket…' }).click();
  const second = page.getByRole('region', { name: 'New basket' });
  await second.getByLabel('Name').fill('Majors');
  await second.getByLabel('Coin 1', { exact: true }).fill('BTCUSDT');
  await second.getByRole('button', { name: 'Save basket' }).click();
  await expect(fieldError(page, 'basketName')).toHaveText('already used by another of your indices');
  await second.getByRole('button', { name: 'Cancel' }).click();

  // A rule whose top N exceeds today's universe is refused at that field, by the core.
  await page.getByRole('button', { name: 'New basket…' }).click();
  const rule = page.getByRole('region', { name: 'New basket' });
  await rule.getByLabel('Name').fill('Wide');
  await rule.getByRole('radio', { name: /A rule/ }).check();
  await rule.getByLabel('Number of coins').fill('3');
  await rule.getByLabel('Weighting').selectOption('mcap');
  await rule.getByLabel('Cap per coin (%)').fill('25');
  await rule.getByRole('button', { name: 'Save basket' }).click();
  await expect(fieldError(page, 'basketCap')).toHaveText(
    '3 coins capped at 25 % cannot add up to 100 % (needs at least 4 coins)',
  );
  await rule.getByLabel('Number of coins').fill('5');
  await rule.getByLabel('Cap per coin (%)').fill('30');
  await rule.getByLabel('Excluded symbols').fill('BTCUSDT');
  await rule.getByRole('button', { name: 'Save basket' }).click();
  await expect(previewHeading(page)).toContainText('Wide · 1,000 USDT long', { timeout: 20_000 });
  await expect(previewLegs(page)).toHaveCount(5);
  await expect(page.getByRole('table', { name: 'Preview legs' })).not.toContainText('BTCUSDT');

  // Edit the first basket: a coin today's universe does not have is shown as missing, not dropped silently.
  await page.getByLabel('Index').selectOption({ label: 'Majors' });
  await page.getByRole('button', { name: 'Edit basket…' }).click();
  const edit = page.getByRole('region', { name: 'Edit Majors' });
  await expect(edit.getByLabel('Weight of coin 1 (%)')).toHaveValue('50');
  await edit.getByLabel('Coin 3', { exact: true }).fill('NOSUCHCOINUSDT');
  await edit.getByRole('button', { name: 'Save basket' }).click();
  await expect(edit).toHaveCount(0);
  await expect(page.getByRole('note')).toContainText("Not in today's universe: NOSUCHCOINUSDT");
  await expect(page.getByRole('alert', { name: 'Problems' })).toContainText('NOSUCHCOINUSDT');
  await expect(page.getByRole('option', { name: 'Majors (1 missing)' })).toBeAttached();

  // Delete asks first; then the basket is gone from the list.
  await page.getByRole('button', { name: 'Delete basket…' }).click();
  await page
    .getByRole('group', { name: 'Confirm deletion' })
    .getByRole('button', { name: 'Delete basket' })
    .click();
  await expect(page.getByRole('option', { name: /Majors/ })).toHaveCount(0);
  await expect(page.getByLabel('Index')).toHaveValue('top10-equal');
  await expect(previewLegs(page)).toHaveCount(10, { timeout: 20_000 });
  await expect(page.locator('body')).not.toContainText(/Invalid payload|Invalid input/);
});
