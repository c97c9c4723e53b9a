/**
 * A full universe refresh at 50 ms injected round trip, measured two ways in one run:
 * - the poller's code in this process (runRefreshRequest), as before;
 * - the path the Universe page takes: `universe.refresh` over the headless WebSocket, through the host
 *   and the real poller process, until the `done` event.
 * Both against the concurrent lower bound: the sources are asked at once, so a refresh needs two
 * round trips (the slowest source, then the write). The simulator runs in its own process, as an
 * exchange would, so its work does not queue behind ours. Goal: wall at most 1.5 x the bound.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocket } from 'ws';
import { openDatabases } from '../../electron/core/db';
import type { PollerMessage } from '../../electron/core/universe/poller-protocol';
import { runRefreshRequest } from '../../electron/core/universe/run-refresh-request';
import { silentLogger } from '../../electron/core/util/logger';
import { ensureBuilt, startUntilLine } from './support/child-line';
import { median } from './support/harness';

const latencyMs = 50;
const runs = 5;
const bound = 2 * latencyMs;
const root = fileURLToPath(new URL('../..', import.meta.url));

interface Sim {
  rest: string;
  ws: string;
  coingecko: string;
}

async function setLatency(sim: Sim, ms: number): Promise<void> {
  const response = await fetch(`${sim.rest}/__sim/setLatency`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ms }),
  });
  if (!response.ok) throw new Error(`setLatency answered ${response.status}`);
}

async function inProcess(sim: Sim, dataDir: string) {
  const dbs = await openDatabases({
    dataDir,
    migrationsDir: join(root, 'resources/migrations'),
    logger: silentLogger,
  });
  try {
    const results: { wallMs: number; writeMs: number; bybit: number; coingecko: number; assets: number }[] =
      [];
    for (let run = 1; run <= runs; run++) {
      let done: Extract<PollerMessage, { type: 'done' }> | null = null;
      let failed: string | null = null;
      const started = performance.now();
      await runRefreshRequest(
        {
          type: 'refresh',
          runId: run,
          config: {
            generalDb: dbs.connections.general as never,
            bybitRestUrl: sim.rest,
            coingeckoUrl: sim.coingecko,
            coingeckoApiKey: null,
            depthPages: 2,
          },
        },
        (message) => {
          if (message.type === 'done') done = message;
          if (message.type === 'failed') failed = message.error;
        },
        { logger: silentLogger },
      );
      const wallMs = performance.now() - started;
      if (!done) throw new Error(`refresh failed: ${failed ?? 'no outcome'}`);
      const { writeMs, roundTrips, assets } = done as Extract<PollerMessage, { type: 'done' }>;
      results.push({ wallMs, writeMs, bybit: roundTrips.bybit, coingecko: roundTrips.coingecko, assets });
    }
    return results;
  } finally {
    await dbs.close();
  }
}

/** universe.refresh over the contract, timed from the request to the run's `done` event. */
async function overTheContract(sim: Sim, dataDir: string): Promise<number[]> {
  const app = await startUntilLine(
    process.execPath,
    [join(root, 'out/headless/index.js'), '--port', '0', '--data-dir', dataDir],
    {
      SYNTHEX_BYBIT_ENV: 'custom',
      SYNTHEX_BYBIT_REST_URL: sim.rest,
      SYNTHEX_BYBIT_WS_URL: sim.ws,
      SYNTHEX_COINGECKO_URL: sim.coingecko,
    },
  );
  try {
    const url = new URL((JSON.parse(app.line) as { url: string }).url);
    const ws = new WebSocket(`ws://${url.host}/ws?token=${url.searchParams.get('token')}`);
    await new Promise((resolve, reject) => (ws.once('open', resolve), ws.once('error', reject)));
    const frames: Record<string, unknown>[] = [];
    const waiters = new Set<() => void>();
    ws.on('message', (data) => {
      frames.push(JSON.parse(String(data)) as Record<string, unknown>);
      for (const wake of waiters) wake();
    });
    const until = (test: (frame: Record<string, unknown>) => boolean) =>
      new Promise<Record<string, unknown>>((resolve) => {
        const look = () => {
          const found = frames.find(test);
          if (!found) return;
          waiters.delete(look);
          resolve(found);
        };
        waiters.add(look);
        look();
      });
    const isEnd = (runId: unknown) => (frame: Record<string, unknown>) => {
      const payload = frame.payload as { runId?: unknown; stage?: string } | undefined;
      return (
        frame.event === 'universe.progress' &&
        payload?.runId === runId &&
        (payload?.stage === 'done' || payload?.stage === 'failed')
      );
    };
    // The start-up refresh first, so the timed ones do not queue behind it.
    const latest = async () => {
      frames.length = 0;
      ws.send(JSON.stringify({ id: 'latest', channel: 'universe.latest', payload: {} }));
      return (await until((frame) => frame.id === 'latest')).result as { running: { id: number } | null };
    };
    const startup = (await latest()).running;
    if (startup) await until(isEnd(startup.id));
    const samples: number[] = [];
    for (let run = 1; run <= runs; run++) {
      frames.length = 0;
      const started = performance.now();
      ws.send(JSON.stringify({ id: run, channel: 'universe.refresh', payload: {} }));
      const reply = await until((frame) => frame.id === run);
      const runId = (reply.result as { run: { id: number } }).run.id;
      const end = await until(isEnd(runId));
      if ((end.payload as { stage: string }).stage !== 'done')
        throw new Error(`refresh failed: ${JSON.stringify(end)}`);
      samples.push(performance.now() - started);
    }
    ws.close();
    return samples;
  } finally {
    await app.stop();
  }
}

export default async function bench(report: (line: string) => void): Promise<void> {
  await ensureBuilt(root);
  const dataDir = mkdtempSync(join(tmpdir(), 'synthex-bench-universe-'));
  chmodSync(dataDir, 0o755); // as root the embedded server runs as "postgres", which must reach it
  const appDir = mkdtempSync(join(tmpdir(), 'synthex-bench-universe-app-'));
  chmodSync(appDir, 0o755);
  const simProcess = await startUntilLine(process.execPath, [
    '--import',
    'tsx',
    join(root, 'tests/sim/cli.ts'),
    '--port',
    '0',
    '--tick-ms',
    '0',
  ]);
  const sim = JSON.parse(simProcess.line) as Sim;
  try {
    await setLatency(sim, latencyMs);
    const results = await inProcess(sim, dataDir);
    const contract = await overTheContract(sim, appDir);
    const wall = median(results.map((r) => r.wallMs));
    const write = median(results.map((r) => r.writeMs));
    const trips = results[0]!.bybit + results[0]!.coingecko;
    const ui = median(contract);
    report(
      `full universe refresh at ${latencyMs} ms round trip, median of ${runs} runs, ${results[0]!.assets} assets`,
    );
    report(
      `  HTTP round trips          ${trips} (Bybit ${results[0]!.bybit}, CoinGecko ${results[0]!.coingecko}), all in flight at once`,
    );
    report(`  concurrent lower bound    ${bound} ms (2 round trips: the sources, then the write)`);
    report(
      `  poller code, in process   ${wall.toFixed(0)} ms; wall/bound ${(wall / bound).toFixed(2)} (goal <= 1.5)`,
    );
    report(
      `  Universe page's path      ${ui.toFixed(0)} ms (universe.refresh to the done event, via the poller process); wall/bound ${(ui / bound).toFixed(2)}`,
    );
    report(
      `  database write            ${write.toFixed(1)} ms (${((write / wall) * 100).toFixed(1)}% of wall time)`,
    );
  } finally {
    await simProcess.stop();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(appDir, { recursive: true, force: true });
  }
}
