import { describe, expect, it } from 'vitest';
import { control, limitOrder, marketOrder, streamedAccount, waitFor, useStillSimulator } from './helpers';

const { sim, clients } = useStillSimulator(85, { prices: { BTCUSDT: '50000', XRPUSDT: '2' } });

describe("Bybit's cross sequence: a position row's seq is the seq of the execution that last changed it", () => {
  it('holds on the stream and over REST through trades, funding, ADL, liquidation and delivery', async () => {
    const { key, c, updates } = await streamedAccount(sim, clients);
    await c.submitOrder(marketOrder('BTCUSDT', 'Buy', '0.010'));
    const limit = await c.submitOrder(limitOrder('BTCUSDT', 'Buy', '0.001', '40000.0'));
    await c.cancelOrder({ category: 'linear', symbol: 'BTCUSDT', orderId: limit.result.orderId });
    await c.setLeverage({ category: 'linear', symbol: 'BTCUSDT', buyLeverage: '5', sellLeverage: '5' });
    sim.control.settleFunding('BTCUSDT');
    expect((await control(sim, 'adl', { apiKey: key.apiKey, symbol: 'BTCUSDT', qty: '0.002' })).json.ok).toBe(
      true,
    );
    expect((await control(sim, 'liquidate', { apiKey: key.apiKey, symbol: 'BTCUSDT' })).json.ok).toBe(true);
    await c.submitOrder(marketOrder('XRPUSDT', 'Buy', '100'));
    const delisted = await control(sim, 'delist', { symbol: 'XRPUSDT', deliveryTime: String(Date.now()) });
    expect(delisted.json.ok).toBe(true);
    await waitFor(() => updates.some((u) => u.topic === 'execution' && u.data[0]?.execType === 'Delivery'));
    await waitFor(() => updates.at(-1)?.topic === 'wallet');

    const lastSeq = new Map<string, number>();
    const types = new Set<string>();
    let previous = -1;
    let checkedRows = 0;
    for (const u of updates) {
      if (u.topic === 'execution') {
        for (const e of u.data) {
          const seq = e.seq as number;
          expect(seq, String(e.execType)).toBeGreaterThan(previous);
          previous = seq;
          lastSeq.set(e.symbol as string, seq);
          types.add(e.execType as string);
        }
      }
      if (u.topic === 'position') {
        for (const p of u.data) {
          const expected = lastSeq.get(p.symbol as string);
          if (expected === undefined) continue;
          expect(p.seq, `${String(p.symbol)} ${String(p.size)} ${String(p.positionStatus)}`).toBe(expected);
          checkedRows += 1;
        }
      }
    }
    expect([...types].sort()).toEqual(['AdlTrade', 'BustTrade', 'Delivery', 'Funding', 'Trade']);
    expect(checkedRows).toBeGreaterThanOrEqual(8);

    // REST agrees: each symbol's row carries the seq of its newest execution.
    const execs = (await c.getExecutionList({ category: 'linear', limit: 100 })).result.list;
    for (const symbol of ['BTCUSDT', 'XRPUSDT']) {
      const row = (await c.getPositionInfo({ category: 'linear', symbol })).result.list[0]!;
      expect(row.seq, symbol).toBe(execs.find((e) => e.symbol === symbol)?.seq);
      expect(row.seq).toBe(lastSeq.get(symbol));
    }
  });
});
