/**
 * A full universe refresh against both simulators at 50 ms injected round trip, as the poller process
 * runs it: wall time, HTTP round trips (Bybit and CoinGecko), and the snapshot write's share.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabases } from '../../electron/core/db';
import type { PollerMessage } from '../../electron/core/universe/poller-protocol';
import { runRefreshRequest } from '../../electron/core/universe/run-refresh-request';
import { silentLogger } from '../../electron/core/util/logger';
import { startSimulator } from '../../tests/sim';

const latencyMs = 50;
const runs = 5;

export default async function bench(report: (line: string) => void): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'synthex-bench-universe-'));
  const sim = await startSimulator({ tickIntervalMs: 0 });
  const dbs = await openDatabases({
    dataDir,
    migrationsDir: fileURLToPath(new URL('../../resources/migrations', import.meta.url)),
    logger: silentLogger,
  });
  try {
    sim.control.setLatency(latencyMs);
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
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    const wall = median(results.map((r) => r.wallMs));
    const write = median(results.map((r) => r.writeMs));
    const trips = results[0]!.bybit + results[0]!.coingecko;
    const bound = trips * latencyMs;
    report(
      `full universe refresh at ${latencyMs} ms round trip, median of ${runs} runs, ${results[0]!.assets} assets`,
    );
    report(`  wall time            ${wall.toFixed(0)} ms`);
    report(
      `  HTTP round trips     ${trips} (Bybit ${results[0]!.bybit}, CoinGecko ${results[0]!.coingecko})`,
    );
    report(
      `  sequential bound     ${bound} ms (round trips x ${latencyMs} ms); wall/bound ${(wall / bound).toFixed(2)}`,
    );
    report(
      `  database write       ${write.toFixed(1)} ms (${((write / wall) * 100).toFixed(1)}% of wall time)`,
    );
  } finally {
    await dbs.close();
    await sim.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
