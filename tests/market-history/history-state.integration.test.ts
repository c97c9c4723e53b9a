import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openDatabases, type OpenDatabases } from '../../electron/core/db';
import { tryFetchLock } from '../../electron/core/market-history/fetch-lock';
import { MarketHistoryService } from '../../electron/core/market-history/market-history-service';
import type { SupervisedProcess } from '../../electron/core/process/supervised-process';
import { EventBus } from '../../electron/core/rpc/event-bus';
import { silentLogger } from '../../electron/core/util/logger';
import { makeTempDir, migrationsDir, removeTempDirs } from '../db/db-test-helpers';
import { waitFor } from '../support/wait-for';

/**
 * `universe.marketHistory` read while this app's own run ends: the fetch lock is the poller's until the
 * run is over, so a read that saw the lock and then the run's end must not name this app's poller as
 * "another Synthex process". (A fresh-clone e2e run showed exactly that for good: the answer to the
 * page's first read came back after the one the run's end asked for.)
 */
let dbs: OpenDatabases;

beforeAll(async () => {
  dbs = await openDatabases({
    dataDir: makeTempDir('synthex-history-state-'),
    migrationsDir,
    logger: silentLogger,
  });
}, 120_000);

afterAll(async () => {
  await dbs?.close();
  removeTempDirs();
});

/** Once closed, holds back Postgres's answers to "who holds the fetch lock" until opened: a read paused between its query and its reply. */
class HolderAnswerGate implements KyselyPlugin {
  held = 0;
  private readonly holderQueries = new Set<string>();
  private opened: Promise<void> | null = null;
  private release: () => void = () => undefined;

  close(): void {
    this.opened = new Promise((resolve) => (this.release = resolve));
  }

  open(): void {
    this.opened = null;
    this.release();
  }

  transformQuery(args: PluginTransformQueryArgs) {
    if (JSON.stringify(args.node).includes('pg_locks')) this.holderQueries.add(args.queryId.queryId);
    return args.node;
  }

  async transformResult(args: PluginTransformResultArgs) {
    if (this.opened && this.holderQueries.has(args.queryId.queryId)) {
      this.held += 1;
      await this.opened;
    }
    return args.result;
  }
}

/** The poller's side of a run, played here: the request is recorded and the test answers it. */
function standInPoller() {
  const listeners = new Set<(message: unknown) => void>();
  const requests: { runId: number }[] = [];
  const poller = {
    status: () => ({ state: 'ready' }),
    send: (message: { runId: number }) => (requests.push(message), true),
    onMessage: (listener: (message: unknown) => void) => (
      listeners.add(listener),
      () => listeners.delete(listener)
    ),
    onStateChange: () => () => undefined,
  } as unknown as SupervisedProcess;
  return {
    poller,
    requests,
    reply: (message: unknown) => listeners.forEach((listener) => listener(message)),
  };
}

it('says nobody fetches once this app’s run has ended, though its lock was held when the read began', async () => {
  const { poller, requests, reply } = standInPoller();
  const gate = new HolderAnswerGate();
  const service = new MarketHistoryService({
    poller,
    events: new EventBus(),
    logger: silentLogger,
    general: () => ({ db: dbs.general.withPlugin(gate), connection: dbs.connections.general }),
    bybitRestUrl: () => 'http://127.0.0.1:9',
    config: { keepDays: 30, requestsPerFiveSeconds: 100, concurrency: 2 },
    wanted: async () => ({ extraSymbols: [], rankDepth: 10 }),
  });
  try {
    const run = service.run();
    const request = await waitFor(() => requests[0]);
    // The poller takes the lock on a connection of its own, as the real one does.
    const attempt = await tryFetchLock(dbs.connections.general);
    if (!attempt.taken) throw new Error(`the fetch lock is held by ${attempt.holder}`);
    expect((await service.state()).fetcher).toBe('this');

    gate.close();
    const read = service.state();
    await waitFor(() => gate.held === 1); // Postgres has said who holds the lock: the poller
    // The run ends as the real poller ends it: the lock released, then the outcome posted.
    await attempt.lock.release();
    reply({
      type: 'history-done',
      runId: request!.runId,
      symbols: 0,
      requests: 1,
      rows: 0,
      failures: [],
      durationMs: 5,
    });
    await run;
    gate.open();

    const state = await read;
    expect(state.lastRun?.outcome).toBe('done');
    expect({ fetcher: state.fetcher, holder: state.holder }).toEqual({ fetcher: 'none', holder: null });
  } finally {
    gate.open();
    await service.stop();
  }
});
