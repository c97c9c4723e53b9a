import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests drive the real product in headless mode with Debian's Chromium (Playwright's own
 * browser download is not reachable here). `npm run build` must have run first; `npm test` does that.
 */
export default defineConfig({
  testDir: 'tests/e2e',
  // A ceiling, not a verdict: start-up (Postgres, the simulator, the app) on two busy cores can take a minute.
  timeout: 120_000,
  // A ceiling for each assertion's wait, not a verdict: on two loaded cores a data-key rotation (scrypt and
  // re-encryption) took longer than Playwright's default 5 s to show its outcome (run K): the spec failed.
  expect: { timeout: 30_000 },
  // Each spec starts its own simulator and app on free ports and spends most of its time waiting on them:
  // two at a time fit two cores.
  workers: Number(process.env.SYNTHEX_E2E_WORKERS ?? 2),
  retries: 0,
  reporter: [['list']],
  outputDir: 'test-results',
  use: {
    headless: true,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.SYNTHEX_CHROMIUM ?? '/usr/bin/chromium',
      // As root Chromium needs --no-sandbox; the rest keeps it from calling home on a closed network.
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
});
