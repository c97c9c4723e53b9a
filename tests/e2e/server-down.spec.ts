import { expect, test, type WebSocketRoute } from '@playwright/test';
import { connectContract } from '../support/headless-process';
import { useTradingSession } from './trading-session';

/**
 * Synthex stops answering while a position's page is open: the headless process is stopped (SIGSTOP) and
 * the page's socket drops, so the page's reconnect waits on a server that does not answer. Close must
 * fail in words within seconds (not spin "Closing…" for the whole outage), every live figure must read
 * stale, and when the process runs again the page comes back by itself.
 */
test.setTimeout(180_000);
test.use({ viewport: { width: 1440, height: 1000 } });

// The simulator's defaults: its prices walk.
const session = useTradingSession(test, {
  beforeStop: ({ app }) => {
    if (app.process.exitCode === null) app.process.kill('SIGCONT');
  },
});

test('Close while Synthex is down says so within seconds, the page reads stale, and it comes back by itself', async ({
  page,
}) => {
  // The page's sockets pass through untouched; the test keeps a hand on them to drop them.
  const sockets: [WebSocketRoute, WebSocketRoute][] = [];
  await page.routeWebSocket(/\/ws/, (ws) => {
    sockets.push([ws, ws.connectToServer()]);
  });
  const client = await connectContract(session.app.url);
  const { position } = await client.invoke('positions.open', {
    requestId: crypto.randomUUID(),
    indexId: 'top5-equal',
    usdtSize: '1000',
    direction: 'long',
  });
  client.close();
  await page.goto(`${session.app.url}#/positions/${position.id}`);
  const heading = page.getByRole('heading', { level: 1 });
  await expect(heading).toContainText('ACTIVE', { timeout: 45_000 });
  const livePnl = page.locator(`[data-position-pnl="${position.id}"]`);
  await expect(livePnl).toBeVisible({ timeout: 20_000 });
  await expect(page).toHaveTitle(/USDT · Synthex$/);
  const status = page.getByRole('contentinfo', { name: 'Status' });
  await expect(status).toContainText('Connected');
  await expect(heading).not.toContainText('stale');

  // Down: the process stops answering and the page's connection drops.
  process.kill(session.app.process.pid!, 'SIGSTOP');
  try {
    for (const [pageSide, serverSide] of sockets.splice(0)) {
      await pageSide.close();
      await serverSide.close();
    }
    await expect(status).toContainText('Connection lost');
    await expect(heading).toContainText('stale');
    await expect(livePnl).toContainText('stale');
    await expect(page).toHaveTitle(/USDT \(stale\) · Synthex$/);

    await page.getByRole('button', { name: 'Close position…' }).click();
    await page.getByRole('button', { name: 'Close now' }).click();
    // Well inside the old behaviour's 60 s of "Closing…": the request fails and says why.
    await expect(page.getByRole('alert')).toContainText('Synthex cannot be reached', { timeout: 15_000 });
    await expect(page.getByRole('button', { name: 'Close now' })).toBeEnabled();
  } finally {
    process.kill(session.app.process.pid!, 'SIGCONT');
  }

  // Back: the page reconnects on its own, the marks go, and nothing was sent while it was down.
  await expect(status).toContainText('Connected', { timeout: 30_000 });
  await expect(heading).not.toContainText('stale');
  await expect(livePnl).not.toContainText('stale');
  await expect(page).toHaveTitle(/\d USDT · Synthex$/);
  await expect(heading).toContainText('ACTIVE');
  await page.getByRole('button', { name: 'Close now' }).click();
  await expect(heading).toContainText('CLOSED', { timeout: 45_000 });
});
