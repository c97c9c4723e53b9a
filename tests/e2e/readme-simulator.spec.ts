import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { expect, test } from '@playwright/test';
import { startSimulator, type Simulator } from '../sim';

/**
 * The README's "Try it against the simulator" command, run as written (only the simulator's port is
 * the free one this test got, and `--port 0 --data-dir` keep it off fixed ports and ~/.synthex): the
 * first-run flow stores the simulator's key on the first try. Then the Dashboard's "Add API key"
 * opens the form directly, and a tab left open across a restart says what to do.
 */
test.setTimeout(180_000);

const readme = readFileSync('README.md', 'utf8');
const block = /point Synthex at it:\n\n```sh\n([\s\S]+?)\n```/.exec(readme)?.[1];

let sim: Simulator;
test.beforeAll(async () => {
  sim = await startSimulator({ tickIntervalMs: 0 });
});
test.afterAll(async () => {
  await sim?.close();
});

interface ShellApp {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** Runs a shell command in its own process group and waits for headless mode's JSON ready line. */
async function runCommand(command: string): Promise<ShellApp> {
  const child: ChildProcess = spawn('bash', ['-c', command], {
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-6000)));
  const url = await new Promise<string>((resolve, reject) => {
    // `npm run` prints its own banner first (the README says so): the ready line is the JSON one.
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line.startsWith('{"url":')) resolve((JSON.parse(line) as { url: string }).url);
    });
    child.once('exit', (code) => reject(new Error(`the README command exited with ${code}:\n${stderr}`)));
  });
  return {
    url,
    port: Number(new URL(url).port),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        process.kill(-child.pid!, 'SIGTERM');
      }),
  };
}

test('the README simulator command stores the simulator key on the first try', async ({ page }) => {
  expect(block, 'README.md has the simulator command block').toBeTruthy();
  expect(block).toContain('SYNTHEX_VAULT_PASSPHRASE');
  const dataDir = mkdtempSync(join(tmpdir(), 'synthex-readme-'));
  chmodSync(dataDir, 0o755);
  const simPort = new URL(sim.rest).port;
  const command = (port: number) =>
    `${block!.replaceAll('9100', simPort)} -- --port ${port} --data-dir ${JSON.stringify(dataDir)}`;
  let app = await runCommand(command(0));
  try {
    await page.goto(app.url);
    await page.getByLabel('Profile name').fill('Main');
    await page.getByRole('button', { name: 'Create profile' }).click();
    // The environment comes from the command and is shown pinned.
    await expect(page.getByRole('radio', { name: /Custom URL/ })).toBeChecked();
    await expect(page.getByText('Set by SYNTHEX_BYBIT_ENV.')).toBeVisible();
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect(page.getByText('API keys cannot be stored yet')).toHaveCount(0);
    await page.getByLabel('API key').fill(sim.apiKey);
    await page.getByLabel('API secret').fill(sim.apiSecret);
    await page.getByRole('button', { name: 'Validate and save' }).click();
    await expect(page.getByRole('heading', { name: 'Ready' })).toBeVisible();
    await expect(page.getByText('The key is validated and stored')).toBeVisible();
    await page.getByRole('button', { name: 'Go to the dashboard' }).click();
    await expect(page.getByRole('region', { name: 'Account' })).toContainText('trading enabled');

    // A second profile has no key: Dashboard's "Add API key" lands on the open form, no second click.
    await page.goto(app.url + '#/settings');
    await page.getByRole('button', { name: 'Create another profile' }).click();
    await page.getByLabel('Profile name').fill('Second');
    await page.getByRole('button', { name: 'Create profile' }).click();
    await expect(page.locator('#activeProfile')).toHaveText(/Second/);
    await page.goto(app.url + '#/dashboard');
    await expect(page.getByRole('region', { name: 'Account' })).toContainText('Second');
    await page.getByRole('button', { name: 'Add API key' }).click();
    await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible();
    await expect(page.getByRole('textbox', { name: 'API key', exact: true })).toBeEditable();
    await expect(page.getByText('Checked against Custom URL')).toBeVisible();

    // Restarted on the same port with a new token: the open tab says what to do.
    const port = app.port;
    await app.stop();
    app = await runCommand(command(port));
    await expect(
      page
        .getByRole('alert')
        .filter({ hasText: 'Synthex restarted: open the new address printed in the terminal' }),
    ).toBeVisible({ timeout: 30_000 });
    await expect(page.getByRole('contentinfo', { name: 'Status' })).toContainText('Synthex restarted');
    await page.screenshot({ path: 'test-results/restarted-banner.png', fullPage: true });
    await page.goto(app.url);
    await expect(page.getByText('Connected', { exact: true })).toBeVisible();
  } finally {
    await app.stop();
  }
});
