import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDirs } from '../db/db-test-helpers';
import { startSimulator, type Simulator } from '../sim';
import { connectContract, startAppProcess, type AppProcess } from '../support/headless-process';
import { childrenOf, processView } from '../support/proc-children';
import { waitFor } from '../support/wait-for';

/**
 * The built headless app (`npm run build` first) started with SYNTHEX_VAULT_PASSPHRASE_FILE: it stores
 * a key and opens it again after a restart, while /proc/<pid>/environ (what the kernel keeps for the
 * process's life) holds only the file's path, and no child gets even that. A file other users can read
 * stops the start with the fix in words.
 */
const passphrase = 'a vault passphrase read from a file';
let sim: Simulator;
let secrets: string;
let app: AppProcess | null = null;

beforeAll(async () => {
  sim = await startSimulator({ tickIntervalMs: 0 });
  secrets = makeTempDir('synthex-secrets-');
});

afterEach(async () => {
  await app?.stop();
  app = null;
});

afterAll(async () => {
  await sim?.close();
  removeTempDirs();
});

function passphraseFile(name: string, mode: number): string {
  const path = join(secrets, name);
  writeFileSync(path, `${passphrase}\n`, { mode });
  return path;
}

const simulatorEnv = () => ({
  SYNTHEX_BYBIT_ENV: 'custom',
  SYNTHEX_BYBIT_REST_URL: sim.rest,
  SYNTHEX_BYBIT_WS_URL: sim.ws,
  SYNTHEX_COINGECKO_URL: sim.coingecko,
});

describe('SYNTHEX_VAULT_PASSPHRASE_FILE', () => {
  it('stores and opens a key while the passphrase stays out of every /proc environ', async () => {
    const dataDir = makeTempDir('synthex-passphrase-file-app-');
    const env = { ...simulatorEnv(), SYNTHEX_VAULT_PASSPHRASE_FILE: passphraseFile('vault', 0o600) };
    app = await startAppProcess(dataDir, env);
    let client = await connectContract(app.url);
    await client.invoke('profiles.create', { name: 'Main' });
    const key = sim.control.createKey({ balanceUsdt: '1000' });
    const stored = await client.invoke('credentials.set', {
      environment: 'custom',
      customRestUrl: sim.rest,
      customWsUrl: sim.ws,
      ...key,
    });
    expect(stored.check).toMatchObject({ ok: true });

    const own = processView(app.child.pid!)!;
    expect(own.environ).toContain(`SYNTHEX_VAULT_PASSPHRASE_FILE=${env.SYNTHEX_VAULT_PASSPHRASE_FILE}`);
    expect(own.environ).not.toContain(passphrase);
    // The poller and postgres: neither the passphrase nor where it is.
    const children = await waitFor<ReturnType<typeof childrenOf>>(
      () => {
        const found = childrenOf(app!.child.pid!);
        const commands = found.map((child) => child.command).join('\n');
        if (!/poller\.js/.test(commands) || !/postgres/.test(commands)) throw new Error(commands);
        return found;
      },
      { timeoutMs: 30_000 },
    );
    for (const child of children) {
      expect(child.environ, child.command).not.toContain('SYNTHEX_VAULT_PASSPHRASE');
      expect(child.environ, child.command).not.toContain(passphrase);
    }
    client.close();

    // Another start with the same file opens the stored key: it decrypts and signs a request.
    await app.stop();
    app = await startAppProcess(dataDir, env);
    client = await connectContract(app.url);
    const verified = await client.invoke('credentials.get', { verify: true });
    expect(verified.vault.available).toBe(true);
    expect(verified.check).toMatchObject({ ok: true });
    client.close();
  }, 180_000); // two starts of the real app with its own Postgres

  it('refuses a file other users can read: the start stops with the fix in words', async () => {
    const path = passphraseFile('shared', 0o644);
    const outcome = await startAppProcess(makeTempDir('synthex-passphrase-file-refused-'), {
      ...simulatorEnv(),
      SYNTHEX_VAULT_PASSPHRASE_FILE: path,
    }).then(
      async (started) => (await started.stop(), 'started'),
      (error: Error) => error.message,
    );
    expect(outcome).toBe(
      `headless mode exited with 1 before it was ready:\nSynthex could not start: SYNTHEX_VAULT_PASSPHRASE_FILE ` +
        `names ${path}, which other users may read or change (mode 0644). Run \`chmod 600 ${path}\` and start again.\n`,
    );
  }, 60_000);
});
