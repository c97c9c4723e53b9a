import type { LinearInverseInstrumentInfoV5 } from 'bybit-api';
import Decimal from 'decimal.js';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor as waitForState } from '../../support/wait-for';
import { type SimKey, startSimulator } from '../index';
import {
  SimWsClient,
  control,
  marketOrder,
  rest,
  waitFor,
  walletBalance,
  useStillSimulator,
} from './helpers';

const EIGHT_HOURS = 8 * 3600 * 1000;

const { sim, clients } = useStillSimulator(71, { prices: { BTCUSDT: '50000', ETHUSDT: '2000' } });
afterEach(() => {
  sim.control.setFundingPeriod(null);
});

async function fundingOf(key: SimKey, symbol?: string) {
  const res = await rest(sim, key).getExecutionList({
    category: 'linear',
    execType: 'Funding',
    symbol,
    limit: 100,
  });
  return res.result.list;
}

describe('funding settlements', () => {
  it('tickers show a funding rate per symbol and the next settlement on the 8 h (or 4 h) grid', async () => {
    const tickers = (await rest(sim).getTickers({ category: 'linear' })).result.list;
    const instruments = new Map<string, LinearInverseInstrumentInfoV5>();
    let cursor: string | undefined;
    do {
      const page = await rest(sim).getInstrumentsInfo({ category: 'linear', limit: 1000, cursor });
      for (const i of page.result.list as LinearInverseInstrumentInfoV5[]) instruments.set(i.symbol, i);
      cursor = page.result.nextPageCursor || undefined;
    } while (cursor);
    const perps = tickers.filter((t) => instruments.get(t.symbol)?.contractType === 'LinearPerpetual');
    expect(new Set(perps.map((t) => t.fundingRate)).size).toBeGreaterThan(10);
    expect(perps.some((t) => t.fundingRate.startsWith('-'))).toBe(true);
    const now = Date.now();
    for (const t of perps) {
      const interval = instruments.get(t.symbol)!.fundingInterval * 60_000;
      const next = Number(t.nextFundingTime);
      expect(next % interval, t.symbol).toBe(0);
      expect(next > now - 1000 && next <= now + interval + 1000, t.symbol).toBe(true);
    }
    expect(new Set(perps.map((t) => instruments.get(t.symbol)!.fundingInterval))).toEqual(
      new Set([480, 240]),
    );
    const future = tickers.find((t) => t.symbol === 'BTCUSDT-26DEC25');
    expect(future).toMatchObject({ fundingRate: '', nextFundingTime: '' });
  });

  it('settleFunding: a Funding execution per open position, the fee paid by longs at a positive rate, the wallet moves', async () => {
    const key = sim.control.createKey({ balanceUsdt: '100000' });
    const bystander = sim.control.createKey({ balanceUsdt: '5000' });
    const c = rest(sim, key);
    await c.submitOrder(marketOrder('BTCUSDT', 'Buy', '0.010'));
    await c.submitOrder(marketOrder('ETHUSDT', 'Sell', '0.50'));
    await c.submitOrder(marketOrder('SOLUSDT', 'Buy', '1.0'));
    await c.submitOrder(marketOrder('SOLUSDT', 'Sell', '1.0'));
    sim.control.setFundingRate('BTCUSDT', '0.0001');
    sim.control.setFundingRate('ETHUSDT', '0.0002');
    sim.control.setMarkPrice('BTCUSDT', '50100');
    sim.control.setMarkPrice('ETHUSDT', '1990');
    const ws = new SimWsClient(sim.ws, key);
    clients.push(ws);
    const pushed: { topic: string; data: Record<string, unknown>[] }[] = [];
    const acks: Record<string, unknown>[] = [];
    ws.on('update', (u: { topic: string; data: Record<string, unknown>[] }) => pushed.push(u));
    ws.on('response', (r: Record<string, unknown>) => acks.push(r));
    await Promise.all(ws.subscribeV5(['execution', 'wallet', 'position'], 'linear', true));
    await waitFor(() => acks.some((a) => a.op === 'subscribe' && a.success === true));
    const before = await walletBalance(sim, key);
    const posBefore = (await c.getPositionInfo({ category: 'linear', symbol: 'BTCUSDT' })).result.list[0]!;

    const settled = sim.control.settleFunding();
    const mine = settled.filter((e) => e.symbol === 'BTCUSDT' || e.symbol === 'ETHUSDT');
    expect(mine.length).toBeGreaterThanOrEqual(2);

    const list = await fundingOf(key);
    expect(list.map((e) => e.symbol).sort()).toEqual(['BTCUSDT', 'ETHUSDT']);
    const btc = list.find((e) => e.symbol === 'BTCUSDT')!;
    const eth = list.find((e) => e.symbol === 'ETHUSDT')!;
    expect(btc).toMatchObject({
      execType: 'Funding',
      orderLinkId: '',
      orderType: 'UNKNOWN',
      side: 'Buy',
      execQty: '0.01',
      execPrice: '50100',
      markPrice: '50100',
      execValue: '501',
      feeRate: '0.0001',
      execFee: '0.0501',
      closedSize: '0',
      feeCurrency: '',
      isMaker: false,
    });
    // A short receives at a positive rate: execFee is negative, feeRate = execFee / execValue.
    expect(eth).toMatchObject({
      side: 'Sell',
      execQty: '0.5',
      execValue: '995',
      feeRate: '-0.0002',
      execFee: '-0.199',
    });
    expect(await walletBalance(sim, key)).toEqual(before.minus('0.0501').plus('0.199'));
    expect(await fundingOf(bystander)).toEqual([]);

    const posAfter = (await c.getPositionInfo({ category: 'linear', symbol: 'BTCUSDT' })).result.list[0]!;
    expect(new Decimal(posAfter.cumRealisedPnl).minus(posBefore.cumRealisedPnl).toFixed()).toBe('-0.0501');
    expect(Number(posAfter.seq)).toBeGreaterThan(Number(posBefore.seq));
    expect(Number(btc.seq)).toBe(Number(posAfter.seq));
    // Not a fill: /v5/execution/list with execType=Trade and the fill ledger leave it out.
    const trades = (await c.getExecutionList({ category: 'linear', execType: 'Trade' })).result.list;
    expect(trades.every((e) => e.execType === 'Trade')).toBe(true);
    expect(sim.control.ledger().executions.some((e) => e.execId === btc.execId)).toBe(false);
    expect(sim.control.ledger().funding.some((e) => e.execId === btc.execId)).toBe(true);

    const fundingPush = await waitFor(() =>
      pushed.find((u) => u.topic === 'execution' && u.data.some((e) => e.execType === 'Funding')),
    );
    expect(fundingPush.data.map((e) => e.execId).sort()).toEqual([btc.execId, eth.execId].sort());
    expect(fundingPush.data[0]).toMatchObject({ category: 'linear', orderLinkId: '' });
    await waitFor(() => pushed.some((u) => u.topic === 'wallet'));
    // One symbol only.
    sim.control.settleFunding('ETHUSDT');
    expect((await fundingOf(key)).map((e) => e.symbol).sort()).toEqual(['BTCUSDT', 'ETHUSDT', 'ETHUSDT']);
  });

  it('a compressed period settles on its own, 4 h instruments twice as often; null restores real times', async () => {
    const key = sim.control.createKey({ balanceUsdt: '100000' });
    const c = rest(sim, key);
    const instruments = (await c.getInstrumentsInfo({ category: 'linear', limit: 1000 })).result
      .list as LinearInverseInstrumentInfoV5[];
    const fourHour = instruments.find(
      (i) => i.fundingInterval === 240 && i.contractType === 'LinearPerpetual',
    )!;
    const ticker = (await c.getTickers({ category: 'linear', symbol: fourHour.symbol })).result.list[0]!;
    const lot = fourHour.lotSizeFilter as typeof fourHour.lotSizeFilter & { minNotionalValue: string };
    const qty = Decimal.max(lot.minOrderQty, new Decimal(lot.minNotionalValue).mul(2).div(ticker.ask1Price))
      .div(lot.qtyStep)
      .ceil()
      .mul(lot.qtyStep)
      .toFixed(new Decimal(lot.qtyStep).decimalPlaces());
    expect((await c.submitOrder(marketOrder(fourHour.symbol, 'Buy', qty))).retCode).toBe(0);
    await c.submitOrder(marketOrder('BTCUSDT', 'Buy', '0.001'));

    expect((await control(sim, 'setFundingPeriod', { ms: 400 })).json.ok).toBe(true);
    const set = Date.now();
    const next = Number(
      (await c.getTickers({ category: 'linear', symbol: 'BTCUSDT' })).result.list[0]?.nextFundingTime,
    );
    expect(next - set).toBeGreaterThan(0);
    expect(next - set).toBeLessThanOrEqual(400 + 50);
    // Polled gently: execution/list allows 50 requests/s per UID.
    await waitForState(async () => (await fundingOf(key, 'BTCUSDT')).length >= 2, {
      timeoutMs: 10_000,
      intervalMs: 100,
    });
    sim.control.setFundingPeriod(null);
    const btc = (await fundingOf(key, 'BTCUSDT')).map((e) => Number(e.execTime)).reverse();
    const four = (await fundingOf(key, fourHour.symbol)).map((e) => Number(e.execTime)).reverse();
    for (let i = 1; i < btc.length; i++) expect(btc[i]! - btc[i - 1]!).toBe(400);
    for (let i = 1; i < four.length; i++) expect(four[i]! - four[i - 1]!).toBe(200);
    expect(four.length).toBeGreaterThanOrEqual(2 * btc.length - 1);
    // Back on Bybit's real grid: nothing more settles in this test's lifetime.
    const realNext = Number(
      (await c.getTickers({ category: 'linear', symbol: 'BTCUSDT' })).result.list[0]?.nextFundingTime,
    );
    expect(realNext % EIGHT_HOURS).toBe(0);
    const count = (await fundingOf(key)).length;
    await new Promise((r) => setTimeout(r, 600));
    expect((await fundingOf(key)).length).toBe(count);
  });

  it('startSimulator({ fundingPeriodMs }) starts compressed', async () => {
    const fast = await startSimulator({ seed: 72, tickIntervalMs: 0, fundingPeriodMs: 300 });
    try {
      const start = Date.now();
      const t = (await rest(fast).getTickers({ category: 'linear', symbol: 'BTCUSDT' })).result.list[0];
      expect(Number(t?.nextFundingTime) - start).toBeLessThanOrEqual(300);
    } finally {
      await fast.close();
    }
  });

  it('over HTTP; bad periods, rates and symbols are refused', async () => {
    const settled = await control(sim, 'settleFunding', { symbol: 'BTCUSDT' });
    expect(settled.json.ok).toBe(true);
    expect(Array.isArray(settled.json.result)).toBe(true);
    expect((await control(sim, 'setFundingRate', { symbol: 'BTCUSDT', rate: '-0.0003' })).json.ok).toBe(true);
    expect(
      (await rest(sim).getTickers({ category: 'linear', symbol: 'BTCUSDT' })).result.list[0]?.fundingRate,
    ).toBe('-0.0003');
    for (const [name, body] of [
      ['setFundingPeriod', { ms: 5 }],
      ['setFundingPeriod', {}],
      ['setFundingRate', { symbol: 'BTCUSDT', rate: '0.5' }],
      ['setFundingRate', { symbol: 'BTCUSDT', rate: '1e-4' }],
      ['setFundingRate', { symbol: 'BTCUSDT-26DEC25', rate: '0.0001' }],
      ['settleFunding', { symbol: 'BTCUSDT-26DEC25' }],
      ['settleFunding', { symbol: 'NOPEUSDT' }],
    ] as const) {
      expect((await control(sim, name, body)).status, JSON.stringify(body)).toBe(400);
    }
  });
});
