/**
 * The pre-trade preview of top50-equal over the contract at 50 ms injected round trip: the first preview
 * (prices over REST, the ticker stream subscribed), the following ones (prices from the stream, the wallet
 * remembered), each as a ratio to one signed round trip, and the index math alone on the same inputs.
 */
import { buildPreview } from '../../shared/indices/build-preview';
import { resolveIndex } from '../../shared/indices/constituents';
import { builtInIndex } from '../../shared/indices/built-in-indices';
import type { LegMarket } from '../../shared/indices/sizing';
import { startSimulator } from '../../tests/sim/index';
import { startSimCore } from '../../tests/support/sim-core';
import { endSession, median, signedRoundTripMs } from './support/harness';

const latencyMs = 50;

export default async function indexPreview(report: (line: string) => void): Promise<void> {
  const sim = await startSimulator({ seed: 1 });
  const { app } = await startSimCore(sim, { balanceUsdt: '10000000' });
  try {
    sim.control.setLatency(latencyMs);
    const request = { indexId: 'top50-equal', usdtSize: '5000', direction: 'long' as const };
    const rtt = await signedRoundTripMs(sim);

    const t0 = performance.now();
    const first = await app.invoke('indices.preview', request);
    const firstMs = performance.now() - t0;
    await new Promise((resolve) => setTimeout(resolve, 500)); // the stream's snapshots arrive
    const warm: number[] = [];
    for (let i = 0; i < 9; i += 1) {
      const start = performance.now();
      await app.invoke('indices.preview', request);
      warm.push(performance.now() - start);
    }

    // The math alone: resolve the index on the snapshot and size it, on the prices the preview used.
    const { snapshot } = await app.invoke('universe.latest', {});
    const markets = new Map<string, LegMarket>(
      first.legs.map((leg) => [
        leg.symbol,
        {
          symbol: leg.symbol,
          price: leg.price,
          qtyStep: leg.qtyStep,
          minOrderQty: leg.minOrderQty,
          minNotionalValue: leg.minNotionalValue,
          maxMktOrderQty: leg.maxMktOrderQty,
          maxLeverage: leg.maxLeverage,
        },
      ]),
    );
    const definition = builtInIndex('top50-equal')!.definition;
    const compute: number[] = [];
    for (let i = 0; i < 50; i += 1) {
      const start = performance.now();
      buildPreview({
        indexId: 'top50-equal',
        indexName: 'Top 50 equal',
        resolved: resolveIndex(definition, snapshot!.assets),
        markets,
        usdtSize: request.usdtSize,
        direction: 'long',
        leverage: '1',
        strict: false,
        maxSlippagePercent: '0.5',
        snapshotDate: snapshot!.fetchDate,
        pricedAt: new Date().toISOString(),
        availableBalance: null,
      });
      compute.push(performance.now() - start);
    }
    report(
      `latency injected ${latencyMs} ms; signed round trip ${rtt.toFixed(0)} ms; ${first.legs.length} legs`,
    );
    report('preview of top50-equal | ms | ÷ round trip');
    report(`first (REST prices)    | ${firstMs.toFixed(0).padStart(4)} | ${(firstMs / rtt).toFixed(2)}`);
    report(
      `warm (median of 9)     | ${median(warm).toFixed(0).padStart(4)} | ${(median(warm) / rtt).toFixed(2)}`,
    );
    report(`index math alone (median of 50): ${median(compute).toFixed(1)} ms`);
  } finally {
    await endSession(app, sim);
  }
}
