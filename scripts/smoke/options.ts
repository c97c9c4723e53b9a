/**
 * What `npm run smoke` was asked to do, from its arguments and environment, refused in words when it is
 * unsafe or incomplete. Mainnet moves real money: it needs both `--mainnet` and `--max-usdt N`.
 */
import { Dec } from '../../shared/decimal';
import type { ExchangeEnvironment } from '../../shared/domain/settings';

export interface SmokeOptions {
  env: ExchangeEnvironment;
  apiKey: string;
  apiSecret: string;
  /** For --env custom: Bybit's (or the simulator's) REST and WebSocket base URLs. */
  customRestUrl: string | null;
  customWsUrl: string | null;
  /** Where market caps come from (the real CoinGecko unless set). */
  coingeckoUrl: string | null;
  /** The largest position size allowed (USDT); null = the minimum, whatever it is (never on mainnet). */
  maxUsdt: Dec | null;
  /** Open-and-close cycles to run (default 1). */
  roundTrips: number;
  /** Keep the data directory (a log of what happened) instead of removing it. */
  dataDir: string | null;
}

export const usage = `npm run smoke -- --env testnet|demo|custom [--max-usdt N] [--round-trips N] [--data-dir DIR]

Opens the smallest Top 5 index position Bybit allows with your key, waits until it is ACTIVE, closes it,
then compares Bybit's execution list with the trades Synthex stored and prints a report.

  SYNTHEX_SMOKE_API_KEY, SYNTHEX_SMOKE_API_SECRET   the key to test (required)
  SYNTHEX_BYBIT_REST_URL, SYNTHEX_BYBIT_WS_URL      base URLs for --env custom (the simulator)
  SYNTHEX_COINGECKO_URL                             market-cap source (default: CoinGecko)

Mainnet moves real money and is refused unless both --mainnet and --max-usdt N are given
(npm run smoke -- --env mainnet --mainnet --max-usdt 60).`;

export class SmokeUsageError extends Error {}

function flag(argv: readonly string[], name: string): boolean {
  return argv.includes(`--${name}`);
}

function value(argv: readonly string[], name: string): string | undefined {
  const i = argv.indexOf(`--${name}`);
  if (i >= 0) return argv[i + 1];
  return argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
}

const environments = ['mainnet', 'testnet', 'demo', 'custom'] as const;

export function parseSmokeOptions(argv: readonly string[], env: NodeJS.ProcessEnv): SmokeOptions {
  const requested = value(argv, 'env');
  if (!requested || !(environments as readonly string[]).includes(requested))
    throw new SmokeUsageError(
      'Say which Bybit environment to test: --env testnet, --env demo or --env custom.',
    );
  const environment = requested as ExchangeEnvironment;
  const maxText = value(argv, 'max-usdt');
  let maxUsdt: Dec | null = null;
  if (maxText !== undefined) {
    if (!/^\d+(\.\d+)?$/.test(maxText) || new Dec(maxText).lte(0))
      throw new SmokeUsageError(`--max-usdt must be a positive amount of USDT, such as 60 (got ${maxText}).`);
    maxUsdt = new Dec(maxText);
  }
  if (environment === 'mainnet' && !(flag(argv, 'mainnet') && maxUsdt))
    throw new SmokeUsageError(
      'Refusing to trade on mainnet: it moves real money. Run the smoke test on testnet or demo trading first; ' +
        'to run it on mainnet anyway, give both --mainnet and --max-usdt N (the most it may open, in USDT).',
    );
  if (environment !== 'mainnet' && flag(argv, 'mainnet'))
    throw new SmokeUsageError(`--mainnet only goes with --env mainnet (this run is --env ${environment}).`);
  const roundTripsText = value(argv, 'round-trips') ?? '1';
  const roundTrips = Number(roundTripsText);
  if (!Number.isInteger(roundTrips) || roundTrips < 1 || roundTrips > 10)
    throw new SmokeUsageError(`--round-trips must be a whole number from 1 to 10 (got ${roundTripsText}).`);
  const apiKey = env.SYNTHEX_SMOKE_API_KEY?.trim() ?? '';
  const apiSecret = env.SYNTHEX_SMOKE_API_SECRET?.trim() ?? '';
  if (!apiKey || !apiSecret)
    throw new SmokeUsageError(
      'Set SYNTHEX_SMOKE_API_KEY and SYNTHEX_SMOKE_API_SECRET to the key to test (a testnet or demo-trading key, ' +
        "with Contracts 'Orders' and 'Positions' read-write and no withdrawal permission).",
    );
  const customRestUrl = env.SYNTHEX_BYBIT_REST_URL?.trim() || null;
  const customWsUrl = env.SYNTHEX_BYBIT_WS_URL?.trim() || null;
  if (environment === 'custom' && (!customRestUrl || !customWsUrl))
    throw new SmokeUsageError('--env custom needs SYNTHEX_BYBIT_REST_URL and SYNTHEX_BYBIT_WS_URL.');
  return {
    env: environment,
    apiKey,
    apiSecret,
    customRestUrl: environment === 'custom' ? customRestUrl : null,
    customWsUrl: environment === 'custom' ? customWsUrl : null,
    coingeckoUrl: env.SYNTHEX_COINGECKO_URL?.trim() || null,
    maxUsdt,
    roundTrips,
    dataDir: value(argv, 'data-dir') ?? null,
  };
}
