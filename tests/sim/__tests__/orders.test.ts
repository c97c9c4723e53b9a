import type { OrderParamsV5, RestClientV5 } from 'bybit-api';
import Decimal from 'decimal.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from '../index';
import { limitOrder, rest, marketOrder } from './helpers';

let sim: Simulator;
let client: RestClientV5;
beforeAll(async () => {
  // These tests read the books right after each action; lookup-lag.test.ts covers the lag itself.
  sim = await startSimulator({ seed: 11, lookupLag: 0 });
  client = rest(sim);
  sim.control.setPrice('BTCUSDT', '50000');
  sim.control.setPrice('ETHUSDT', '2000');
  sim.control.setPrice('DOGEUSDT', '0.2');
  sim.control.setPrice('SOLUSDT', '100');
  // This file sends many orders from one UID; the per-UID quota is tested in rate-limit.test.ts.
  sim.control.setRateLimit('/v5/order/create', 1000);
});
afterAll(async () => {
  await sim.close();
});

const market = marketOrder;

describe('order rejections (docs/bybit-v5.md §3), nothing booked', () => {
  it('DOGEUSDT has a minimum above its step (precondition of the table)', async () => {
    const res = await client.getInstrumentsInfo({ category: 'linear', symbol: 'DOGEUSDT' });
    const lot = res.result.list[0]?.lotSizeFilter as { qtyStep: string; minOrderQty: string };
    expect(lot).toMatchObject({ qtyStep: '1', minOrderQty: '10' });
  });

  it('rejects each case with the right retCode and retMsg', async () => {
    const poor = sim.control.createKey({ balanceUsdt: '100' });
    await client.submitOrder(market('ETHUSDT', 'Buy', '0.1', { orderLinkId: 'existing-link' }));
    sim.control.rejectSymbol('XRPUSDT', 110003, 'Order price is out of permissible range', 1);
    const cases: {
      name: string;
      order: OrderParamsV5;
      code: number;
      msg: string | RegExp;
      key?: typeof poor;
    }[] = [
      { name: 'qty not on step', order: market('BTCUSDT', 'Buy', '0.0015'), code: 10001, msg: 'Qty invalid' },
      { name: 'qty not a number', order: market('BTCUSDT', 'Buy', 'abc'), code: 10001, msg: 'Qty invalid' },
      {
        name: 'qty below minimum',
        order: market('DOGEUSDT', 'Buy', '1'),
        code: 10001,
        msg: 'The number of contracts exceeds minimum limit allowed',
      },
      {
        name: 'qty above maxMktOrderQty',
        order: market('BTCUSDT', 'Buy', '1000'),
        code: 10001,
        msg: /^The number of contracts exceeds maximum limit allowed: too large, order_qty:100000000000 > max_qty:\d+$/,
      },
      {
        name: 'below min notional',
        order: market('DOGEUSDT', 'Buy', '10'),
        code: 110094,
        msg: 'Order does not meet minimum order value 5USDT',
      },
      {
        name: 'insufficient balance',
        order: market('BTCUSDT', 'Buy', '0.05'),
        code: 110007,
        msg: 'ab not enough for new order',
        key: poor,
      },
      {
        name: 'reduce-only without position',
        order: market('BTCUSDT', 'Sell', '0.01', { reduceOnly: true }),
        code: 110017,
        msg: 'current position is zero, cannot fix reduce-only order qty',
      },
      {
        name: 'reduce-only on the same side as the position',
        order: market('ETHUSDT', 'Buy', '0.1', { reduceOnly: true }),
        code: 110017,
        msg: 'Reduce-only rule not satisfied',
      },
      {
        name: 'duplicate orderLinkId',
        order: market('ETHUSDT', 'Buy', '0.1', { orderLinkId: 'existing-link' }),
        code: 110072,
        msg: 'OrderLinkedID is duplicate',
      },
      {
        name: 'orderLinkId longer than 36',
        order: market('ETHUSDT', 'Buy', '0.1', { orderLinkId: 'x'.repeat(37) }),
        code: 10001,
        msg: /36/,
      },
      {
        name: 'orderLinkId bad charset',
        order: market('ETHUSDT', 'Buy', '0.1', { orderLinkId: 'bad id!' }),
        code: 10001,
        msg: /orderLinkId/,
      },
      {
        name: 'positionIdx 1 in one-way mode',
        order: market('ETHUSDT', 'Buy', '0.1', { positionIdx: 1 }),
        code: 10001,
        msg: 'position idx not match position mode',
      },
      {
        name: 'bad side',
        order: market('ETHUSDT', 'Long' as 'Buy', '0.1'),
        code: 10001,
        msg: 'params error: side invalid',
      },
      { name: 'unknown symbol', order: market('NOPEUSDT', 'Buy', '1'), code: 10001, msg: /symbol/ },
      { name: 'PreLaunch symbol', order: market('PRELAUNCHAUSDT', 'Buy', '100'), code: 10001, msg: /symbol/ },
      {
        name: 'limit price off tick',
        order: { ...market('ETHUSDT', 'Buy', '0.1'), orderType: 'Limit', price: '1000.001' },
        code: 10001,
        msg: /price/,
      },
      {
        name: 'injected rejection',
        order: market('XRPUSDT', 'Buy', '10'),
        code: 110003,
        msg: 'Order price is out of permissible range',
      },
    ];
    const before = sim.control.ledger().orders.length;
    for (const c of cases) {
      const res = await rest(sim, c.key ?? sim).submitOrder(c.order);
      expect(res.retCode, c.name).toBe(c.code);
      if (typeof c.msg === 'string') expect(res.retMsg, c.name).toBe(c.msg);
      else expect(res.retMsg, c.name).toMatch(c.msg);
      expect(res.result, c.name).toEqual({});
    }
    expect(sim.control.ledger().orders.length).toBe(before);
    // The injected rejection had count 1: the next XRP order goes through.
    expect((await client.submitOrder(market('XRPUSDT', 'Buy', '10'))).retCode).toBe(0);
  });

  it('cancel rejections', async () => {
    const none = await client.cancelOrder({ category: 'linear', symbol: 'BTCUSDT' });
    expect(none.retCode).toBe(10001);
    expect(none.retMsg).toBe('params error: OrderId or orderLinkId is required');
    const unknown = await client.cancelOrder({
      category: 'linear',
      symbol: 'BTCUSDT',
      orderLinkId: 'never-sent',
    });
    expect(unknown.retCode).toBe(110001);
    expect(unknown.retMsg).toBe('Order does not exist');
  });
});

describe('market order matching', () => {
  it('fills a buy at the ask with the taker fee and books position and wallet', async () => {
    const key = sim.control.createKey({ balanceUsdt: '10000' });
    const c = rest(sim, key);
    const res = await c.submitOrder(market('BTCUSDT', 'Buy', '0.010', { orderLinkId: 'fill-1' }));
    expect(res.retCode).toBe(0);
    expect(res.result.orderLinkId).toBe('fill-1');
    const execs = await c.getExecutionList({ category: 'linear', orderLinkId: 'fill-1' });
    expect(execs.result.list).toHaveLength(1);
    const e = execs.result.list[0];
    expect(e).toMatchObject({
      execPrice: '50002.5',
      execQty: '0.01',
      execValue: '500.025',
      execFee: '0.27501375',
      isMaker: false,
      feeRate: '0.00055',
    });
    const pos = (await c.getPositionInfo({ category: 'linear', symbol: 'BTCUSDT' })).result.list[0];
    expect(pos).toMatchObject({
      side: 'Buy',
      size: '0.01',
      avgPrice: '50002.5',
      positionIdx: 0,
      leverage: '10',
    });
    // On mark (50000, pinned): 500 / 10 + 500 × 0.055 % fee to close.
    expect(pos?.positionIM).toBe('50.275');
    const wallet = (await c.getWalletBalance({ accountType: 'UNIFIED' })).result.list[0];
    expect(wallet?.totalWalletBalance).toBe('9999.72498625');
    const order = (
      await c.getActiveOrders({ category: 'linear', symbol: 'BTCUSDT', orderLinkId: 'fill-1', openOnly: 1 })
    ).result.list[0];
    expect(order).toMatchObject({
      orderStatus: 'Filled',
      avgPrice: '50002.5',
      cumExecQty: '0.01',
      leavesQty: '0',
      timeInForce: 'IOC',
    });
  });

  it('nets in one-way mode: average entry, partial close with realised PnL, flip', async () => {
    const key = sim.control.createKey({ balanceUsdt: '100000' });
    const c = rest(sim, key);
    const quote = async () => (await c.getTickers({ category: 'linear', symbol: 'LINKUSDT' })).result.list[0];
    sim.control.setPrice('LINKUSDT', '10');
    const ask1 = new Decimal((await quote())?.ask1Price ?? '0');
    await c.submitOrder(market('LINKUSDT', 'Buy', '10'));
    sim.control.setPrice('LINKUSDT', '12');
    const q2 = await quote();
    const ask2 = new Decimal(q2?.ask1Price ?? '0');
    const bid2 = new Decimal(q2?.bid1Price ?? '0');
    await c.submitOrder(market('LINKUSDT', 'Buy', '10'));
    let pos = (await c.getPositionInfo({ category: 'linear', symbol: 'LINKUSDT' })).result.list[0];
    expect(pos?.size).toBe('20');
    expect(new Decimal(pos?.avgPrice ?? '0').eq(ask1.plus(ask2).div(2))).toBe(true);
    // Sell 30 at 12: closes 20 (PnL vs average) and opens a 10 short at the bid.
    const res = await c.submitOrder(market('LINKUSDT', 'Sell', '30', { orderLinkId: 'flip' }));
    expect(res.retCode).toBe(0);
    pos = (await c.getPositionInfo({ category: 'linear', symbol: 'LINKUSDT' })).result.list[0];
    expect(pos).toMatchObject({ side: 'Sell', size: '10' });
    expect(new Decimal(pos?.avgPrice ?? '0').eq(bid2)).toBe(true);
    const exec = (await c.getExecutionList({ category: 'linear', orderLinkId: 'flip' })).result.list[0];
    expect(exec?.closedSize).toBe('20');
    // Realised PnL of the close minus both fees is in cumRealisedPnl.
    const avg = ask1.plus(ask2).div(2);
    const pnl = bid2.minus(avg).mul(20);
    const fees = [ask1.mul(10), ask2.mul(10), bid2.mul(30)].reduce(
      (a, v) => a.plus(v.mul('0.00055').toDecimalPlaces(8, Decimal.ROUND_UP)),
      new Decimal(0),
    );
    expect(new Decimal(pos?.cumRealisedPnl ?? '0').toFixed(8)).toBe(pnl.minus(fees).toFixed(8));
  });

  it('walks the book for a large order: several fills, worse average', async () => {
    const c = rest(sim);
    const ticker = (await c.getTickers({ category: 'linear', symbol: 'BTCUSDT' })).result.list[0];
    const size = new Decimal(ticker?.ask1Size ?? '0');
    const qty = size.mul(3).plus('0.001').toFixed(3);
    await c.submitOrder(market('BTCUSDT', 'Sell', qty, { orderLinkId: 'walk-1' }));
    const execs = (await c.getExecutionList({ category: 'linear', orderLinkId: 'walk-1' })).result.list;
    expect(execs).toHaveLength(4);
    const total = execs.reduce((a, e) => a.plus(e.execQty), new Decimal(0));
    expect(total.toFixed(3)).toBe(qty);
    const prices = execs.map((e) => new Decimal(e.execPrice));
    expect(prices.every((p) => p.lte(new Decimal(ticker?.bid1Price ?? '0')))).toBe(true);
    const order = (await c.getHistoricOrders({ category: 'linear', orderLinkId: 'walk-1' })).result.list[0];
    expect(new Decimal(order?.avgPrice ?? '0').lt(new Decimal(ticker?.bid1Price ?? '0'))).toBe(true);
  });

  it('truncates a reduce-only order to the position size', async () => {
    const key = sim.control.createKey();
    const c = rest(sim, key);
    await c.submitOrder(market('ETHUSDT', 'Buy', '0.50'));
    const res = await c.submitOrder(
      market('ETHUSDT', 'Sell', '2.00', { reduceOnly: true, orderLinkId: 'ro-1' }),
    );
    expect(res.retCode).toBe(0);
    const order = (await c.getHistoricOrders({ category: 'linear', orderLinkId: 'ro-1' })).result.list[0];
    expect(order).toMatchObject({ qty: '0.5', cumExecQty: '0.5', reduceOnly: true, orderStatus: 'Filled' });
    const pos = (await c.getPositionInfo({ category: 'linear', symbol: 'ETHUSDT' })).result.list[0];
    expect(pos).toMatchObject({ side: '', size: '0' });
    const open = await c.getPositionInfo({ category: 'linear', settleCoin: 'USDT' });
    expect(open.result.list).toHaveLength(0);
  });
});

describe('create-batch', () => {
  it('answers per item, aligned by index, with top-level retCode 0', async () => {
    const key = sim.control.createKey();
    const c = rest(sim, key);
    const res = await c.batchSubmitOrders('linear', [
      { symbol: 'BTCUSDT', side: 'Buy', orderType: 'Market', qty: '0.001', orderLinkId: 'b-1' },
      { symbol: 'DOGEUSDT', side: 'Buy', orderType: 'Market', qty: '10', orderLinkId: 'b-2' },
      { symbol: 'ETHUSDT', side: 'Sell', orderType: 'Market', qty: '0.01', orderLinkId: 'b-3' },
      { symbol: 'ETHUSDT', side: 'Sell', orderType: 'Market', qty: '0.01', orderLinkId: 'b-3' },
    ]);
    expect(res.retCode).toBe(0);
    const list = res.result.list;
    const ext = (res.retExtInfo as { list: { code: number; msg: string }[] }).list;
    expect(ext.map((x) => x.code)).toEqual([0, 110094, 0, 110072]);
    expect(ext[0]?.msg).toBe('OK');
    expect(list.map((x) => x.orderLinkId)).toEqual(['b-1', 'b-2', 'b-3', 'b-3']);
    expect(list[1]).toMatchObject({ orderId: '', createAt: '' });
    expect(list[0]?.orderId).toMatch(/^[0-9a-f-]{36}$/);
    const ledger = sim.control.ledger().orders.filter((o) => o.orderLinkId.startsWith('b-'));
    expect(ledger.map((o) => o.orderLinkId)).toEqual(['b-1', 'b-3']);
  });

  it('rejects more than 20 orders', async () => {
    const orders = Array.from({ length: 21 }, (_, i) => ({
      symbol: 'BTCUSDT',
      side: 'Buy' as const,
      orderType: 'Market' as const,
      qty: '0.001',
      orderLinkId: `big-${i}`,
    }));
    const res = await client.batchSubmitOrders('linear', orders);
    expect(res.retCode).toBe(10001);
  });
});

describe('limit orders, cancel, queries', () => {
  it('rests a passive limit order, lists it as open, cancels it', async () => {
    const c = rest(sim);
    const res = await c.submitOrder(limitOrder('SOLUSDT', 'Buy', '1.0', '90.000', { orderLinkId: 'lim-1' }));
    expect(res.retCode).toBe(0);
    const open = await c.getActiveOrders({ category: 'linear', settleCoin: 'USDT' });
    expect(open.result.list.map((o) => o.orderLinkId)).toContain('lim-1');
    const wallet = (await c.getWalletBalance({ accountType: 'UNIFIED' })).result.list[0];
    expect(Number(wallet?.coin[0]?.totalOrderIM)).toBeGreaterThan(0);
    const cancel = await c.cancelOrder({ category: 'linear', symbol: 'SOLUSDT', orderLinkId: 'lim-1' });
    expect(cancel.result.orderId).toBe(res.result.orderId);
    const again = await c.cancelOrder({ category: 'linear', symbol: 'SOLUSDT', orderId: res.result.orderId });
    expect(again.retCode).toBe(110001);
    const hist = await c.getHistoricOrders({ category: 'linear', orderLinkId: 'lim-1' });
    expect(hist.result.list[0]).toMatchObject({ orderStatus: 'Cancelled', cancelType: 'CancelByUser' });
  });

  it('cancels a PostOnly order that would take liquidity', async () => {
    const c = rest(sim);
    await c.submitOrder(
      limitOrder('SOLUSDT', 'Buy', '1.0', '150.000', { timeInForce: 'PostOnly', orderLinkId: 'po-1' }),
    );
    const o = (await c.getHistoricOrders({ category: 'linear', orderLinkId: 'po-1' })).result.list[0];
    expect(o).toMatchObject({
      orderStatus: 'Cancelled',
      rejectReason: 'EC_PostOnlyWillTakeLiquidity',
      cumExecQty: '0',
    });
  });

  it('pages order history with a cursor', async () => {
    const key = sim.control.createKey();
    const c = rest(sim, key);
    for (let i = 0; i < 5; i++)
      await c.submitOrder(market('BTCUSDT', 'Buy', '0.001', { orderLinkId: `page-${i}` }));
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let n = 0; n < 5; n++) {
      const res = await c.getHistoricOrders({ category: 'linear', limit: 2, cursor });
      seen.push(...res.result.list.map((o) => o.orderLinkId));
      cursor = res.result.nextPageCursor || undefined;
      if (!cursor) break;
    }
    expect(seen).toEqual(['page-4', 'page-3', 'page-2', 'page-1', 'page-0']);
  });

  it('wallet-balance: UNIFIED only; other coins only when named, as zero rows', async () => {
    const c = rest(sim, sim.control.createKey({ balanceUsdt: '321' }));
    const usdt = (await c.getWalletBalance({ accountType: 'UNIFIED' })).result.list[0];
    expect(usdt?.coin.map((x) => x.coin)).toEqual(['USDT']);
    expect(usdt).toMatchObject({
      totalWalletBalance: '321',
      totalAvailableBalance: '321',
      totalPerpUPL: '0',
    });
    const both = (await c.getWalletBalance({ accountType: 'UNIFIED', coin: 'USDT,USDC' })).result.list[0];
    expect(both?.coin.map((x) => [x.coin, x.walletBalance])).toEqual([
      ['USDT', '321'],
      ['USDC', '0'],
    ]);
    expect((await c.getWalletBalance({ accountType: 'CONTRACT' })).retCode).toBe(10001);
  });

  it('order/realtime: orderLinkId outranks symbol (lookup priority)', async () => {
    const c = rest(sim);
    await c.submitOrder(market('BTCUSDT', 'Buy', '0.001', { orderLinkId: 'prio-1' }));
    const res = await c.getActiveOrders({
      category: 'linear',
      symbol: 'ETHUSDT',
      orderLinkId: 'prio-1',
      openOnly: 1,
    });
    expect(res.result.list.map((o) => [o.symbol, o.orderLinkId])).toEqual([['BTCUSDT', 'prio-1']]);
    const open = await c.getActiveOrders({ category: 'linear', symbol: 'BTCUSDT', orderLinkId: 'prio-1' });
    expect(open.result.list).toHaveLength(0);
  });

  it('requires symbol, baseCoin or settleCoin on order/realtime', async () => {
    const res = await client.getActiveOrders({ category: 'linear' });
    expect(res.retCode).toBe(10001);
  });
});
