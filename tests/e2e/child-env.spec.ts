import { expect, test } from '@playwright/test';
import { childrenOf } from '../support/proc-children';
import { startHeadlessApp, type RunningApp } from './headless-app';

/**
 * SYNTHEX_VAULT_PASSPHRASE is read once by headless mode and reaches none of its children: the poller
 * and the embedded postgres server, read from /proc as the kernel sees their environments.
 */
const passphrase = 'child env e2e passphrase';
let app: RunningApp;

test.beforeAll(async () => {
  app = await startHeadlessApp({ env: { SYNTHEX_VAULT_PASSPHRASE: passphrase } });
});

test.afterAll(async () => {
  expect(await app.stop()).toBe(0);
});

test('neither the poller nor postgres inherits the vault passphrase', async () => {
  const appPid = app.process.pid!;
  await expect
    .poll(
      () =>
        childrenOf(appPid)
          .map((child) => child.command)
          .join('\n'),
      { timeout: 30_000 },
    )
    .toMatch(/poller\.js[\s\S]*postgres|postgres[\s\S]*poller\.js/);
  for (const child of childrenOf(appPid)) {
    expect(child.environ, child.command).not.toContain('SYNTHEX_VAULT_PASSPHRASE');
    expect(child.environ, child.command).not.toContain(passphrase);
  }
});
