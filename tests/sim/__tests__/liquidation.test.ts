import Decimal from 'decimal.js';
import { describe, expect, it } from 'vitest';
import type { SimKey } from '../index';
import {
  type PrivateUpdate,
  control,
  hedgedAccount,
  limitOrder,
  marketOrder,
  rest,
  streamedAccount,
  thinLinkLong,
  uidOf,
  waitFor,
  walletBalance,
  useStillSimulator,
} from './helpers';

const { sim, clients } = useStillSimulator(81, { prices: { BTCUSDT: '50000', ETHUSDT: '2000' } });

async function position(key: SimKey, symbol: string) {
  return (await rest(sim, key).getPositionInfo({ category: 'linear', symbol })).result.list;
}

/** Index of the first push matching, at or after `from`; -1 if none. */
function indexOf(
  updates: PrivateUpdate[],
  topic: string,
  match: (d: Record<string, unknown>) => boolean,
  from = 0,
) {
  return updates.findIndex((u, i) => i >= from && u.topic === topic && u.data.some(match));
}

describe('POST /__sim/liquidate', () => {
  it('takes a cross long over at its bankruptcy price: BustTrade, flat row, the loss, and the pushes in order', async () => {
    const { key, c, updates } = await streamedAccount(sim, clients);
    expect((await c.submitOrder(marketOrder('BTCUSDT', 'Buy', '0.010'))).retCode).toBe(0);
    const resting = await c.submitOrder(limitOrder('ETHUSDT', 'Buy', '0.10', '1500.00'));
    const [open] = await position(key, 'BTCUSDT');
    const avg = new Decimal(open!.avgPrice);
    const before = await walletBalance(sim, key);

    const res = await control(sim, 'liquidate', { apiKey: key.apiKey, symbol: 'BTCUSDT' });
    expect(res.json.ok).toBe(true);
    const returned = res.json.result as { execId: string; uid: string }[];
    expect(returned).toHaveLength(1);

    // A healthy cross account has no equity-zero price in range: the row's own 0 % margin level, 10×.
    const bankruptcy = avg.mul(0.9).div('0.1').ceil().mul('0.1');
    const value = bankruptcy.mul('0.010');
    const fee = value.mul('0.00055').toDecimalPlaces(8, Decimal.ROUND_UP);
    const [bust] = (await c.getExecutionList({ category: 'linear', execType: 'BustTrade' })).result.list;
    expect(bust).toMatchObject({
      symbol: 'BTCUSDT',
      execType: 'BustTrade',
      orderLinkId: '',
      side: 'Sell',
      orderType: 'Limit',
      createType: 'CreateByTakeOver_PassThrough',
      orderPrice: bankruptcy.toFixed(),
      orderQty: '0.01',
      leavesQty: '0',
      execPrice: bankruptcy.toFixed(),
      execQty: '0.01',
      closedSize: '0.01',
      execValue: value.toFixed(),
      execFee: fee.toFixed(),
      feeRate: '0.00055',
      isMaker: false,
      execPnl: bankruptcy.minus(avg).mul('0.010').toFixed(),
    });
    expect(bust!.execId).toBe(returned[0]!.execId);
    expect(bust!.orderId).not.toBe('');

    const [flat] = await position(key, 'BTCUSDT');
    expect(flat).toMatchObject({ size: '0', side: '', positionStatus: 'Normal', liqPrice: '' });
    expect(flat!.seq).toBe(bust!.seq);
    expect(await walletBalance(sim, key)).toEqual(before.plus(bankruptcy.minus(avg).mul('0.010')).minus(fee));

    // The engine's order: in the history, Filled, reduce-only IOC at the bankruptcy price; not in the ledger of sent orders.
    const [liqOrder] = (await c.getHistoricOrders({ category: 'linear', orderId: bust!.orderId })).result
      .list;
    expect(liqOrder).toMatchObject({
      orderStatus: 'Filled',
      createType: 'CreateByTakeOver_PassThrough',
      orderLinkId: '',
      side: 'Sell',
      orderType: 'Limit',
      timeInForce: 'IOC',
      price: bankruptcy.toFixed(),
      qty: '0.01',
      cumExecQty: '0.01',
      reduceOnly: true,
    });
    const [cancelled] = (await c.getHistoricOrders({ category: 'linear', orderId: resting.result.orderId }))
      .result.list;
    expect(cancelled).toMatchObject({ orderStatus: 'Cancelled', cancelType: 'CancelAllBeforeLiq' });
    const ledger = sim.control.ledger();
    expect(ledger.executions.find((e) => e.execId === bust!.execId)?.uid).toBe(await uidOf(sim, key));
    expect(ledger.orders.some((o) => o.orderId === bust!.orderId)).toBe(false);

    // Pushes: the row in Liq, the cancelled order, the engine's order, the execution, the flat row, the wallet.
    const walletAt = await waitFor(() => {
      const i = indexOf(updates, 'execution', (e) => e.execType === 'BustTrade');
      const w = i >= 0 ? indexOf(updates, 'wallet', () => true, i) : -1;
      return w >= 0 ? w : undefined;
    });
    const liq = indexOf(updates, 'position', (p) => p.positionStatus === 'Liq');
    const cancelPush = indexOf(updates, 'order', (o) => o.cancelType === 'CancelAllBeforeLiq', liq);
    const orderPush = indexOf(
      updates,
      'order',
      (o) => o.createType === 'CreateByTakeOver_PassThrough',
      cancelPush,
    );
    const execPush = indexOf(updates, 'execution', (e) => e.execType === 'BustTrade', orderPush);
    const flatPush = indexOf(updates, 'position', (p) => p.symbol === 'BTCUSDT' && p.size === '0', execPush);
    expect(liq).toBeGreaterThanOrEqual(0);
    expect(updates[liq]!.data[0]).toMatchObject({ size: '0.01', seq: open!.seq });
    expect([cancelPush, orderPush, execPush, flatPush].every((i) => i > liq)).toBe(true);
    expect(cancelPush < orderPush && orderPush < execPush && execPush < flatPush && flatPush < walletAt).toBe(
      true,
    );
    expect(updates[flatPush]!.data[0]).toMatchObject({ positionStatus: 'Normal', seq: bust!.seq });
    expect(updates[execPush]!.data[0]).toMatchObject({ category: 'linear', execId: bust!.execId });
  });

  it('hedge mode: one row by positionIdx, then every open row; bad requests change nothing', async () => {
    const { key, c } = await hedgedAccount(sim, 'ETHUSDT', '0.50', '0.30');
    const bad = [
      { apiKey: key.apiKey, symbol: 'ETHUSDT', positionIdx: 0 },
      { apiKey: key.apiKey, symbol: 'BTCUSDT' },
      { apiKey: 'nope', symbol: 'ETHUSDT' },
      { apiKey: key.apiKey, symbol: 'NOPEUSDT' },
      { apiKey: key.apiKey },
    ];
    for (const body of bad)
      expect((await control(sim, 'liquidate', body)).status, JSON.stringify(body)).toBe(400);
    expect((await position(key, 'ETHUSDT')).map((p) => p.size)).toEqual(['0.5', '0.3']);

    const short = await control(sim, 'liquidate', { apiKey: key.apiKey, symbol: 'ETHUSDT', positionIdx: 2 });
    expect((short.json.result as { side: string }[]).map((e) => e.side)).toEqual(['Buy']);
    expect((await position(key, 'ETHUSDT')).map((p) => p.size)).toEqual(['0.5', '0']);
    const rest2 = await control(sim, 'liquidate', { apiKey: key.apiKey, symbol: 'ETHUSDT' });
    expect((rest2.json.result as { side: string }[]).map((e) => e.side)).toEqual(['Sell']);
    expect((await position(key, 'ETHUSDT')).map((p) => p.size)).toEqual(['0', '0']);
    // The short's bankruptcy price is above its entry, the long's below.
    const busts = (await c.getExecutionList({ category: 'linear', execType: 'BustTrade' })).result.list;
    const byIdx = new Map(
      (await c.getHistoricOrders({ category: 'linear', symbol: 'ETHUSDT' })).result.list.map((o) => [
        o.orderId,
        o,
      ]),
    );
    expect(busts.map((e) => byIdx.get(e.orderId)?.positionIdx).sort()).toEqual([1, 2]);
  });
});

describe('POST /__sim/liquidate on a healthy cross account', () => {
  it('never closes better than the market: a short the mark has carried past entry × 1.1 is taken at the mark', async () => {
    sim.control.setPrice('SOLUSDT', '100');
    const key = sim.control.createKey({ balanceUsdt: '100000' });
    const c = rest(sim, key);
    await c.submitOrder(marketOrder('SOLUSDT', 'Sell', '2.0'));
    sim.control.setPrice('SOLUSDT', '125');
    const mark = (await position(key, 'SOLUSDT'))[0]!.markPrice;
    expect((await control(sim, 'liquidate', { apiKey: key.apiKey, symbol: 'SOLUSDT' })).json.ok).toBe(true);
    const [bust] = (await c.getExecutionList({ category: 'linear', execType: 'BustTrade' })).result.list;
    expect(bust).toMatchObject({ execPrice: mark, side: 'Buy', execQty: '2' });
  });
});

describe('cross margin liquidates by itself at the liqPrice the position list shows', () => {
  it('a mark one tick short of liqPrice leaves the position; the mark at it takes it over, equity to about 0', async () => {
    const { key, c } = await thinLinkLong(sim);
    const [open] = await position(key, 'LINKUSDT');
    const liq = new Decimal(open!.liqPrice);
    const info = (await c.getInstrumentsInfo({ category: 'linear', symbol: 'LINKUSDT' })).result.list[0]!;
    const tick = new Decimal(info.priceFilter.tickSize);
    const dp = tick.decimalPlaces();
    const above = liq.div(tick).floor().plus(1).mul(tick);
    sim.control.setMarkPrice('LINKUSDT', above.toFixed(dp));
    expect((await position(key, 'LINKUSDT'))[0]?.size).toBe('400');

    const wallet = await walletBalance(sim, key);
    sim.control.setMarkPrice('LINKUSDT', above.minus(tick).toFixed(dp));
    expect((await position(key, 'LINKUSDT'))[0]).toMatchObject({ size: '0', positionStatus: 'Normal' });
    const [bust] = (await c.getExecutionList({ category: 'linear', execType: 'BustTrade' })).result.list;
    // Bankruptcy: the mark at which equity is 0 after the closing fee, rounded up to the tick.
    const size = new Decimal(400);
    const avg = new Decimal(open!.avgPrice);
    const exact = avg
      .mul(size)
      .minus(wallet)
      .div(size.mul(new Decimal(1).minus('0.00055')));
    expect(bust?.execPrice).toBe(exact.div(tick).ceil().mul(tick).toFixed(dp));
    const after = await walletBalance(sim, key);
    expect(after.gte(0) && after.lt(1)).toBe(true);
  });
});
