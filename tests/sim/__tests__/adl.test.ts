import Decimal from 'decimal.js';
import { describe, expect, it } from 'vitest';
import {
  control,
  hedgedAccount,
  limitOrder,
  marketOrder,
  positionRow,
  streamedAccount,
  uidOf,
  waitFor,
  walletBalance,
  useStillSimulator,
} from './helpers';

const { sim, clients } = useStillSimulator(83, { prices: { BTCUSDT: '50000', ETHUSDT: '2000' } });

describe('POST /__sim/adl', () => {
  it('reduces the row by qty at the mark with the maker fee: AdlTrade, the engine order, orders cancelled, seq shared', async () => {
    const { key, c, updates } = await streamedAccount(sim, clients);
    await c.submitOrder(marketOrder('BTCUSDT', 'Buy', '0.020'));
    const resting = await c.submitOrder(limitOrder('ETHUSDT', 'Sell', '0.10', '3000.00'));
    const open = await positionRow(sim, key, 'BTCUSDT');
    const avg = new Decimal(open.avgPrice);
    sim.control.setMarkPrice('BTCUSDT', '50100');
    const wallet = await walletBalance(sim, key);

    const res = await control(sim, 'adl', { apiKey: key.apiKey, symbol: 'BTCUSDT', qty: '0.005' });
    expect(res.json.ok).toBe(true);
    const [adl] = (await c.getExecutionList({ category: 'linear', execType: 'AdlTrade' })).result.list;
    expect(adl).toMatchObject({
      execType: 'AdlTrade',
      orderLinkId: '',
      side: 'Sell',
      createType: 'CreateByAdl_PassThrough',
      execPrice: '50100',
      execQty: '0.005',
      closedSize: '0.005',
      execValue: '250.5',
      execFee: '0.0501',
      feeRate: '0.0002',
      isMaker: true,
      execPnl: new Decimal('50100').minus(avg).mul('0.005').toFixed(),
    });
    expect((res.json.result as { execId: string }[])[0]?.execId).toBe(adl!.execId);
    const row = (await c.getPositionInfo({ category: 'linear', symbol: 'BTCUSDT' })).result.list[0]!;
    expect(row).toMatchObject({
      size: '0.015',
      side: 'Buy',
      avgPrice: open.avgPrice,
      positionStatus: 'Normal',
    });
    expect(row.seq).toBe(adl!.seq);
    const after = (await c.getWalletBalance({ accountType: 'UNIFIED' })).result.list[0]!.totalWalletBalance;
    expect(after).toBe(wallet.plus(new Decimal('50100').minus(avg).mul('0.005')).minus('0.0501').toFixed());

    const [order] = (await c.getHistoricOrders({ category: 'linear', orderId: adl!.orderId })).result.list;
    expect(order).toMatchObject({
      orderStatus: 'Filled',
      createType: 'CreateByAdl_PassThrough',
      qty: '0.005',
    });
    const [cancelled] = (await c.getHistoricOrders({ category: 'linear', orderId: resting.result.orderId }))
      .result.list;
    expect(cancelled).toMatchObject({ orderStatus: 'Cancelled', cancelType: 'CancelAllBeforeAdl' });
    expect(sim.control.ledger().executions.find((e) => e.execId === adl!.execId)?.uid).toBe(
      await uidOf(sim, key),
    );

    const flat = await waitFor(() =>
      updates.find(
        (u) => u.topic === 'position' && u.data.some((p) => p.seq === adl!.seq && p.size === '0.015'),
      ),
    );
    const statusPush = updates.findIndex(
      (u) => u.topic === 'position' && u.data.some((p) => p.positionStatus === 'Adl'),
    );
    expect(statusPush).toBeGreaterThanOrEqual(0);
    expect(updates[statusPush]!.data[0]).toMatchObject({ size: '0.02', seq: open.seq });
    expect(statusPush).toBeLessThan(updates.indexOf(flat));
  });

  it('hedge mode needs positionIdx when both rows are open; bad quantities change nothing', async () => {
    const { key, c } = await hedgedAccount(sim, 'ETHUSDT', '0.50', '0.30');
    const base = { apiKey: key.apiKey, symbol: 'ETHUSDT' };
    for (const body of [
      { ...base, qty: '0.10' },
      { ...base, qty: '0.31', positionIdx: 2 },
      { ...base, qty: '0.005', positionIdx: 2 },
      { ...base, qty: '0', positionIdx: 2 },
      { ...base, qty: '0.10', positionIdx: 0 },
      { ...base, symbol: 'BTCUSDT', qty: '0.001' },
    ])
      expect((await control(sim, 'adl', body)).status, JSON.stringify(body)).toBe(400);
    const sizes = async () =>
      (await c.getPositionInfo({ category: 'linear', symbol: 'ETHUSDT' })).result.list.map((p) => p.size);
    expect(await sizes()).toEqual(['0.5', '0.3']);
    expect((await control(sim, 'adl', { ...base, qty: '0.30', positionIdx: 2 })).json.ok).toBe(true);
    expect(await sizes()).toEqual(['0.5', '0']);
    // One row left open: positionIdx is not needed.
    expect((await control(sim, 'adl', { ...base, qty: '0.20' })).json.ok).toBe(true);
    expect(await sizes()).toEqual(['0.3', '0']);
  });
});
