import { expect, test } from '@playwright/test';
import { openPosition } from './open-position';
import { useTradingSession } from './trading-session';

/**
 * The trader replaces the profile's key with one of another Bybit account while a position is ACTIVE (the
 * review's "Close opened ~1000 USDT of shorts"): the position page says it lives on the other account, Close
 * is refused with why, nothing reaches the new account, and the position can be marked closed outside.
 */
test.setTimeout(150_000);
test.use({ viewport: { width: 1440, height: 1000 } });

const session = useTradingSession(test, { simulator: { tickIntervalMs: 0 } });

test('a key of another account: the position says so, sends nothing, and can be marked closed outside', async ({
  page,
}) => {
  const { heading } = await openPosition(page, session.app, { index: 'Top 5 equal' });
  const positionUrl = page.url();

  const other = session.sim.control.createKey({ balanceUsdt: '20000' });
  await page.goto(`${session.app.url}#/settings`);
  await page.getByRole('button', { name: 'Replace key…' }).click();
  await page.getByRole('textbox', { name: 'API key', exact: true }).fill(other.apiKey);
  await page.getByRole('textbox', { name: 'API secret', exact: true }).fill(other.apiSecret);
  await page.getByRole('button', { name: 'Validate and replace' }).click();
  // The account section shows the new key (masked) once it is validated and stored.
  await expect(page.getByRole('region', { name: 'Bybit API key' })).toContainText(
    `${other.apiKey.slice(0, 4)}…${other.apiKey.slice(-4)}`,
  );

  await page.goto(positionUrl);
  const panel = page.getByRole('alert', { name: 'Another Bybit account' });
  await expect(panel).toContainText('lives on Bybit account', { timeout: 10_000 });
  await expect(heading).toContainText('other account');
  await expect(page.getByRole('button', { name: 'Close position…' })).toBeDisabled();
  await page.screenshot({ path: 'test-results/position-other-account.png', fullPage: true });

  await panel.getByRole('button', { name: 'Mark closed outside Synthex…' }).click();
  await page
    .getByRole('group', { name: 'Confirm mark closed outside Synthex' })
    .getByRole('button', { name: 'Mark closed' })
    .click();
  await expect(heading).toContainText('CLOSED', { timeout: 10_000 });
  await expect(page.getByRole('region', { name: 'History of the position' })).toContainText('Marked closed');
  expect(session.sim.control.wireSends().filter((s) => s.apiKey === other.apiKey)).toEqual([]);
});
