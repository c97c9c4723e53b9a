import { expect, type test as playwrightTest } from '@playwright/test';
import { startSimulator, type Simulator, type SimulatorOptions } from '../sim';
import { startHeadlessApp, type RunningApp } from './headless-app';
import { createTradingProfile, simulatorEnv } from './trading-profile';

/** What `useTradingSession` has started; its fields are set by the spec's beforeAll. */
export interface TradingSession {
  sim: Simulator;
  app: RunningApp;
  /** The trader's funded simulator key, as the profile stores it. */
  key: { apiKey: string; apiSecret: string };
}

export interface TradingSessionOptions {
  /**
   * As `startSimulator` takes them; its defaults walk the prices. `{ tickIntervalMs: 0 }`: prices move only
   * when the test moves them.
   */
  simulator?: SimulatorOptions;
  /** The trading key's USDT balance on the simulator (default 20 000). */
  balanceUsdt?: string;
  /** Set up the simulator before the app first reads it (prices, funding intervals). */
  beforeApp?: (sim: Simulator) => void | Promise<void>;
  /** Run first at teardown, while the app still runs (close a client, resume a stopped process). */
  beforeStop?: (session: TradingSession) => void | Promise<void>;
}

/**
 * A trading session for one spec file: the simulator, the built headless app pointed at it, and a trader
 * profile with a funded key, made through the first-run flow in a page of its own. The app must stop with
 * exit code 0 at the end.
 */
export function useTradingSession(
  test: typeof playwrightTest,
  options: TradingSessionOptions = {},
): TradingSession {
  const session = {} as TradingSession;
  test.beforeAll(async ({ browser }) => {
    session.sim = await startSimulator(options.simulator);
    await options.beforeApp?.(session.sim);
    session.app = await startHeadlessApp({ env: simulatorEnv(session.sim) });
    session.key = session.sim.control.createKey({ balanceUsdt: options.balanceUsdt ?? '20000' });
    const page = await browser.newPage();
    await createTradingProfile(page, session.app, session.key);
    await page.close();
  });
  test.afterAll(async () => {
    if (session.app) await options.beforeStop?.(session);
    expect(await session.app?.stop()).toBe(0);
    await session.sim?.close();
  });
  return session;
}
