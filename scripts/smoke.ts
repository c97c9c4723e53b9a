/**
 * `npm run smoke -- --env testnet|demo|custom`: before trusting Synthex with mainnet money, open and close
 * the smallest Top 5 index position Bybit allows with your own key, and check that every fill Bybit lists
 * is in Synthex's `trades` as Bybit reported it. Runs headless mode (built first when out/ is stale) on a
 * temporary data directory, talks to it through its contract like the UI does, prints a report on stdout
 * (progress on stderr) and exits 0 only when it passed. See README "Test your key before mainnet".
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { staleReason } from './build-stamp.mjs';
import { build } from './build.mjs';
import { BybitGateway, exchangeEndpoints } from '../electron/core/exchange';
import { silentLogger } from '../electron/core/util/logger';
import { connectContract, startAppProcess, type AppProcess } from '../tests/support/headless-process';
import { parseSmokeOptions, SmokeUsageError, usage, type SmokeOptions } from './smoke/options';
import { formatReport, passed } from './smoke/report';
import { runSmoke } from './smoke/run-smoke';

const root = resolve(import.meta.dirname, '..');
const say = (line: string) => process.stderr.write(`${line}\n`);

function appEnv(options: SmokeOptions): Record<string, string> {
  return {
    SYNTHEX_BYBIT_ENV: options.env,
    ...(options.customRestUrl && { SYNTHEX_BYBIT_REST_URL: options.customRestUrl }),
    ...(options.customWsUrl && { SYNTHEX_BYBIT_WS_URL: options.customWsUrl }),
    ...(options.coingeckoUrl && { SYNTHEX_COINGECKO_URL: options.coingeckoUrl }),
    // A throwaway vault: the key lives only as long as this run (or in --data-dir, encrypted).
    SYNTHEX_VAULT_PASSPHRASE: process.env.SYNTHEX_VAULT_PASSPHRASE ?? randomBytes(18).toString('base64url'),
    SYNTHEX_DISABLE_UPDATES: '1',
  };
}

async function main(): Promise<number> {
  let options: SmokeOptions;
  try {
    options = parseSmokeOptions(process.argv.slice(2), process.env);
  } catch (error) {
    if (!(error instanceof SmokeUsageError)) throw error;
    say(`${error.message}\n\n${usage}`);
    return 2;
  }
  const stale = staleReason(root);
  if (stale) {
    say(`Building Synthex first (${stale})…`);
    build({ quiet: true });
  }
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'synthex-smoke-'));
  mkdirSync(dataDir, { recursive: true });
  chmodSync(dataDir, 0o755); // as root the embedded postgres runs as the postgres user and must enter it
  let app: AppProcess | null = null;
  const bybit = new BybitGateway({
    endpoints: exchangeEndpoints({
      exchangeEnvironment: options.env,
      customRestUrl: options.customRestUrl,
      customWsUrl: options.customWsUrl,
    }),
    credentials: { apiKey: options.apiKey, apiSecret: options.apiSecret },
    logger: silentLogger,
  });
  try {
    await bybit.syncClock();
    app = await startAppProcess(dataDir, appEnv(options));
    const client = await connectContract(app.url);
    try {
      const report = await runSmoke(client, bybit, options, say);
      process.stdout.write(`${formatReport(report)}\n`);
      return passed(report) ? 0 : 1;
    } finally {
      client.close();
    }
  } catch (error) {
    say(`The smoke test could not finish: ${error instanceof Error ? error.message : String(error)}`);
    if (options.dataDir === null)
      say('(Run it again with --data-dir DIR to keep the data directory and its log.)');
    return 1;
  } finally {
    await app?.stop();
    if (options.dataDir === null) rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    say(`The smoke test failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
