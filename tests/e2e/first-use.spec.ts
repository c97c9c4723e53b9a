import { expect, test, type Page } from '@playwright/test';
import { Dec } from '../../shared/decimal';
import { connectContract, type ContractClient } from '../support/headless-process';
import { openPosition } from './open-position';
import { useTradingSession } from './trading-session';

/**
 * What a trader met on first use (issue 21), each as it was seen: the status bar's name for the simulator,
 * the progress banner disagreeing with the badge, closing fills read "Short", "Closed Closed", a disabled
 * Close on a closed position, focus lost on Escape, the Rebalance plan beside its button with weights that
 * do not add up, a closed position's line gone from the chart, the tray popup without unit or "Total".
 * No price walk (tickIntervalMs 0): every price is one the simulator started with or the test set.
 */
test.setTimeout(180_000);
test.use({ viewport: { width: 1440, height: 1000 } });

let client: ContractClient;
const session = useTradingSession(test, {
  simulator: { tickIntervalMs: 0 },
  balanceUsdt: '50000',
  beforeStop: () => client?.close(),
});

test.beforeAll(async () => {
  client = await connectContract(session.app.url);
});

const rows = (page: Page, table: string) =>
  page.getByRole('table', { name: table, exact: true }).locator('tbody').getByRole('row');

/** "1,234.5" → "1234.5": the page groups thousands; the numbers themselves are decimals. */
const plain = (text: string | null) => (text ?? '').trim().replace(/,/g, '');

async function openByContract(usdtSize: string): Promise<number> {
  const { position } = await client.invoke('positions.open', {
    requestId: crypto.randomUUID(),
    indexId: 'top5-equal',
    usdtSize,
    direction: 'long',
  });
  return position.id;
}

test('the status bar names the simulator "Simulator", not "Exchange custom"', async ({ page }) => {
  await page.goto(session.app.url);
  const bar = page.getByRole('contentinfo', { name: 'Status' });
  await expect(bar).toContainText('Exchange Simulator', { timeout: 20_000 });
  await expect(bar).not.toContainText('custom');
});

test('open and close: the badge and the banner never disagree, fills read Buy then Sell, no "Closed Closed", no Close once closed', async ({
  page,
}) => {
  // Every change of the page is sampled: the badge's status beside the banner's stage.
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { stages: string[] }).stages = seen;
    new MutationObserver(() => {
      const badge = document.querySelector('h1 .badge')?.textContent?.trim() ?? '';
      const stage = document.querySelector('.execution-progress .progress-stage')?.textContent?.trim() ?? '';
      const pair = `${stage}|${badge}`;
      if (seen.at(-1) !== pair) seen.push(pair);
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
  const { id, heading } = await openPosition(page, session.app, { index: 'Top 5 equal' });

  // Escape backs out of the close and gives the focus back to the button that opened it.
  const close = page.getByRole('button', { name: 'Close position…' });
  await close.click();
  await expect(page.getByRole('button', { name: 'Close now' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(close).toBeFocused();
  await close.click();
  await page.getByRole('button', { name: 'Close now' }).click();
  await expect(heading).toContainText('CLOSED', { timeout: 45_000 });

  // A terminal stage in the banner always sat beside the same status in the badge.
  const stages = await page.evaluate(() => (window as unknown as { stages: string[] }).stages);
  const terminal = { Active: 'ACTIVE', Closed: 'CLOSED', Failed: 'FAILED' } as Record<string, string>;
  const disagreeing = stages.filter((pair) => {
    const [stage, badge] = pair.split('|') as [string, string];
    return stage in terminal && badge !== terminal[stage];
  });
  expect(disagreeing).toEqual([]);
  expect(stages).toContain('Active|ACTIVE');
  expect(stages).toContain('Closed|CLOSED');
  await expect(page.locator('.execution-progress .progress-message')).not.toHaveText('Closed');

  // Fills say what the order did: a long bought its legs and sold them to close.
  const sideOf = async (kind: string) =>
    new Set(
      await rows(page, 'Trades')
        .filter({ has: page.getByRole('cell', { name: kind, exact: true }) })
        .evaluateAll((found) => found.map((row) => row.querySelectorAll('td')[3]!.textContent)),
    );
  await expect(rows(page, 'Trades').filter({ hasText: 'close' })).not.toHaveCount(0);
  expect(await sideOf('open')).toEqual(new Set(['Buy']));
  expect(await sideOf('close')).toEqual(new Set(['Sell']));

  // Nothing is left to close: no button at all.
  await expect(page.getByRole('button', { name: /Close position|Retry close/ })).toHaveCount(0);

  // The Dashboard's chart keeps the closed position's line, named in its legend.
  await page.goto(`${session.app.url}#/dashboard`);
  const legend = page.getByRole('list', { name: 'Chart series' });
  await expect(legend).toContainText('Total', { timeout: 20_000 });
  await expect(legend).toContainText(`#${id} (closed)`);
});

test('Rebalance preview: weight now → target sums to 100 % on both sides and matches held and target value; the plan opens below the buttons', async ({
  page,
}) => {
  const id = await openByContract('5000');
  await page.goto(`${session.app.url}#/positions/${id}`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('ACTIVE', { timeout: 45_000 });
  const { components } = await client.invoke('positions.get', { id });
  const symbols = components.map((c) => c.symbol);

  // One coin 50 % up (pinned), so the held weights move away from the index's; the rest where they were.
  const tickers = (await (await fetch(`${session.sim.rest}/v5/market/tickers?category=linear`)).json()) as {
    result: { list: { symbol: string; lastPrice: string }[] };
  };
  const prices = new Map(
    tickers.result.list
      .filter((t) => symbols.includes(t.symbol))
      .map((t) => [t.symbol, new Dec(t.lastPrice)]),
  );
  const rose = symbols[0]!;
  prices.set(rose, prices.get(rose)!.mul('1.5'));
  for (const [symbol, price] of prices) session.sim.control.setPrice(symbol, price.toFixed());
  session.sim.control.publishTickers();
  await expect
    .poll(async () => {
      const preview = await client.invoke('indices.preview', {
        indexId: 'top5-equal',
        usdtSize: '5000',
        direction: 'long',
      });
      return preview.legs.every((leg) => prices.get(leg.symbol)?.eq(leg.price) ?? true);
    })
    .toBe(true);

  await page.getByRole('button', { name: 'Rebalance…' }).click();
  const plan = rows(page, 'Rebalance plan');
  await expect(plan).toHaveCount(symbols.length);
  const legs = await plan.evaluateAll((found) =>
    found.map((row) => Array.from(row.querySelectorAll('td'), (cell) => cell.textContent ?? '')),
  );
  const parsed = legs.map(([symbol, , held, target, weights]) => {
    const [now, next] = weights!.split('→').map((w) => new Dec(w.replace('%', '').trim()));
    return {
      symbol: symbol!,
      held: new Dec(plain(held!)),
      target: new Dec(plain(target!)),
      now: now!,
      next: next!,
    };
  });
  const sum = (values: Dec[]) => values.reduce((s, v) => s.plus(v), new Dec(0));
  // Each weight is rounded to 0.001 %: the sums may miss 100 by that much per leg.
  const slack = new Dec('0.0005').mul(parsed.length);
  expect(
    sum(parsed.map((l) => l.now))
      .minus(100)
      .abs()
      .lte(slack),
  ).toBe(true);
  expect(
    sum(parsed.map((l) => l.next))
      .minus(100)
      .abs()
      .lte(slack),
  ).toBe(true);
  // An independent computation: value = quantity × the simulator's price, over the total value.
  const value = (quantity: Dec, symbol: string) => quantity.abs().mul(prices.get(symbol)!);
  const heldTotal = sum(parsed.map((l) => value(l.held, l.symbol)));
  const targetTotal = sum(parsed.map((l) => value(l.target, l.symbol)));
  for (const leg of parsed) {
    expect(
      leg.now.minus(value(leg.held, leg.symbol).div(heldTotal).mul(100)).abs().lte('0.0005'),
      leg.symbol,
    ).toBe(true);
    expect(
      leg.next.minus(value(leg.target, leg.symbol).div(targetTotal).mul(100)).abs().lte('0.0005'),
      leg.symbol,
    ).toBe(true);
  }
  const risen = parsed.find((l) => l.symbol === rose)!;
  expect(risen.now.gt(risen.next)).toBe(true);

  // The plan takes its own row under the buttons: Close stays in the row above it, not floating beside it.
  const closeBox = (await page.getByRole('button', { name: 'Close position…' }).boundingBox())!;
  const planBox = (await page.getByRole('group', { name: 'Confirm rebalance' }).boundingBox())!;
  expect(closeBox.y + closeBox.height).toBeLessThanOrEqual(planBox.y);
  await page.keyboard.press('Escape');
  await expect(page.getByRole('group', { name: 'Confirm rebalance' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Rebalance…' })).toBeFocused();
});

test('the tray popup says "Total" and the unit, USDT', async ({ page }) => {
  await page.goto(`${session.app.url}#/tray-popup`);
  const header = page.getByRole('main').locator('header');
  await expect(header).toContainText(/Total [+-]?[\d,.]+ USDT/, { timeout: 20_000 });
  const lines = page.getByRole('main').getByRole('listitem');
  await expect(lines).not.toHaveCount(0);
  for (const line of await lines.all()) await expect(line).toContainText(/[\d,.]+ USDT/);
});
