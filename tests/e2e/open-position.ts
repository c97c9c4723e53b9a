import { expect, type Locator, type Page } from '@playwright/test';
import type { RunningApp } from './headless-app';

/** The New position page's preview: the legs table's rows, the dropped legs' rows, its heading. */
export const previewLegs = (page: Page) =>
  page.getByRole('table', { name: 'Preview legs' }).locator('tbody').getByRole('row');
export const droppedLegs = (page: Page) =>
  page.getByRole('table', { name: 'Dropped legs' }).locator('tbody').getByRole('row');
export const previewHeading = (page: Page) => page.getByRole('region', { name: 'Preview' }).locator('h2');

/** The message under a form field (the page's fields say their error in `<id>-error`). */
export const fieldError = (page: Page, id: string) => page.locator(`[id="${id}-error"]`);

/**
 * The New position page, ready to open: with `index`, that index chosen and its preview shown; either
 * way, Open position… enabled.
 */
export async function newPositionPage(page: Page, app: RunningApp, index?: string): Promise<void> {
  await page.goto(`${app.url}#/positions/new`);
  if (index !== undefined) {
    await page.getByLabel('Index').selectOption({ label: index });
    await expect(previewHeading(page)).toContainText(index, {
      timeout: 20_000,
    });
  }
  await expect(page.getByRole('button', { name: 'Open position…' })).toBeEnabled({ timeout: 20_000 });
}

/**
 * From a ready New position page: Open position… and Confirm and open, then the new position's page until
 * its heading shows `status` (ACTIVE unless said). The position's id is read from the page's address.
 */
export async function confirmOpening(
  page: Page,
  status = 'ACTIVE',
): Promise<{ id: number; heading: Locator }> {
  await page.getByRole('button', { name: 'Open position…' }).click();
  await page
    .getByRole('group', { name: 'Confirm opening' })
    .getByRole('button', { name: 'Confirm and open' })
    .click();
  await expect(page).toHaveURL(/#\/positions\/\d+$/);
  const id = Number(/#\/positions\/(\d+)$/.exec(page.url())![1]);
  const heading = page.getByRole('heading', { level: 1 });
  await expect(heading).toContainText(status, { timeout: 45_000 });
  return { id, heading };
}

/** A position opened the trader's way: `newPositionPage` then `confirmOpening`. */
export async function openPosition(
  page: Page,
  app: RunningApp,
  options: { index?: string; status?: string } = {},
): Promise<{ id: number; heading: Locator }> {
  await newPositionPage(page, app, options.index);
  return confirmOpening(page, options.status);
}
