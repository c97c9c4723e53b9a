import { expect, test, type Page } from '@playwright/test';
import { byHand } from '../support/by-hand';
import { openPosition } from './open-position';
import { useTradingSession } from './trading-session';

/**
 * Drift from the browser: the trader closes one leg in "Bybit's app" (another client on the same key);
 * the position's page shows the altered badge and the difference; Repair shows its plan, sends it on
 * confirmation, and the badge goes away.
 */
test.setTimeout(150_000);
test.use({ viewport: { width: 1440, height: 1000 } });

const session = useTradingSession(test, { simulator: { tickIntervalMs: 0 } });

const rows = (page: Page, table: string) =>
  page.getByRole('table', { name: table, exact: true }).locator('tbody').getByRole('row');

test('an outside close shows the altered badge and the difference; Repair clears it', async ({ page }) => {
  const { heading } = await openPosition(page, session.app, { index: 'Top 5 equal' });
  await expect(heading).not.toContainText('altered');

  const btc = rows(page, 'Legs').filter({ hasText: 'BTCUSDT' });
  const held = (await btc.getByRole('cell').nth(3).textContent())!.trim();
  const hand = byHand(session.sim, session.key);
  await hand.market('BTCUSDT', 'Sell', held, { reduceOnly: true });

  await expect(heading).toContainText('altered', { timeout: 10_000 });
  const differences = rows(page, 'Differences');
  await expect(differences).toHaveCount(1);
  const cells = differences.first().getByRole('cell');
  await expect(cells.nth(0)).toHaveText('BTCUSDT');
  await expect(cells.nth(1)).toHaveText(held);
  await expect(cells.nth(2)).toHaveText('0');
  await expect(cells.nth(3)).toHaveText(`-${held}`);
  await expect(cells.nth(5)).toContainText(`Sell ${held}`);
  await page.screenshot({ path: 'test-results/position-altered.png', fullPage: true });

  // The plan comes first; Escape backs out without sending anything.
  const ordersBefore = session.sim.control.ledger().orders.length;
  await page.getByRole('button', { name: 'Repair…' }).click();
  const confirm = page.getByRole('group', { name: 'Confirm repair' });
  await expect(rows(page, 'Repair plan')).toHaveCount(1);
  await expect(rows(page, 'Repair plan').first()).toContainText(`Buy ${held}`);
  // The plan takes its own row under the buttons: Adopt holdings stays above it, not floating beside it.
  const adoptBox = (await page.getByRole('button', { name: 'Adopt holdings…' }).boundingBox())!;
  expect(adoptBox.y + adoptBox.height).toBeLessThanOrEqual((await confirm.boundingBox())!.y);
  await page.keyboard.press('Escape');
  await expect(confirm).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Repair…' })).toBeFocused();
  expect(session.sim.control.ledger().orders.length).toBe(ordersBefore);

  await page.getByRole('button', { name: 'Repair…' }).click();
  await page.screenshot({ path: 'test-results/repair-plan.png', fullPage: true });
  await confirm.getByRole('button', { name: 'Repair now' }).click();
  await expect(heading).not.toContainText('altered', { timeout: 20_000 });
  await expect(page.getByRole('table', { name: 'Differences' })).toHaveCount(0);
  await expect(rows(page, 'Trades').filter({ hasText: 'repair' })).toHaveCount(1);
  await expect(btc.getByRole('cell').nth(3)).toHaveText(held);

  // Rebalance previews too; in line with today's index, there is nothing to send.
  await page.getByRole('button', { name: 'Rebalance…' }).click();
  const rebalance = page.getByRole('group', { name: 'Confirm rebalance' });
  await expect(rows(page, 'Rebalance plan')).toHaveCount(5);
  await expect(rows(page, 'Rebalance plan').filter({ hasText: 'keep' })).toHaveCount(5);
  await expect(rebalance).toContainText('already holds its index’s composition today');
  await expect(rebalance.getByRole('button', { name: 'Rebalance now' })).toBeDisabled();
  await page.keyboard.press('Escape');
  await expect(rebalance).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Rebalance…' })).toBeFocused();

  await page.goto(`${session.app.url}#/positions`);
  await expect(rows(page, 'Positions').first()).not.toContainText('altered');
  // The outside-change log lists the close made by hand.
  await expect(rows(page, 'Outside changes')).toHaveCount(1);
  await expect(rows(page, 'Outside changes').first()).toContainText('BTCUSDT');
  await expect(rows(page, 'Outside changes').first()).toContainText('by hand');
});
