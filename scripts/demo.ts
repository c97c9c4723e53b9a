/**
 * `npm run demo [-- --port 8420 --data-dir DIR]`: everything a newcomer needs to open, watch and close an
 * index position with no Bybit account and no network. It starts the Bybit and CoinGecko simulators,
 * headless mode pointed at them (built first when out/ is stale), stores a funded simulator key in a
 * "Demo trader" profile through the normal credentials.set path (validated like any key), waits for the
 * first universe refresh, and prints the URL to open. Ctrl+C stops both.
 *
 * The data directory is a fresh temporary one unless --data-dir names one. A named one is kept between
 * runs, and so is everything the demo needs to open it again (demo-data.ts): the vault passphrase and the
 * simulator's state, so a restarted demo trades on the same simulator account (same key, balances,
 * positions, orders and executions) and finds its positions there.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { staleReason } from './build-stamp.mjs';
import { build } from './build.mjs';
import { maskApiKey } from '../electron/core/bybit-account/masked-key';
import { startSimulator } from '../tests/sim';
import { demoData } from './demo-data';
import { connectContract, startAppProcess } from '../tests/support/headless-process';

const root = resolve(import.meta.dirname, '..');
const say = (line: string) => process.stderr.write(`${line}\n`);

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function waitForUniverse(invoke: () => Promise<boolean>): Promise<void> {
  for (let waited = 0; waited < 120_000; waited += 250) {
    if (await invoke().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('the first universe refresh did not finish within 2 minutes');
}

async function main(): Promise<void> {
  const stale = staleReason(root);
  if (stale) {
    say(`Building Synthex first (${stale})…`);
    build({ quiet: true });
  }
  const keep = option('data-dir') !== undefined;
  const dataDir = option('data-dir') ?? mkdtempSync(join(tmpdir(), 'synthex-demo-'));
  mkdirSync(dataDir, { recursive: true });
  chmodSync(dataDir, 0o755); // as root the embedded postgres runs as the postgres user and must enter it
  const { simulatorState, passphrase } = demoData(dataDir, process.env.SYNTHEX_VAULT_PASSPHRASE);
  // Its key, account and address come back from the state file on a second run.
  const sim = await startSimulator({ stateFile: simulatorState });
  const app = await startAppProcess(
    dataDir,
    {
      SYNTHEX_BYBIT_ENV: 'custom',
      SYNTHEX_BYBIT_REST_URL: sim.rest,
      SYNTHEX_BYBIT_WS_URL: sim.ws,
      SYNTHEX_COINGECKO_URL: sim.coingecko,
      SYNTHEX_VAULT_PASSPHRASE: passphrase,
      SYNTHEX_DISABLE_UPDATES: '1',
    },
    option('port') ? ['--port', option('port')!] : [],
  );
  const stop = async (signal: string) => {
    say(`\n${signal}: stopping the demo`);
    await app.stop();
    await sim.close();
    // A temporary demo directory goes with the demo; one named with --data-dir is the trader's to keep.
    if (!keep) rmSync(dataDir, { recursive: true, force: true });
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  const client = await connectContract(app.url);
  const { profiles } = await client.invoke('profiles.list', {});
  if (!profiles.some((p) => p.name === 'Demo trader'))
    await client.invoke('profiles.create', { name: 'Demo trader', select: true });
  // The simulator's own key (100 000 USDT at first), stored again only when it or the address changed.
  const { credential } = await client.invoke('credentials.get', {});
  if (credential?.maskedKey !== maskApiKey(sim.apiKey) || credential.customRestUrl !== sim.rest)
    await client.invoke('credentials.set', {
      environment: 'custom',
      customRestUrl: sim.rest,
      customWsUrl: sim.ws,
      apiKey: sim.apiKey,
      apiSecret: sim.apiSecret,
    });
  say('Waiting for the first universe refresh…');
  await waitForUniverse(async () => (await client.invoke('universe.latest', {})).snapshot !== null);
  client.close();
  say(
    [
      '',
      'Synthex demo is ready. Open:',
      `  ${app.url}`,
      '',
      'The "Demo trader" profile trades on a local Bybit simulator with 100 000 simulated USDT.',
      'Positions → New position (N), pick Top 10 equal, 1000 USDT, long, Open; then Close it from its page.',
      keep
        ? `Data: ${dataDir} (kept, with the simulator's account: run the same command to go on). Ctrl+C stops Synthex and the simulator.`
        : `Data: ${dataDir} (temporary, removed on exit). Ctrl+C stops Synthex and the simulator.`,
    ].join('\n'),
  );
  // Last, so a script that reads this line knows everything above is done.
  // The simulator key too (a simulator's, as `npm run sim` prints it): a script can look at the account.
  process.stdout.write(
    `${JSON.stringify({ url: app.url, simulator: sim.rest, dataDir, simulatorKey: { apiKey: sim.apiKey, apiSecret: sim.apiSecret } })}\n`,
  );
}

main().catch((error: unknown) => {
  say(`The demo could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
