/**
 * Index research, two numbers:
 * - the engine: a 365-day daily backtest of top50-equal with monthly rebalances (60 seeded perpetuals,
 *   a membership snapshot every day, funding at 8 h / 4 h / 1 h), compute only. Goal ≤ 500 ms.
 * - the history fetch: the real poller fills an empty General Data DB with 365 days of daily mark klines
 *   and funding for every ranked perpetual of the simulator, its run's wall time against Bybit's
 *   rate-limit bound for the requests it made (requests ÷ the configured share of 600 per 5 s). The
 *   ratio says how close the fetcher runs to the limit it must stay under (1.0 = at the limit).
 */
import { builtInIndex } from '../../shared/indices/built-in-indices';
import { runBacktest } from '../../shared/indices/backtest/run-backtest';
import { marketFixture } from '../../tests/backtest/backtest-fixture';
import { makeTempDir } from '../../tests/db/db-test-helpers';
import { waitForFetchedHistory } from '../../tests/market-history/history-helpers';
import { startSimulator } from '../../tests/sim/index';
import { realPoller, startTestCore } from '../../tests/support/core-harness';
import { simEnv } from '../../tests/support/sim-core';
import { endSession, median } from './support/harness';

const requestsPerFiveSeconds = 300; // the poller's default share

function engine(report: (line: string) => void): void {
  const market = marketFixture({ seed: 3, symbols: 60, from: '2025-01-01', days: 365, snapshotEvery: 1 });
  const run = () =>
    runBacktest({
      indexId: 'top50-equal',
      indexName: 'Top 50 equal',
      definition: builtInIndex('top50-equal')!.definition,
      usdtSize: '10000',
      direction: 'long',
      leverage: '1',
      from: '2025-01-01',
      to: market.days.at(-1)!,
      rebalance: { every: 'month' },
      feesBps: '5.5',
      maxSlippagePercent: '0.5',
      data: market,
    });
  run(); // warm-up: the JIT, not the engine, is what a first run measures
  const times: number[] = [];
  let points = 0;
  let rebalances = 0;
  for (let i = 0; i < 7; i += 1) {
    const start = performance.now();
    const result = run();
    times.push(performance.now() - start);
    points = result.series.length;
    rebalances = result.stats.rebalances;
  }
  const ms = median(times);
  report(
    `engine: top50-equal, ${points} days, ${rebalances} rebalances: median ${ms.toFixed(1)} ms of 7 ` +
      `(goal ≤ 500 ms: ${ms <= 500 ? 'met' : 'MISSED'})`,
  );
}

async function historyFetch(report: (line: string) => void): Promise<void> {
  const sim = await startSimulator({ seed: 5, tickIntervalMs: 0, historyDays: 365 });
  const app = await startTestCore({
    dataDir: makeTempDir('synthex-bench-history-'),
    env: {
      ...simEnv(sim),
      SYNTHEX_HISTORY_DAYS: '365',
      SYNTHEX_HISTORY_REQUESTS_PER_5S: String(requestsPerFiveSeconds),
    },
    poller: realPoller,
  });
  try {
    const done = await waitForFetchedHistory(() => app.invoke('universe.marketHistory', {}), 600_000);
    const run = done.lastRun!;
    const wallMs = Date.parse(run.finishedAt!) - Date.parse(run.startedAt);
    const boundMs = (run.requests / requestsPerFiveSeconds) * 5_000;
    report(
      `history fetch: ${run.symbols} symbols × 365 days, ${run.requests} requests, ${run.rows} rows in ` +
        `${(wallMs / 1000).toFixed(1)} s; rate-limit bound at ${requestsPerFiveSeconds} per 5 s ` +
        `${(boundMs / 1000).toFixed(1)} s → ratio ${(wallMs / boundMs).toFixed(2)}`,
    );
    report(
      `  per 50 symbols: ${(((wallMs / run.symbols) * 50) / 1000).toFixed(1)} s ` +
        `(at Bybit's full 600 per 5 s the bound would be ${((run.requests / 600) * 5).toFixed(1)} s for all)`,
    );
  } finally {
    await endSession(app, sim);
  }
}

export default async function backtest(report: (line: string) => void): Promise<void> {
  engine(report);
  await historyFetch(report);
}
