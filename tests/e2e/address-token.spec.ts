import { expect, test, type Page } from '@playwright/test';
import { startHeadlessApp, type RunningApp } from './headless-app';

/**
 * The printed address carries the access token. After the first load it is in neither the address bar
 * nor the tab's history; the tab keeps it (sessionStorage), so a reload of the clean address connects.
 * A new tab on the clean address (a bookmark) has none and says to open the printed address; a token
 * from an earlier start is refused by the server.
 */
let app: RunningApp;
let origin: string;

test.beforeAll(async () => {
  app = await startHeadlessApp();
  origin = new URL(app.url).origin;
});

test.afterAll(async () => {
  expect(await app.stop()).toBe(0);
});

/** Every entry of the tab's session history, as Chromium keeps it (what Back and Forward can reach). */
async function historyUrls(page: Page): Promise<string[]> {
  const cdp = await page.context().newCDPSession(page);
  const { entries } = (await cdp.send('Page.getNavigationHistory')) as { entries: { url: string }[] };
  await cdp.detach();
  return entries.map((entry) => entry.url);
}

test('the token leaves the address bar and the history, and a reload still connects', async ({ page }) => {
  await page.goto(app.url + '#/system');
  await expect(page.getByText('Connected', { exact: true })).toBeVisible();
  await expect(page).toHaveURL(`${origin}/#/system`);

  // Moving around adds history entries; none of them, nor the first, holds the token.
  await page.keyboard.press('Control+1');
  await expect(page).toHaveURL(`${origin}/#/dashboard`);
  const history = await historyUrls(page);
  expect(history.length).toBeGreaterThanOrEqual(2);
  expect(history.filter((url) => url.includes('token'))).toEqual([]);
  await page.goBack();
  await expect(page).toHaveURL(`${origin}/#/system`);

  // A reload asks for the clean address; the tab still has its token and connects.
  await page.reload();
  await expect(page).toHaveURL(`${origin}/#/system`);
  await expect(page.getByText('Connected', { exact: true })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Universe poller' }).getByText('ready')).toBeVisible();
  expect((await historyUrls(page)).filter((url) => url.includes('token'))).toEqual([]);
});

test('a new tab on the clean address says to open the printed one', async ({ page }) => {
  await page.goto(`${origin}/#/dashboard`);
  await expect(page.getByRole('alert')).toContainText('Open the address printed in the terminal.');
  await expect(page.getByRole('navigation', { name: 'Main' })).toHaveCount(0);
  await page.screenshot({ path: 'test-results/open-printed-address.png', fullPage: true });

  // Opening the printed address in that tab then works as usual.
  await page.goto(app.url);
  await expect(page.getByText('Connected', { exact: true })).toBeVisible();
  await expect(page).toHaveURL(`${origin}/`);
});

test('an address with a token from an earlier start is refused by the server', async ({ request }) => {
  const stale = await request.get(`${origin}/?token=from-an-earlier-start`);
  expect(stale.status()).toBe(403);
  expect(await stale.text()).toContain('open the URL that `npm run serve` printed');
});
