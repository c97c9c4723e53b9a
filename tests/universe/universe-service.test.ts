import { fileURLToPath } from 'node:url';
import Decimal from 'decimal.js';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UniverseProgress } from '../../shared/domain/universe';
import { openDatabases, type OpenDatabases } from '../../electron/core/db';
import { SupervisedProcess } from '../../electron/core/process/supervised-process';
import { EventBus } from '../../electron/core/rpc/event-bus';
import { utcDate } from '../../electron/core/universe/refresh-universe';
import { SnapshotStore } from '../../electron/core/universe/snapshot-store';
import { UniverseService, type UniverseServiceOptions } from '../../electron/core/universe/universe-service';
import { silentLogger } from '../../electron/core/util/logger';
import { startSimulator, type Simulator } from '../sim';
import { makeTempDir, migrationsDir, removeTempDirs } from '../db/db-test-helpers';
import { startHeldExchange } from '../support/held-exchange';
import { forkTsxChild } from '../support/tsx-child';
import { waitFor } from '../support/wait-for';

/**
 * The universe end to end below the UI: the real poller entry in its own process, both simulators over
 * HTTP, the General Data DB in a real Postgres.
 */
let sim: Simulator;
let dbs: OpenDatabases;
let poller: SupervisedProcess;
const events = new EventBus();
const progress: UniverseProgress[] = [];
const services: UniverseService[] = [];

function service(overrides: Partial<UniverseServiceOptions> = {}): UniverseService {
  const created = new UniverseService({
    poller,
    events,
    logger: silentLogger,
    config: { coingeckoUrl: sim.coingecko, coingeckoApiKey: 'demo-key', depthPages: 2 },
    general: () => ({ db: dbs.general, connection: dbs.connections.general }),
    bybitRestUrl: () => sim.rest,
    // Long enough that no retry fires while a test runs; the scheduled time is asserted instead.
    retryDelaysMs: { first: 60_000, max: 60_000 },
    pollerReadyWaitMs: 20_000,
    ...overrides,
  });
  services.push(created);
  return created;
}

const rows = async (date: string) =>
  (
    await sql<{
      symbol: string;
      market_cap_rank: number;
    }>`SELECT symbol, market_cap_rank FROM daily_tradable_assets
    WHERE fetch_date = ${date} ORDER BY symbol`.execute(dbs.general)
  ).rows;

/** symbol → lotSizeFilter.minNotionalValue, read from the simulator's instruments over REST. */
async function simMinNotionals(): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  let cursor = '';
  do {
    const query = `category=linear&limit=1000${cursor ? `&cursor=${cursor}` : ''}`;
    const body = (await (await fetch(`${sim.rest}/v5/market/instruments-info?${query}`)).json()) as {
      result: {
        list: { symbol: string; lotSizeFilter: { minNotionalValue: string } }[];
        nextPageCursor: string;
      };
    };
    for (const i of body.result.list) out.set(i.symbol, i.lotSizeFilter.minNotionalValue);
    cursor = body.result.nextPageCursor;
  } while (cursor);
  return out;
}

beforeAll(async () => {
  sim = await startSimulator({ tickIntervalMs: 0 });
  dbs = await openDatabases({
    dataDir: makeTempDir('synthex-universe-'),
    migrationsDir,
    logger: silentLogger,
  });
  poller = new SupervisedProcess({
    name: 'poller',
    entry: fileURLToPath(new URL('../../electron/poller/index.ts', import.meta.url)),
    spawn: forkTsxChild,
    logger: silentLogger,
    restartDelayMs: { first: 50, max: 200 },
  });
  await poller.start();
  events.subscribe((event, payload) => {
    if (event === 'universe.progress') progress.push(payload as UniverseProgress);
  });
});

afterAll(async () => {
  for (const created of services) await created.stop();
  await poller?.stop();
  await dbs?.close();
  await sim?.close();
  removeTempDirs();
});

describe('universe refresh through the poller process', () => {
  it('reports progress in order, writes the snapshot and records the run', async () => {
    const universe = service();
    progress.length = 0;
    const { started, run, finished } = await universe.refresh('manual');
    expect(started).toBe(true);
    expect(run.status).toBe('running');
    const done = await finished;
    expect(done).toMatchObject({
      id: run.id,
      status: 'succeeded',
      reason: 'manual',
      fetchDate: utcDate(new Date()),
    });
    expect(done.assets).toBeGreaterThan(300);

    // The sources are read at once, so their steps arrive in any order; then mapping, writing, done.
    const events = progress.filter((p) => p.runId === run.id);
    const stages = events.map((p) => p.stage);
    expect(stages.slice(-3)).toEqual(['mapping', 'writing', 'done']);
    expect(stages.slice(0, -3)).toHaveLength(5); // the start, then instruments, tickers, 2 pages
    for (const stage of stages.slice(0, -3))
      expect(['instruments', 'tickers', 'market-caps']).toContain(stage);
    expect(events.map((p) => p.done)).toEqual([0, 1, 2, 3, 4, 4, 5, 6]);

    const state = await universe.state();
    expect(state.lastRun?.id).toBe(run.id);
    expect(state.running).toBeNull();
    const assets = state.snapshot!.assets;
    expect(assets).toHaveLength(done.assets!);
    expect(assets[0]).toMatchObject({ symbol: 'BTCUSDT', marketCapRank: 1, multiplier: '1' });
    expect(assets.find((a) => a.symbol === '1000PEPEUSDT')).toMatchObject({
      coin: 'PEPE',
      multiplier: '1000',
    });
    expect(assets.find((a) => a.symbol === 'USDCUSDT')).toBeUndefined();
    expect(assets.every((a) => /^\d+(\.\d+)?$/.test(a.minNotionalValue))).toBe(true);
    // Each asset keeps its own instrument's minimum order value (the simulator has 5, 10 and 20 USDT).
    const minimums = await simMinNotionals();
    for (const a of assets) {
      expect(new Decimal(a.minNotionalValue).eq(minimums.get(a.symbol) ?? 'NaN'), a.symbol).toBe(true);
    }
    expect(new Set(assets.map((a) => new Decimal(a.minNotionalValue).toFixed())).size).toBeGreaterThan(1);
    expect(sim.control.coingeckoRequests().every((r) => r.demoKey === 'demo-key')).toBe(true);
  });

  it('never runs two refreshes at once', async () => {
    const universe = service();
    const first = await universe.refresh('manual');
    const second = await universe.refresh('manual');
    expect(second.started).toBe(false);
    expect(second.run.id).toBe(first.run.id);
    expect((await second.finished).id).toBe(first.run.id);
    expect((await first.finished).status).toBe('succeeded');
  });

  it('replaces the same day exactly when it runs again', async () => {
    const universe = service();
    const today = utcDate(new Date());
    await (
      await universe.refresh('manual')
    ).finished;
    const before = await rows(today);
    await sql`DELETE FROM daily_tradable_assets WHERE fetch_date = ${today} AND symbol = 'ETHUSDT'`.execute(
      dbs.general,
    );
    await sql`INSERT INTO daily_tradable_assets (symbol, market_cap_rank, min_notional_value, fetch_date)
              VALUES ('BOGUSUSDT', 9999, 5, ${today})`.execute(dbs.general);
    await (
      await universe.refresh('manual')
    ).finished;
    expect(await rows(today)).toEqual(before);
    expect((await universe.history()).dates).toEqual([today]);
  });

  it('leaves the previous snapshot intact when a write fails half way', async () => {
    const today = utcDate(new Date());
    const before = await rows(today);
    const store = new SnapshotStore(dbs.general);
    const good = {
      symbol: 'NEWUSDT',
      baseCoin: 'NEW',
      coin: 'NEW',
      multiplier: '1',
      marketCapRank: 1,
      coingeckoId: 'new',
      marketCap: '1',
      minNotionalValue: '5',
      qtyStep: '1',
      minOrderQty: '1',
      maxMktOrderQty: '1',
      tickSize: '0.1',
      turnover24h: null,
    };
    // The delete has run and the first rows are in when the CHECK on the rank stops the insert.
    await expect(
      store.replaceSnapshot(today, [good, { ...good, symbol: 'BADUSDT', marketCapRank: 0 }]),
    ).rejects.toThrow(/market_cap_rank_check/);
    expect(await rows(today)).toEqual(before);
  });

  it('survives CoinGecko 429s and Bybit 10006', async () => {
    const universe = service();
    sim.control.coingeckoFailNext(429, 1);
    sim.control.failNext({ path: '/v5/market/tickers', kind: 'rateLimited', count: 2 });
    const done = await (await universe.refresh('manual')).finished;
    expect(done.status).toBe('succeeded');
    expect(done.error).toBeNull();
  });

  it('fails a run whose source keeps failing, keeps the old snapshot, and schedules a retry', async () => {
    const universe = service();
    const today = utcDate(new Date());
    const before = await rows(today);
    const writer = (await universe.state()).snapshotWrittenBy;
    expect(writer).toMatchObject({ status: 'succeeded', fetchDate: today });
    sim.control.failNext({ path: '/v5/market/instruments-info', kind: 'http5xx', count: 10 });
    const started = Date.now();
    const done = await (await universe.refresh('manual')).finished;
    expect(done.status).toBe('failed');
    expect(done.error).toMatch(/503|unavailable|server/i);
    expect(await rows(today)).toEqual(before);
    const state = await universe.state();
    expect(state.lastRun).toMatchObject({ id: done.id, status: 'failed' });
    expect(state.snapshot?.fetchDate).toBe(today);
    // The snapshot's age still comes from the run that wrote it, not from the failed one.
    expect(state.snapshotWrittenBy).toEqual(writer);
    const retryAt = Date.parse(state.nextRunAt!);
    expect(retryAt).toBeGreaterThanOrEqual(started + 60_000);
    expect(retryAt).toBeLessThan(Date.now() + 60_000 + 1_000);
    sim.control.clearFaults();
  });

  it('fails the run when the poller is killed mid-refresh; the host restarts it and the next run succeeds', async () => {
    // CoinGecko's answers are held: the run is provably under way when the poller is killed.
    const coingecko = await startHeldExchange(sim.coingecko);
    const universe = service({
      config: { coingeckoUrl: coingecko.url, coingeckoApiKey: 'demo-key', depthPages: 2 },
    });
    const restartsBefore = poller.status().restarts;
    progress.length = 0;
    coingecko.hold('/');
    const { run, finished } = await universe.refresh('manual');
    await waitFor(() => progress.some((p) => p.runId === run.id) && coingecko.held() > 0);
    process.kill(poller.status().pid!, 'SIGKILL');
    const failed = await finished;
    coingecko.release();
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/poller process stopped during the refresh/);
    await waitFor(() => poller.status().state === 'ready');
    expect(poller.status().restarts).toBe(restartsBefore + 1);
    expect((await (await universe.refresh('manual')).finished).status).toBe('succeeded');
    await coingecko.close();
  });
});

describe('universe schedule at start', () => {
  it('closes runs a previous shutdown interrupted', async () => {
    await sql`INSERT INTO universe_refresh_runs (reason, status) VALUES ('schedule', 'running')`.execute(
      dbs.general,
    );
    await service().start();
    const open = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM universe_refresh_runs WHERE status = 'running'`.execute(dbs.general);
    expect(open.rows[0]!.n).toBe(0);
    const closed = await sql<{
      error: string;
    }>`SELECT error FROM universe_refresh_runs ORDER BY id DESC LIMIT 1`.execute(dbs.general);
    expect(closed.rows[0]!.error).toMatch(/Interrupted/);
  });

  it("waits for tomorrow when today's snapshot exists", async () => {
    const universe = service();
    await universe.start();
    const state = await universe.state();
    expect(state.running).toBeNull();
    const next = new Date(state.nextRunAt!);
    expect(next.getUTCHours()).toBe(0);
    expect(next.getUTCMinutes()).toBe(5);
    expect(next.getTime()).toBeGreaterThan(Date.now());
  });

  it("refreshes at start when today's snapshot is missing", async () => {
    const tomorrow = new Date(Date.now() + 86_400_000);
    const universe = service({ now: () => tomorrow });
    progress.length = 0;
    await universe.start();
    // The run may end before any read sees it running: which run it was is read once it has ended.
    const done = await waitFor(() => progress.find((p) => p.stage === 'done'), { timeoutMs: 20_000 });
    const lastRun = await waitFor(async () => {
      const { lastRun } = await universe.state();
      return lastRun?.id === done!.runId ? lastRun : null;
    });
    expect({ reason: lastRun!.reason, status: lastRun!.status }).toEqual({
      reason: 'startup',
      status: 'succeeded',
    });
  });
});
