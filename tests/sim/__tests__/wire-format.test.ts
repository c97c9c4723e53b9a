import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from '../index';
import { type SimWsClient, marketOrder, privateUpdates, rest, streamedAccount, waitFor } from './helpers';

/**
 * Bybit's text, field by field (docs/bybit-v5.md "Differences we know of between the simulator and
 * Bybit"): order, position and execution rows print plain decimals, tickers pad to the tick, a flat row
 * is `size "0"`, `side ""`, `avgPrice "0"`, `positionValue ""`, `unrealisedPnl ""`, linear fills carry
 * `feeCurrency ""`, plain orders Bybit's placeholders, and the newer fields are there.
 */
let sim: Simulator;
const clients: SimWsClient[] = [];
beforeAll(async () => {
  // Read right after each action; lookup-lag.test.ts covers the lag.
  sim = await startSimulator({ seed: 91, tickIntervalMs: 0, lookupLag: 0 });
});
afterAll(async () => {
  for (const c of clients) c.closeAll(true);
  await sim.close();
});

/** A decimal with a fraction that ends in 0 ("0.010", "50000.0"): padding, which Bybit's rows never have. */
const padded = /^-?\d+\.\d*0$/;

function paddedFields(row: Record<string, unknown>): string[] {
  return Object.entries(row)
    .filter(([, value]) => typeof value === 'string' && padded.test(value))
    .map(([field, value]) => `${field}=${String(value)}`);
}

describe('decimal text', () => {
  it('order, position and execution rows print plain decimals, REST and stream; tickers pad to the tick', async () => {
    sim.control.setPrice('BTCUSDT', '50000');
    const { c, updates } = await streamedAccount(sim, clients, '10000');
    expect(
      (await c.submitOrder(marketOrder('BTCUSDT', 'Buy', '0.010', { orderLinkId: 'fmt-1' }))).retCode,
    ).toBe(0);
    await waitFor(() => updates.some((u) => u.topic === 'wallet'));

    const [order] = (await c.getHistoricOrders({ category: 'linear', orderLinkId: 'fmt-1' })).result.list;
    const [exec] = (await c.getExecutionList({ category: 'linear', orderLinkId: 'fmt-1' })).result.list;
    const [pos] = (await c.getPositionInfo({ category: 'linear', symbol: 'BTCUSDT' })).result.list;
    expect(order).toMatchObject({ qty: '0.01', cumExecQty: '0.01', leavesQty: '0', price: '0' });
    expect(exec).toMatchObject({ execQty: '0.01', orderQty: '0.01', leavesQty: '0', closedSize: '0' });
    expect(pos).toMatchObject({ size: '0.01', markPrice: '50000' });
    const rows = [order, exec, pos, ...updates.filter((u) => u.topic !== 'wallet').flatMap((u) => u.data)];
    for (const row of rows) expect(paddedFields(row as unknown as Record<string, unknown>)).toEqual([]);

    const [ticker] = (await c.getTickers({ category: 'linear', symbol: 'BTCUSDT' })).result.list;
    expect(ticker).toMatchObject({ lastPrice: '50000.0', markPrice: '50000.0', indexPrice: '50000.0' });
  });
});

describe('a flat position', () => {
  it('is size "0", side "", avgPrice "0", positionValue "", unrealisedPnl "" (REST and the stream)', async () => {
    const key = sim.control.createKey({ balanceUsdt: '10000' });
    const c = rest(sim, key);
    const [never] = (await c.getPositionInfo({ category: 'linear', symbol: 'ETHUSDT' })).result.list;
    const flat = { size: '0', side: '', avgPrice: '0', positionValue: '', unrealisedPnl: '' };
    expect(never).toMatchObject(flat);

    const updates = await privateUpdates(sim, key, clients);
    await c.submitOrder(marketOrder('ETHUSDT', 'Buy', '0.10'));
    await c.submitOrder(marketOrder('ETHUSDT', 'Sell', '0.10', { reduceOnly: true }));
    const [closed] = (await c.getPositionInfo({ category: 'linear', symbol: 'ETHUSDT' })).result.list;
    expect(closed).toMatchObject(flat);
    const pushed = await waitFor(() =>
      updates.flatMap((u) => (u.topic === 'position' ? u.data : [])).find((p) => p.size === '0'),
    );
    // The stream names avgPrice entryPrice.
    expect(pushed).toMatchObject({ side: '', entryPrice: '0', positionValue: '', unrealisedPnl: '' });
  });
});

describe('placeholders and newer fields', () => {
  it('linear fills carry feeCurrency "" and marketUnit, execFeeV2, extraFees; plain orders Bybit\'s placeholders', async () => {
    const { c, updates } = await streamedAccount(sim, clients, '10000');
    await c.submitOrder(marketOrder('SOLUSDT', 'Buy', '1.0', { orderLinkId: 'fmt-2' }));
    const [exec] = (await c.getExecutionList({ category: 'linear', orderLinkId: 'fmt-2' })).result.list;
    expect(exec).toMatchObject({ feeCurrency: '', marketUnit: '', execFeeV2: '', extraFees: '' });
    const [order] = (
      await c.getActiveOrders({ category: 'linear', symbol: 'SOLUSDT', orderLinkId: 'fmt-2', openOnly: 1 })
    ).result.list;
    expect(order).toMatchObject({
      stopOrderType: '',
      triggerBy: '',
      tpLimitPrice: '0',
      slLimitPrice: '0',
      slippageToleranceType: 'UNKNOWN',
      slippageTolerance: '0',
      extraFees: '',
    });
    const pushedExec = await waitFor(() => updates.find((u) => u.topic === 'execution')?.data[0]);
    expect(pushedExec).toMatchObject({ feeCurrency: '', marketUnit: '', extraFees: '' });
    const pushedOrder = await waitFor(() => updates.find((u) => u.topic === 'order')?.data[0]);
    expect(pushedOrder).toMatchObject({ feeCurrency: '', stopOrderType: '', triggerBy: '' });
    const [ticker] = (await c.getTickers({ category: 'linear', symbol: 'SOLUSDT' })).result.list;
    expect(ticker).toMatchObject({ basisRateYear: '', fundingIntervalHour: '8' });
  });
});
