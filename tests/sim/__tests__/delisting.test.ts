import type { ExecTypeV5, LinearInverseInstrumentInfoV5 } from 'bybit-api';
import Decimal from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { waitFor as waitForState } from '../../support/wait-for';
import type { SimKey } from '../index';
import {
  SimWsClient,
  control,
  marketOrder,
  limitOrder,
  positionRow,
  privateUpdates,
  rest,
  uidOf,
  waitFor,
  walletBalance,
  useStillSimulator,
} from './helpers';

const { sim, clients } = useStillSimulator(84, { prices: { AVAXUSDT: '20', SOLUSDT: '100' } });

/** Bybit's enum lists Delivery; the SDK's ExecTypeV5 (4.7.7) does not. */
const DELIVERY = 'Delivery' as ExecTypeV5;

/** Every linear instrument of one status (all pages). */
async function instruments(status?: 'Closed'): Promise<Map<string, LinearInverseInstrumentInfoV5>> {
  const all = new Map<string, LinearInverseInstrumentInfoV5>();
  let cursor: string | undefined;
  do {
    const page = await rest(sim).getInstrumentsInfo({ category: 'linear', limit: 1000, cursor, status });
    for (const i of page.result.list as LinearInverseInstrumentInfoV5[]) all.set(i.symbol, i);
    cursor = page.result.nextPageCursor || undefined;
  } while (cursor);
  return all;
}

const row = (key: SimKey, symbol: string) => positionRow(sim, key, symbol);

describe('POST /__sim/delist', () => {
  it('a future time shows as deliveryTime on a still Trading perpetual; at that time everything settles by Delivery', async () => {
    const long = sim.control.createKey({ balanceUsdt: '10000' });
    const short = sim.control.createKey({ balanceUsdt: '10000' });
    await rest(sim, long).submitOrder(marketOrder('AVAXUSDT', 'Buy', '10.0'));
    await rest(sim, short).submitOrder(marketOrder('AVAXUSDT', 'Sell', '4.0'));
    const resting = await rest(sim, long).submitOrder(limitOrder('AVAXUSDT', 'Buy', '1.0', '15.0000'));
    expect(resting.retCode).toBe(0);
    const updates = await privateUpdates(sim, long, clients);
    const tickers = new SimWsClient(sim.ws);
    clients.push(tickers);
    const ticks: { topic: string; type: string; data: Record<string, string> }[] = [];
    tickers.on('update', (u: (typeof ticks)[number]) => ticks.push(u));
    await Promise.all(tickers.subscribeV5(['tickers.AVAXUSDT', 'tickers.SOLUSDT'], 'linear'));
    await waitFor(() => ticks.filter((t) => t.type === 'snapshot').length === 2);

    const later = String(Date.now() + 3_600_000);
    const scheduled = await control(sim, 'delist', { symbol: 'AVAXUSDT', deliveryTime: later });
    expect(scheduled.json.result).toEqual({
      symbol: 'AVAXUSDT',
      deliveryTime: later,
      status: 'Trading',
      executions: [],
    });
    expect((await instruments()).get('AVAXUSDT')).toMatchObject({
      status: 'Trading',
      contractType: 'LinearPerpetual',
      deliveryTime: later,
    });
    expect((await rest(sim, short).submitOrder(marketOrder('AVAXUSDT', 'Sell', '1.0'))).retCode).toBe(0);

    const longAvg = new Decimal((await row(long, 'AVAXUSDT')).avgPrice);
    const shortAvg = new Decimal((await row(short, 'AVAXUSDT')).avgPrice);
    const [longWallet, shortWallet] = [await walletBalance(sim, long), await walletBalance(sim, short)];
    const now = String(Date.now());
    const settled = await control(sim, 'delist', {
      symbol: 'AVAXUSDT',
      deliveryTime: now,
      settlePrice: '21',
    });
    const result = settled.json.result as { status: string; executions: { uid: string; side: string }[] };
    expect(result.status).toBe('Closed');
    expect(result.executions.map((e) => e.side).sort()).toEqual(['Buy', 'Sell']);

    const [delivery] = (await rest(sim, long).getExecutionList({ category: 'linear', execType: DELIVERY }))
      .result.list;
    expect(delivery).toMatchObject({
      symbol: 'AVAXUSDT',
      execType: 'Delivery',
      orderLinkId: '',
      orderType: 'UNKNOWN',
      createType: 'CreateBySettle',
      side: 'Sell',
      execPrice: '21',
      execQty: '10',
      closedSize: '10',
      execValue: '210',
      execFee: '0',
      execPnl: new Decimal(21).minus(longAvg).mul(10).toFixed(),
    });
    expect((await row(long, 'AVAXUSDT')).size).toBe('0');
    expect((await row(long, 'AVAXUSDT')).seq).toBe(delivery!.seq);
    expect(await walletBalance(sim, long)).toEqual(longWallet.plus(new Decimal(21).minus(longAvg).mul(10)));
    expect(await walletBalance(sim, short)).toEqual(shortWallet.plus(shortAvg.minus(21).mul(5)));
    expect(sim.control.ledger().executions.find((e) => e.execId === delivery!.execId)?.uid).toBe(
      await uidOf(sim, long),
    );
    // A trade but not an order: nothing in the history under its orderId; the resting order is cancelled.
    const history = (await rest(sim, long).getHistoricOrders({ category: 'linear', symbol: 'AVAXUSDT' }))
      .result.list;
    expect(history.some((o) => o.orderId === delivery!.orderId)).toBe(false);
    expect(history.find((o) => o.orderId === resting.result.orderId)).toMatchObject({
      orderStatus: 'Cancelled',
      cancelType: 'CancelBySettle',
    });

    // Closed: out of the default list, in status=Closed, out of tickers, orders refused, no funding.
    expect((await instruments()).has('AVAXUSDT')).toBe(false);
    expect((await instruments('Closed')).get('AVAXUSDT')).toMatchObject({
      status: 'Closed',
      deliveryTime: now,
    });
    expect((await rest(sim).getTickers({ category: 'linear', symbol: 'AVAXUSDT' })).retCode).toBe(10001);
    const refused = await rest(sim, long).submitOrder(
      marketOrder('AVAXUSDT', 'Sell', '1.0', { reduceOnly: true }),
    );
    expect([refused.retCode, refused.retMsg]).toEqual([110074, 'This contract is not live']);
    expect((await control(sim, 'settleFunding', { symbol: 'AVAXUSDT' })).status).toBe(400);

    // Pushes: the cancel, the Delivery execution, the flat row with its seq, the wallet.
    await waitFor(() => updates.some((u) => u.topic === 'wallet'));
    const topics = updates.map((u) => u.topic);
    const exec = updates.findIndex((u) => u.topic === 'execution' && u.data[0]?.execType === 'Delivery');
    expect(topics.indexOf('order')).toBeLessThan(exec);
    expect(updates[exec + 1]).toMatchObject({ topic: 'position' });
    expect(updates[exec + 1]!.data[0]).toMatchObject({ size: '0', seq: delivery!.seq });
    // The ticker stream stops for the closed contract while others go on.
    const seen = ticks.length;
    sim.control.setPrice('SOLUSDT', '101');
    sim.control.setPrice('AVAXUSDT', '22');
    sim.control.publishTickers();
    await waitFor(() => ticks.slice(seen).some((t) => t.topic === 'tickers.SOLUSDT'));
    expect(ticks.slice(seen).some((t) => t.topic === 'tickers.AVAXUSDT')).toBe(false);
  });

  it('settles by itself when deliveryTime comes (default price: the mark then); bad requests change nothing', async () => {
    sim.control.setPrice('DOGEUSDT', '0.2');
    const key = sim.control.createKey({ balanceUsdt: '10000' });
    await rest(sim, key).submitOrder(marketOrder('DOGEUSDT', 'Buy', '100'));
    sim.control.setMarkPrice('DOGEUSDT', '0.21');
    for (const body of [
      { symbol: 'NOPEUSDT', deliveryTime: String(Date.now()) },
      { symbol: 'BTCUSDT-26DEC25', deliveryTime: String(Date.now()) },
      { symbol: 'AVAXUSDT', deliveryTime: String(Date.now()) },
      { symbol: 'DOGEUSDT', deliveryTime: 'soon' },
      { symbol: 'DOGEUSDT', deliveryTime: String(Date.now()), settlePrice: '0' },
    ])
      expect((await control(sim, 'delist', body)).status, JSON.stringify(body)).toBe(400);
    expect((await row(key, 'DOGEUSDT')).size).toBe('100');

    const at = Date.now() + 150;
    expect((await control(sim, 'delist', { symbol: 'DOGEUSDT', deliveryTime: at })).json.ok).toBe(true);
    await waitForState(async () => (await row(key, 'DOGEUSDT')).size === '0', {
      timeoutMs: 5000,
      intervalMs: 25,
    });
    const [delivery] = (await rest(sim, key).getExecutionList({ category: 'linear', execType: DELIVERY }))
      .result.list;
    expect(delivery).toMatchObject({ execPrice: '0.21', execQty: '100', side: 'Sell' });
    expect(Number(delivery!.execTime)).toBeGreaterThanOrEqual(at);
  });
});
