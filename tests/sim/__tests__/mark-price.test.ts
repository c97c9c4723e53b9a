import Decimal from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { waitFor as waitForAsync } from '../../support/wait-for';
import {
  SimWsClient,
  control,
  marketOrder,
  positionRow,
  privateUpdates,
  rest,
  thinLinkLong,
  waitFor,
  walletBalance,
  useSimulator,
} from './helpers';

interface Update {
  topic: string;
  type?: string;
  data: unknown;
}

const { sim, clients } = useSimulator({ seed: 31, tickIntervalMs: 20, lookupLag: 0 });

async function tickers(): Promise<Map<string, { lastPrice: string; markPrice: string }>> {
  const list = (await rest(sim).getTickers({ category: 'linear' })).result.list;
  return new Map(list.map((t) => [t.symbol, t]));
}

describe('mark price', () => {
  it('differs from the last price and moves on its own walk, within 30 bp', async () => {
    const first = await tickers();
    const apart = [...first.values()].filter((t) => t.markPrice !== t.lastPrice);
    expect(apart.length).toBeGreaterThan(first.size / 2);
    for (const t of first.values()) {
      const gap = new Decimal(t.markPrice).div(t.lastPrice).minus(1).abs();
      expect(gap.lte('0.0031') || new Decimal(t.markPrice).minus(t.lastPrice).abs().lte('0.01')).toBe(true);
    }
    // Some marks move while their last price stays where it was: the basis walks by itself.
    const ownMoves = await waitForAsync(
      async () => {
        const later = await tickers();
        const moved = [...later].filter(([s, t]) => {
          const before = first.get(s);
          return before && t.lastPrice === before.lastPrice && t.markPrice !== before.markPrice;
        });
        return moved.length >= 5 ? moved : undefined;
      },
      { timeoutMs: 5000 },
    );
    expect(ownMoves?.length).toBeGreaterThanOrEqual(5);
  });

  it('setPrice sets both and pins them; setMarkPrice sets the mark alone, on the tick', async () => {
    sim.control.setPrice('ETHUSDT', '2500');
    let eth = (await tickers()).get('ETHUSDT');
    expect(eth).toMatchObject({ lastPrice: '2500.00', markPrice: '2500.00' });
    sim.control.setMarkPrice('ETHUSDT', '2512.344');
    await new Promise((r) => setTimeout(r, 100));
    eth = (await tickers()).get('ETHUSDT');
    expect(eth).toMatchObject({ lastPrice: '2500.00', markPrice: '2512.34' });
    const http = await control(sim, 'setMarkPrice', { symbol: 'ETHUSDT', price: '2490' });
    expect(http.json.ok).toBe(true);
    expect((await tickers()).get('ETHUSDT')?.markPrice).toBe('2490.00');
    expect((await control(sim, 'setMarkPrice', { symbol: 'NOPEUSDT', price: '1' })).status).toBe(400);
    expect((await control(sim, 'setMarkPrice', { symbol: 'ETHUSDT', price: -1 })).status).toBe(400);
  });

  it('the ticker stream carries the mark: a mark-only change is a delta with markPrice alone', async () => {
    sim.control.setPrice('SOLUSDT', '100');
    const client = new SimWsClient(sim.ws);
    clients.push(client);
    const updates: Update[] = [];
    client.on('update', (u: Update) => updates.push(u));
    await Promise.all(client.subscribeV5('tickers.SOLUSDT', 'linear'));
    await waitFor(() => updates.find((u) => u.type === 'snapshot'));
    sim.control.setMarkPrice('SOLUSDT', '101.5');
    const delta = await waitFor(() =>
      updates.find((u) => u.type === 'delta' && (u.data as { markPrice?: string }).markPrice === '101.500'),
    );
    expect(delta.data).toEqual({ symbol: 'SOLUSDT', markPrice: '101.500' });
  });

  it('unrealised PnL, IM and MM of a position and the wallet are on mark, not on last', async () => {
    sim.control.setPrice('BTCUSDT', '50000');
    const key = sim.control.createKey({ balanceUsdt: '10000' });
    const c = rest(sim, key);
    expect((await c.submitOrder(marketOrder('BTCUSDT', 'Buy', '0.010'))).retCode).toBe(0);
    sim.control.setMarkPrice('BTCUSDT', '51000');
    const pos = (await c.getPositionInfo({ category: 'linear', symbol: 'BTCUSDT' })).result.list[0]!;
    const avg = new Decimal(pos.avgPrice);
    expect(avg.toFixed()).toBe('50002.5');
    const value = new Decimal('0.01').mul(51000);
    expect(pos).toMatchObject({
      markPrice: '51000',
      unrealisedPnl: new Decimal(51000).minus(avg).mul('0.01').toFixed(),
      positionIM: value.div(10).plus(value.mul('0.00055')).toFixed(),
      positionMM: value.mul('0.00555').toFixed(),
      positionValue: avg.mul('0.01').toFixed(),
    });
    const wallet = (await c.getWalletBalance({ accountType: 'UNIFIED' })).result.list[0]!;
    const equity = new Decimal(wallet.totalWalletBalance).plus(pos.unrealisedPnl);
    expect(wallet.totalPerpUPL).toBe(pos.unrealisedPnl);
    expect(wallet.totalEquity).toBe(equity.toFixed());
    expect(wallet.totalAvailableBalance).toBe(equity.minus(pos.positionIM ?? 'NaN').toFixed());
    // A trade records the mark of its moment, while it fills around the last price.
    const res = await c.submitOrder(marketOrder('BTCUSDT', 'Buy', '0.001', { orderLinkId: 'mark-exec' }));
    expect(res.retCode).toBe(0);
    const exec = (await c.getExecutionList({ category: 'linear', orderLinkId: 'mark-exec' })).result.list[0];
    expect(exec).toMatchObject({ markPrice: '51000', execPrice: '50002.5' });
  });

  it('estimates the cross-margin liquidation price on mark; "" when it is out of the price range', async () => {
    const { key } = await thinLinkLong(sim);
    const pos = await positionRow(sim, key, 'LINKUSDT');
    const wallet = await walletBalance(sim, key);
    // Liquidated when equity = MM: wallet + (P − avg)·size = size·P·(0.5 % + 0.055 %).
    const size = new Decimal(400);
    const k = new Decimal('0.00555');
    const expected = new Decimal(pos.avgPrice)
      .mul(size)
      .minus(wallet)
      .div(size.mul(new Decimal(1).minus(k)));
    expect(pos.liqPrice).toBe(expected.toDecimalPlaces(8).toFixed());
    // Well funded: the estimate falls below minPrice and Bybit prints "".
    const rich = rest(sim, sim.control.createKey({ balanceUsdt: '1000000' }));
    await rich.submitOrder(marketOrder('LINKUSDT', 'Buy', '10.0'));
    expect(
      (await rich.getPositionInfo({ category: 'linear', symbol: 'LINKUSDT' })).result.list[0]?.liqPrice,
    ).toBe('');
  });

  it('position and execution pushes carry the mark', async () => {
    sim.control.setPrice('AVAXUSDT', '20');
    sim.control.setMarkPrice('AVAXUSDT', '20.1');
    const key = sim.control.createKey({ balanceUsdt: '10000' });
    const updates = await privateUpdates(sim, key, clients, ['execution', 'position']);
    await rest(sim, key).submitOrder(marketOrder('AVAXUSDT', 'Buy', '1.0'));
    const exec = await waitFor(() => updates.find((u) => u.topic === 'execution'));
    const pos = await waitFor(() => updates.find((u) => u.topic === 'position'));
    expect((exec.data as { markPrice: string }[])[0]?.markPrice).toBe('20.1');
    expect((pos.data as { markPrice: string }[])[0]?.markPrice).toBe('20.1');
  });
});
