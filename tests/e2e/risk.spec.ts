import { expect, test } from '@playwright/test';
import { Dec } from '../../shared/decimal';
import { onTick, wireSendsOf } from '../risk/risk-helpers';
import { openPosition } from './open-position';
import { useTradingSession } from './trading-session';

/**
 * A basket stop from the browser, on the simulator (docs/risk.md): the trader sets a stop-loss in the Risk
 * panel by keyboard (bad values are refused at the field, in words), the positions list shows the rules'
 * badge, prices fall on the simulator's ticker stream and the stop closes the position, which says so.
 */
test.setTimeout(150_000);
test.use({ viewport: { width: 1440, height: 1000 } });

// Prices move only when the test moves them.
const session = useTradingSession(test, { simulator: { tickIntervalMs: 0 } });

/** Every symbol the account traded, at a factor of its last fill price (on the tick grid), published at once. */
async function movePrices(factor: string): Promise<void> {
  const last = new Map<string, string>();
  for (const execution of session.sim.control.ledger().executions)
    last.set(execution.symbol, execution.execPrice);
  for (const [symbol, price] of last)
    session.sim.control.setPrice(
      symbol,
      (await onTick(session.sim, symbol, new Dec(price).mul(factor))).toFixed(),
    );
  session.sim.control.publishTickers();
}

test('a stop-loss set by keyboard in the Risk panel closes the position when prices fall through it', async ({
  page,
}) => {
  const { id, heading } = await openPosition(page, session.app, { index: 'Top 5 equal' });
  const positionUrl = page.url();

  // Keyboard only: Set rules… opens the form on the stop-loss field; Enter saves.
  const panel = page.getByRole('region', { name: 'Risk rules of the position' });
  await expect(panel).toContainText('No rules');
  await panel.getByRole('button', { name: 'Set rules…' }).focus();
  await page.keyboard.press('Enter');
  const stopLoss = panel.getByLabel('Stop-loss (% of margin)');
  await expect(stopLoss).toBeFocused();

  // Not a number: refused at the field by the form, nothing sent.
  await page.keyboard.type('-2x');
  await page.keyboard.press('Enter');
  await expect(stopLoss).toHaveAttribute('aria-invalid', 'true');
  await expect(stopLoss).toHaveAccessibleDescription(/must be a number such as -2/);
  await expect(panel.getByRole('alert')).toHaveText('Check the marked fields.');

  // A stop above the PnL now would close at once: the core refuses it, in words, at the same field.
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('5');
  await page.keyboard.press('Enter');
  await expect(stopLoss).toHaveAccessibleDescription(/at once/);
  await expect(panel).toContainText('No rules');

  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('-2');
  await page.keyboard.press('Enter');
  await expect(panel.getByRole('form', { name: 'Set risk rules' })).toHaveCount(0);
  await expect(panel).toContainText(/SL .2 %/);
  await expect(page.getByRole('region', { name: 'History of the position' })).toContainText('Risk rules set');

  // The list shows the rules' badge on the position's row.
  await page.goto(`${session.app.url}#/positions`);
  const row = page
    .getByRole('table', { name: 'Positions', exact: true })
    .locator('tbody')
    .getByRole('row')
    .filter({ hasText: `#${id} Top 5 equal` });
  await expect(row.getByLabel(/^Risk rules: SL .2 %/)).toBeVisible({ timeout: 10_000 });
  await page.screenshot({ path: 'test-results/risk-badge.png' });

  // Every leg 5 % down at once: the basket is past −2 % of its margin, and the stop closes it.
  await page.goto(positionUrl);
  await expect(heading).toContainText('ACTIVE');
  await movePrices('0.95');
  await expect(heading).toContainText('CLOSED', { timeout: 45_000 });
  const history = page.getByRole('region', { name: 'History of the position' });
  await expect(history).toContainText(/Stop-loss: the basket's PnL -\d+\.\d{2} USDT reached the stop/);
  await expect(history).toContainText(/Closed: realised PnL -\d+\.\d{2} USDT/);
  const fired = panel.getByRole('list', { name: 'Risk rules fired' }).getByRole('listitem');
  await expect(fired).toHaveCount(1);
  await expect(fired).toContainText('stopLoss done');
  await page.screenshot({ path: 'test-results/risk-fired.png', fullPage: true });

  // One close round (c1), each of its orders booked once. (A send Bybit refused without booking, e.g.
  // 10006 at the create quota, may go again with the same orderLinkId: a retry, not a second order.)
  const link = session.sim.control.wireSends()[0]!.orderLinkId;
  const closes = wireSendsOf(session.sim, link, 'c');
  const booked = closes.filter((send) => send.booked).map((send) => send.orderLinkId);
  expect(booked.length).toBeGreaterThanOrEqual(5);
  expect(new Set(booked).size).toBe(booked.length);
  expect(new Set(closes.map((send) => send.orderLinkId)).size).toBe(booked.length);
  expect(closes.every((send) => /-c1-\d+$/.test(send.orderLinkId))).toBe(true);
});
