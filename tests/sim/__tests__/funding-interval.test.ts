import type { LinearInverseInstrumentInfoV5 } from 'bybit-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor as waitForState } from '../../support/wait-for';
import { type Simulator, startSimulator } from '../index';
import { SimWsClient, control, marketOrder, rest, waitFor } from './helpers';

/**
 * Since late 2025 Bybit moves a contract whose funding rate hits its cap to hourly funding, and back
 * later (docs/bybit-v5.md "Differences we know of"): the interval is a run-time fact, not a listing one.
 */
const HOUR = 3600_000;
let sim: Simulator;
const clients: SimWsClient[] = [];
beforeAll(async () => {
  sim = await startSimulator({ seed: 73, tickIntervalMs: 0, lookupLag: 0 });
  sim.control.setPrice('BTCUSDT', '50000');
});
afterAll(async () => {
  for (const c of clients) c.closeAll(true);
  await sim.close();
});

async function interval(symbol: string) {
  const [inst] = (await rest(sim).getInstrumentsInfo({ category: 'linear', symbol })).result
    .list as LinearInverseInstrumentInfoV5[];
  const [ticker] = (await rest(sim).getTickers({ category: 'linear', symbol })).result.list;
  return {
    minutes: inst!.fundingInterval,
    hours: ticker!.fundingIntervalHour,
    next: Number(ticker!.nextFundingTime),
  };
}

describe('setFundingInterval', () => {
  it('moves a perpetual to hourly funding and back: instruments, tickers (REST and stream), the next settlement', async () => {
    expect(await interval('BTCUSDT')).toMatchObject({ minutes: 480, hours: '8' });
    const ws = new SimWsClient(sim.ws);
    clients.push(ws);
    const deltas: Record<string, unknown>[] = [];
    ws.on('update', (u: { type: string; data: Record<string, unknown> }) => {
      if (u.type === 'delta') deltas.push(u.data);
    });
    await Promise.all(ws.subscribeV5(['tickers.BTCUSDT'], 'linear'));

    expect((await control(sim, 'setFundingInterval', { symbol: 'BTCUSDT', hours: 1 })).json.ok).toBe(true);
    const hourly = await interval('BTCUSDT');
    expect(hourly).toMatchObject({ minutes: 60, hours: '1' });
    expect(hourly.next % HOUR).toBe(0);
    expect(hourly.next - Date.now()).toBeLessThanOrEqual(HOUR);
    sim.control.publishTickers();
    expect(await waitFor(() => deltas.find((d) => d.fundingIntervalHour !== undefined))).toMatchObject({
      symbol: 'BTCUSDT',
      fundingIntervalHour: '1',
    });

    sim.control.setFundingInterval('BTCUSDT', 8);
    expect(await interval('BTCUSDT')).toMatchObject({ minutes: 480, hours: '8' });
    for (const body of [
      { symbol: 'BTCUSDT', hours: 3 },
      { symbol: 'NOPEUSDT', hours: 1 },
      { symbol: 'BTCUSDT-26DEC25', hours: 1 },
      { symbol: 'BTCUSDT' },
    ])
      expect((await control(sim, 'setFundingInterval', body)).status, JSON.stringify(body)).toBe(400);
  });

  it('an hourly contract settles eight times as often as an 8 h one', async () => {
    const key = sim.control.createKey({ balanceUsdt: '100000' });
    const c = rest(sim, key);
    await c.submitOrder(marketOrder('BTCUSDT', 'Buy', '0.001'));
    await c.submitOrder(marketOrder('ETHUSDT', 'Buy', '0.01'));
    sim.control.setFundingInterval('BTCUSDT', 1);
    // An 8 h interval lasts 1.6 s of wall time, so the hourly one 200 ms.
    sim.control.setFundingPeriod(1600);
    const times = async (symbol: string) =>
      (await c.getExecutionList({ category: 'linear', execType: 'Funding', symbol, limit: 100 })).result.list
        .map((e) => Number(e.execTime))
        .reverse();
    try {
      await waitForState(async () => (await times('ETHUSDT')).length >= 1, {
        timeoutMs: 10_000,
        intervalMs: 100,
      });
    } finally {
      sim.control.setFundingPeriod(null);
      sim.control.setFundingInterval('BTCUSDT', 8);
    }
    const btc = await times('BTCUSDT');
    for (let i = 1; i < btc.length; i++) expect(btc[i]! - btc[i - 1]!).toBe(200);
    expect(btc.length).toBeGreaterThanOrEqual(7);
  });
});
