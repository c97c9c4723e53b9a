import { Kysely, PostgresDialect } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GeneralDb } from '../../electron/core/db';
import { synthexPgTypes } from '../../electron/core/db/pg-types';
import {
  makeTempDir,
  removeTempDirs,
  startTestCluster,
  testPool,
  type TestCluster,
} from '../db/db-test-helpers';
import { startSimulator, type Simulator } from '../sim';
import { startHeldExchange } from '../support/held-exchange';
import { connectContract, startAppProcess, type AppProcess } from '../support/headless-process';
import { simEnv } from '../support/sim-core';
import { waitFor } from '../support/wait-for';
import { simDailyMarks, simFunding, storedRows, waitForFetchedHistory } from './history-helpers';

/**
 * The market history with the built headless process (`npm run build` first): a fetch killed with
 * SIGKILL mid-way resumes where it stopped, and two processes on one General Data DB fetch it once.
 * The simulator's answers pass a proxy that can hold them, so "mid-way" is a state the test chooses,
 * not a moment it hopes to hit.
 */
let cluster: TestCluster;
const running: AppProcess[] = [];
const closers: (() => Promise<void>)[] = [];

beforeAll(async () => {
  cluster = await startTestCluster();
}, 120_000);

afterAll(async () => {
  for (const app of running) await app.kill(true);
  for (const close of closers) await close();
  await cluster?.close();
  removeTempDirs();
});

async function setup(name: string, historyDays: number) {
  const sim = await startSimulator({ seed: 11, tickIntervalMs: 0, historyDays });
  const exchange = await startHeldExchange(sim.rest);
  closers.push(
    () => exchange.close(),
    () => sim.close(),
  );
  const generalUrl = cluster.url(await cluster.createDatabase(`${name}_general`));
  const pool = testPool({ connectionString: generalUrl, types: synthexPgTypes, max: 2 });
  const db = new Kysely<GeneralDb>({ dialect: new PostgresDialect({ pool }) });
  closers.push(() => db.destroy());
  const env = (user: string) => ({
    ...simEnv(sim),
    SYNTHEX_BYBIT_REST_URL: exchange.url,
    SYNTHEX_GENERAL_DB_URL: generalUrl,
    SYNTHEX_USER_DB_URL: user,
    // A tenth of Bybit's IP limit: a run lasts long enough to be caught half-way.
    SYNTHEX_HISTORY_REQUESTS_PER_5S: '50',
  });
  return {
    sim,
    exchange,
    db,
    env,
    userDb: async (n: string) => cluster.url(await cluster.createDatabase(n)),
  };
}

async function start(dataDir: string, env: Record<string, string>) {
  const app = await startAppProcess(dataDir, env);
  running.push(app);
  let stderr = '';
  app.child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const client = await connectContract(app.url);
  return { app, client, stderr: () => stderr };
}

/** Symbol → both series complete back to the listing. */
async function completeSymbols(db: Kysely<GeneralDb>): Promise<Set<string>> {
  const rows = await db
    .selectFrom('market_history_coverage')
    .select(['symbol', 'series', 'reached_start'])
    .execute();
  const done = new Map<string, number>();
  for (const row of rows) if (row.reached_start) done.set(row.symbol, (done.get(row.symbol) ?? 0) + 1);
  return new Set([...done].filter(([, n]) => n === 2).map(([symbol]) => symbol));
}

/** Every stored row equals the simulator's history: every day and settlement, none twice, no gap. */
async function expectSameAsSimulator(sim: Simulator, db: Kysely<GeneralDb>, symbols: readonly string[]) {
  const stored = await storedRows(db);
  for (const symbol of symbols) {
    const marks = await simDailyMarks(sim, symbol);
    expect(
      stored.marks.filter((r) => r.symbol === symbol).map((r) => r.time),
      symbol,
    ).toEqual(marks.map((k) => k.start));
    const funding = await simFunding(sim, symbol, Date.now() - 10 * 60_000);
    expect(
      stored.funding.filter((r) => r.symbol === symbol).map((r) => r.time),
      symbol,
    ).toEqual(funding.map((f) => f.time));
  }
}

describe('market history across processes', () => {
  it('a fetch killed with SIGKILL half-way resumes where it stopped: no gap, no duplicate row', async () => {
    const { sim, exchange, db, env, userDb } = await setup('history_kill', 120);
    const dataDir = makeTempDir('synthex-history-kill-');
    const appEnv = env(await userDb('history_kill_user'));
    const first = await start(dataDir, appEnv);
    await waitFor(async () => (await completeSymbols(db)).size >= 5, { timeoutMs: 120_000, intervalMs: 50 });
    // Funding answers stop coming back: the run is stuck half-way, pages written, lock held.
    exchange.hold('/v5/market/funding/history');
    await waitFor(() => exchange.held() > 0, { timeoutMs: 60_000 });
    const state = await first.client.invoke('universe.marketHistory', {});
    expect(state.fetcher).toBe('this');
    first.client.close();
    await first.app.kill(true); // a power cut: the app and its poller at once
    exchange.release();

    const completeBefore = await completeSymbols(db);
    const requestsBefore = sim.control.marketHistoryRequests();
    expect(completeBefore.size).toBeLessThan(state.running!.total);

    const second = await start(dataDir, appEnv);
    const done = await waitForFetchedHistory(() => second.client.invoke('universe.marketHistory', {}));
    expect(done.lastRun!.failures).toEqual([]);
    const requestsAfter = sim.control.marketHistoryRequests();
    const delta = (path: string, symbol: string) =>
      (requestsAfter[path]?.[symbol] ?? 0) - (requestsBefore[path]?.[symbol] ?? 0);
    // What was finished is not fetched again: no kline, at most one funding look for a new settlement.
    for (const symbol of completeBefore) {
      expect(delta('/v5/market/mark-price-kline', symbol), symbol).toBe(0);
      expect(delta('/v5/market/funding/history', symbol), symbol).toBeLessThanOrEqual(1);
    }
    const symbols = (
      await db.selectFrom('market_history_coverage').select('symbol').distinct().execute()
    ).map((r) => r.symbol);
    expect(symbols.length).toBe(done.lastRun!.symbols);
    await expectSameAsSimulator(sim, db, symbols);
    second.client.close();
    await second.app.stop();
  }, 300_000);

  it('two processes on one General Data DB: one fetches, the other says it reads, and Bybit is asked once', async () => {
    const { sim, exchange, db, env, userDb } = await setup('history_two', 60);
    const a = await start(makeTempDir('synthex-history-a-'), env(await userDb('history_two_a')));
    // A's run is under way and stays so until released: it holds this database's fetch lock.
    exchange.hold('/v5/market/funding/history');
    await waitFor(() => exchange.held() > 0, { timeoutMs: 120_000 });
    const b = await start(makeTempDir('synthex-history-b-'), env(await userDb('history_two_b')));
    const skipped = (await waitFor(
      async () => {
        const state = await b.client.invoke('universe.marketHistory', {});
        return state.lastRun?.outcome === 'skipped' ? state : null;
      },
      { timeoutMs: 60_000, intervalMs: 100 },
    ))!;
    expect(skipped.fetcher).toBe('other');
    expect(skipped.holder).toMatch(/^Synthex history fetcher, pid \d+ on /);
    expect(b.stderr()).toContain(
      'market history: another Synthex process fetches it into this General Data DB; this one reads',
    );
    expect(a.stderr()).not.toContain('this one reads');
    exchange.release();
    const done = await waitForFetchedHistory(() => a.client.invoke('universe.marketHistory', {}));
    // Each perpetual's klines were asked for once, by A.
    const klineRequests = sim.control.marketHistoryRequests()['/v5/market/mark-price-kline']!;
    expect(Object.keys(klineRequests)).toHaveLength(done.lastRun!.symbols);
    expect(Object.values(klineRequests).every((n) => n === 1)).toBe(true);
    // B reads what A wrote.
    const read = await b.client.invoke('universe.marketHistory', {});
    expect(read.stored.symbols).toBe(done.lastRun!.symbols);
    expect(read.fetcher).toBe('none');
    await expectSameAsSimulator(sim, db, ['BTCUSDT', 'ETHUSDT']);
    a.client.close();
    b.client.close();
  }, 300_000);
});
