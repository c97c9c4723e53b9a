/**
 * Order placement against the simulator at 50 ms injected latency: the gateway's placeOrders
 * (batches + single creates in parallel, within the rate limits) versus one-at-a-time `submitOrder`
 * calls with the raw SDK. Wall time is measured to the last acknowledgement.
 */
import Decimal from 'decimal.js';
import { RestClientV5 } from 'bybit-api';
import { startSimulator } from '../../tests/sim/index';
import { exchangeEndpoints } from '../../electron/core/exchange/environments';
import { BybitGateway } from '../../electron/core/exchange/gateway';
import { endpointGroups } from '../../electron/core/exchange/rate-limiter';
import type { OrderRequest } from '../../electron/core/exchange/types';
import { silentLogger } from '../../electron/core/util/logger';
import { signedRoundTripMs, sleep } from './support/harness';

const latencyMs = 50;
const sizes = [20, 50];

function qtyFor(minQty: string, step: string, minNotional: string, price: string): string {
  const stepD = new Decimal(step);
  const raw = Decimal.max(new Decimal(minNotional || '5').times('1.5').dividedBy(price), new Decimal(minQty));
  return raw.dividedBy(stepD).ceil().times(stepD).toFixed(stepD.decimalPlaces());
}

export default async function gatewayOrders(report: (line: string) => void): Promise<void> {
  const sim = await startSimulator({ seed: 1, tickIntervalMs: 1000 });
  try {
    const endpoints = exchangeEndpoints({
      exchangeEnvironment: 'custom',
      customRestUrl: sim.rest,
      customWsUrl: sim.ws,
    });
    const probe = new BybitGateway({ endpoints, credentials: sim.control.createKey(), logger: silentLogger });
    const instruments = (await probe.getInstruments()).filter(
      (i) => i.status === 'Trading' && i.contractType === 'LinearPerpetual' && i.quoteCoin === 'USDT',
    );
    const tickers = new Map((await probe.getTickers()).map((t) => [t.symbol, t]));
    const orders = (prefix: string, n: number): OrderRequest[] =>
      instruments
        .filter((i) => tickers.get(i.symbol)?.ask1Price)
        .slice(0, n)
        .map((i, k) => ({
          symbol: i.symbol,
          side: 'Buy',
          orderType: 'Market',
          qty: qtyFor(i.minOrderQty, i.qtyStep, i.minNotionalValue, tickers.get(i.symbol)!.ask1Price),
          orderLinkId: `${prefix}-${k}`,
        }));

    sim.control.setLatency(latencyMs);
    // One round trip through the SDK (signed, with the injected latency): the floor for any placement.
    const rtt = await signedRoundTripMs(sim);
    const perSecond = endpointGroups['order/create'] + endpointGroups['order/create-batch'];
    report(
      `latency injected ${latencyMs} ms; measured signed round trip ${rtt.toFixed(0)} ms; order quota ${perSecond}/s (create + create-batch)`,
    );
    // Warm-up (JIT, connections) of both gateway paths (batch and single), as the round-trip probe above
    // warmed the SDK path.
    const warm = new BybitGateway({
      endpoints,
      credentials: sim.control.createKey({ balanceUsdt: '10000000' }),
      logger: silentLogger,
    });
    await warm.start();
    await warm.placeOrders(orders('warm', 20));
    report(
      'orders | gateway ms | sequential SDK ms | sequential/gateway | lower bound ms | gateway/bound | SDK 10006 retries',
    );

    for (const n of sizes) {
      // Fresh keys: every run starts with full per-UID quotas.
      await sleep(1100);
      const gateway = new BybitGateway({
        endpoints,
        credentials: sim.control.createKey({ balanceUsdt: '10000000' }),
        logger: silentLogger,
      });
      await gateway.start();
      const list = orders(`g${n}`, n);
      const g0 = performance.now();
      const results = await gateway.placeOrders(list);
      const gatewayMs = performance.now() - g0;
      const accepted = results.filter((r) => r.status === 'accepted').length;

      await sleep(1100);
      const rawKey = sim.control.createKey({ balanceUsdt: '10000000' });
      const raw = new RestClientV5(
        { key: rawKey.apiKey, secret: rawKey.apiSecret, baseUrl: sim.rest, parseAPIRateLimits: true },
        { timeout: 10_000 },
      );
      let rawAccepted = 0;
      let retries = 0;
      const r0 = performance.now();
      for (const order of orders(`s${n}`, n)) {
        for (;;) {
          const response = await raw.submitOrder({ category: 'linear', ...order });
          if (response.retCode === 10006) {
            retries += 1;
            const reset = response.rateLimitApi?.resetAtTimestamp;
            await sleep(reset ? Math.max(10, reset - Date.now()) : 100);
            continue;
          }
          if (response.retCode === 0) rawAccepted += 1;
          break;
        }
      }
      const rawMs = performance.now() - r0;

      // Lower bound: one round trip if the whole list fits the quotas at once; otherwise each extra
      // full second of quota, plus the round trip of the last wave.
      const waves = Math.ceil(n / perSecond);
      const bound = (waves - 1) * 1000 + rtt;
      report(
        `${String(n).padStart(6)} | ${gatewayMs.toFixed(0).padStart(10)} | ${rawMs.toFixed(0).padStart(17)} | ${(rawMs / gatewayMs).toFixed(2).padStart(18)} | ${bound.toFixed(0).padStart(14)} | ${(gatewayMs / bound).toFixed(2).padStart(13)} | ${retries}` +
          (accepted < n || rawAccepted < n
            ? `  (accepted: gateway ${accepted}/${n}, SDK ${rawAccepted}/${n})`
            : ''),
      );
    }
  } finally {
    await sim.close();
  }
}
