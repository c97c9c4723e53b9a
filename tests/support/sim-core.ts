import type { Simulator } from '../sim';
import { makeTempDir } from '../db/db-test-helpers';
import { realPoller, startTestCore, type TestCore } from './core-harness';
import { waitFor } from './wait-for';

/** What headless mode would be started with to trade on the simulator (docs/architecture.md, configuration). */
export function simEnv(sim: Simulator): Record<string, string> {
  return {
    SYNTHEX_BYBIT_ENV: 'custom',
    SYNTHEX_BYBIT_REST_URL: sim.rest,
    SYNTHEX_BYBIT_WS_URL: sim.ws,
    SYNTHEX_COINGECKO_URL: sim.coingecko,
    SYNTHEX_VAULT_PASSPHRASE: 'correct horse battery staple',
  };
}

export interface SimCore {
  app: TestCore;
  profileId: number;
  key: { apiKey: string; apiSecret: string };
}

/**
 * The real core against the simulator, the way a trader sets it up: a profile, a funded trading key stored
 * through `credentials.set`, and today's universe refreshed by the real poller process.
 */
export async function startSimCore(
  sim: Simulator,
  options: {
    balanceUsdt?: string;
    dataDir?: string;
    name?: string;
    positions?: Parameters<typeof startTestCore>[0]['positions'];
    pnl?: Parameters<typeof startTestCore>[0]['pnl'];
    risk?: Parameters<typeof startTestCore>[0]['risk'];
    prices?: Parameters<typeof startTestCore>[0]['prices'];
  } = {},
): Promise<SimCore> {
  const dataDir = options.dataDir ?? makeTempDir('synthex-sim-core-');
  const app = await startTestCore({
    dataDir,
    env: simEnv(sim),
    poller: realPoller,
    positions: options.positions,
    pnl: options.pnl,
    risk: options.risk,
    prices: options.prices,
  });
  const profile = await app.invoke('profiles.create', { name: options.name ?? 'Trader', select: true });
  const key = sim.control.createKey({ balanceUsdt: options.balanceUsdt ?? '1000000' });
  await app.invoke('credentials.set', {
    environment: 'custom',
    customRestUrl: sim.rest,
    customWsUrl: sim.ws,
    apiKey: key.apiKey,
    apiSecret: key.apiSecret,
  });
  await waitForUniverse(app);
  return { app, profileId: profile.id, key };
}

/** Until today's snapshot is in the General Data DB (the core refreshes at start when it is missing). */
export async function waitForUniverse(app: Pick<TestCore, 'invoke'>): Promise<void> {
  await waitFor(
    async () => {
      const state = await app.invoke('universe.latest', {});
      if (!state.snapshot && !state.running) await app.invoke('universe.refresh', {});
      return state.snapshot !== null;
    },
    { timeoutMs: 60_000, intervalMs: 200 },
  );
}
