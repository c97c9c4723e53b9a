import { describe, expect, it } from 'vitest';
import type { SimKey } from '../index';
import { waitFor as waitForListed } from '../../support/wait-for';
import {
  hedgedAccount,
  marketOrder,
  positionRow,
  privateUpdates,
  rest,
  uidOf,
  waitFor,
  useSimulator,
} from './helpers';

const { sim, clients } = useSimulator(
  { seed: 83, tickIntervalMs: 0 },
  { prices: { BTCUSDT: '50000', ETHUSDT: '2000' } },
);

const row = (key: SimKey, symbol: string) => positionRow(sim, key, symbol);

const stop = (key: SimKey, params: Record<string, unknown>) =>
  rest(sim, key).setTradingStop({
    category: 'linear',
    symbol: 'BTCUSDT',
    tpslMode: 'Full',
    positionIdx: 0,
    ...params,
  } as never);

describe('/v5/position/trading-stop (Full mode)', () => {
  it('refuses a flat row, the wrong side of the price and an unchanged value, each with Bybit’s retCode', async () => {
    const key = sim.control.createKey({ balanceUsdt: '100000' });
    const flat = await stop(key, { stopLoss: '49000', slTriggerBy: 'MarkPrice' });
    expect([flat.retCode, flat.retMsg]).toEqual([10001, 'can not set tp/sl/ts for zero position']);

    expect((await rest(sim, key).submitOrder(marketOrder('BTCUSDT', 'Buy', '0.010'))).retCode).toBe(0);
    const above = await stop(key, { stopLoss: '51000', slTriggerBy: 'MarkPrice' });
    expect(above.retCode).toBe(10001);
    expect(above.retMsg).toMatch(/^StopLoss:51000 set for Buy position should lower than base_price:/);
    const wrongRow = await stop(key, { stopLoss: '49000', positionIdx: 1 });
    expect([wrongRow.retCode, wrongRow.retMsg]).toEqual([10001, 'position idx not match position mode']);

    expect((await stop(key, { stopLoss: '49000', slTriggerBy: 'MarkPrice' })).retCode).toBe(0);
    // Plain, as every decimal of a position row is printed.
    expect((await row(key, 'BTCUSDT')).stopLoss).toBe('49000');
    const again = await stop(key, { stopLoss: '49000', slTriggerBy: 'MarkPrice' });
    expect([again.retCode, again.retMsg]).toEqual([34040, 'not modified']);

    // "0" cancels; the row then shows none.
    expect((await stop(key, { stopLoss: '0' })).retCode).toBe(0);
    expect((await row(key, 'BTCUSDT')).stopLoss).toBe('');
    await rest(sim, key).submitOrder(marketOrder('BTCUSDT', 'Sell', '0.010', { reduceOnly: true }));
  });

  it('closes the whole row with a reduce-only market order of Bybit’s own when the mark crosses the stop', async () => {
    const key = sim.control.createKey({ balanceUsdt: '100000' });
    const updates = await privateUpdates(sim, key, clients);
    expect((await rest(sim, key).submitOrder(marketOrder('BTCUSDT', 'Buy', '0.020'))).retCode).toBe(0);
    expect((await stop(key, { stopLoss: '48000.0', slTriggerBy: 'MarkPrice' })).retCode).toBe(0);
    await waitFor(() =>
      updates.some((u) => u.topic === 'position' && u.data.some((d) => d.stopLoss === '48000')),
    );

    // The last price alone does not trigger a mark-price stop.
    sim.control.setPrice('BTCUSDT', '49000');
    sim.control.setMarkPrice('BTCUSDT', '48500');
    expect((await row(key, 'BTCUSDT')).size).toBe('0.02');
    sim.control.setMarkPrice('BTCUSDT', '47990');

    const closed = await row(key, 'BTCUSDT');
    expect([closed.size, closed.side, closed.stopLoss]).toEqual(['0', '', '']);
    const uid = await uidOf(sim, key);
    const fill = sim.control
      .ledger()
      .executions.filter((e) => e.uid === uid)
      .at(-1)!;
    expect(fill).toMatchObject({
      side: 'Sell',
      execQty: '0.02',
      orderLinkId: '',
      orderType: 'Market',
      execType: 'Trade',
      stopOrderType: 'StopLoss',
      createType: 'CreateByStopLoss',
    });
    // Bybit's order history lags (the simulator's lookup lag): wait for the row to be listed.
    const order = await waitForListed(
      async () =>
        (
          await rest(sim, key).getHistoricOrders({
            category: 'linear',
            symbol: 'BTCUSDT',
            orderId: fill.orderId,
          })
        ).result.list[0],
    );
    expect(order).toMatchObject({
      orderStatus: 'Filled',
      reduceOnly: true,
      closeOnTrigger: true,
      stopOrderType: 'StopLoss',
    });
    await waitFor(() =>
      updates.some((u) => u.topic === 'execution' && u.data.some((d) => d.execId === fill.execId)),
    );

    // A row opened again starts without a stop.
    sim.control.setPrice('BTCUSDT', '50000');
    await rest(sim, key).submitOrder(marketOrder('BTCUSDT', 'Buy', '0.010'));
    expect((await row(key, 'BTCUSDT')).stopLoss).toBe('');
    sim.control.setMarkPrice('BTCUSDT', '47000');
    expect((await row(key, 'BTCUSDT')).size).toBe('0.01');
    await rest(sim, key).submitOrder(marketOrder('BTCUSDT', 'Sell', '0.010', { reduceOnly: true }));
    sim.control.setPrice('BTCUSDT', '50000');
  });

  it('keeps a short row’s stop above the price and a hedge row’s stop on its own row', async () => {
    const { c } = await hedgedAccount(sim, 'ETHUSDT', '1.00', '2.00');
    const set = (positionIdx: number, stopLoss: string) =>
      c.setTradingStop({
        category: 'linear',
        symbol: 'ETHUSDT',
        tpslMode: 'Full',
        positionIdx,
        stopLoss,
        slTriggerBy: 'MarkPrice',
      } as never);
    const below = await set(2, '1900');
    expect(below.retMsg).toMatch(/^StopLoss:1900 set for Sell position should greater than base_price:/);
    expect((await set(2, '2100')).retCode).toBe(0);
    sim.control.setMarkPrice('ETHUSDT', '2150');
    const rows = (await c.getPositionInfo({ category: 'linear', symbol: 'ETHUSDT' })).result.list;
    expect(rows.map((r) => [r.positionIdx, r.size])).toEqual([
      [1, '1'],
      [2, '0'],
    ]);
  });
});
