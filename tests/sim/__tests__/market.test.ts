import type { LinearInverseInstrumentInfoV5 } from 'bybit-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from '../index';
import { rest } from './helpers';

let sim: Simulator;
const all: LinearInverseInstrumentInfoV5[] = [];
let pages = 0;
beforeAll(async () => {
  sim = await startSimulator({ seed: 3 });
  const client = rest(sim);
  let cursor: string | undefined;
  do {
    const res = await client.getInstrumentsInfo({ category: 'linear', cursor });
    expect(res.retCode).toBe(0);
    all.push(...(res.result.list as LinearInverseInstrumentInfoV5[]));
    cursor = res.result.nextPageCursor || undefined;
    pages += 1;
  } while (cursor && pages < 10);
});
afterAll(async () => {
  await sim.close();
});

describe('market endpoints', () => {
  it('market/time carries seconds and nanos', async () => {
    const res = await rest(sim).getServerTime();
    expect(res.result.timeSecond).toMatch(/^\d{10}$/);
    expect(res.result.timeNano).toMatch(/^\d{19}$/);
  });

  it('instruments need more than one default page and paginate with a cursor the SDK re-encodes', () => {
    expect(pages).toBe(2);
    expect(new Set(all.map((i) => i.symbol)).size).toBe(all.length);
    const usdtPerps = all.filter(
      (i) => i.contractType === 'LinearPerpetual' && i.quoteCoin === 'USDT' && i.status === 'Trading',
    );
    expect(usdtPerps.length).toBeGreaterThanOrEqual(300);
  });

  it('includes multiplier and alias symbols with plausible filters', () => {
    for (const [symbol, base] of [
      ['1000PEPEUSDT', '1000PEPE'],
      ['SHIB1000USDT', 'SHIB1000'],
      ['10000SATSUSDT', '10000SATS'],
      ['LUNA2USDT', 'LUNA2'],
      ['1INCHUSDT', '1INCH'],
    ]) {
      const inst = all.find((i) => i.symbol === symbol);
      expect(inst?.baseCoin, symbol).toBe(base);
    }
    const btc = all.find((i) => i.symbol === 'BTCUSDT');
    expect(btc?.lotSizeFilter).toMatchObject({
      qtyStep: '0.001',
      minOrderQty: '0.001',
      minNotionalValue: '5',
    });
    expect(btc?.priceFilter.tickSize).toBe('0.1');
    expect(btc?.leverageFilter.maxLeverage).toBe('100.00');
    for (const i of all) {
      expect(Number(i.lotSizeFilter.minOrderQty) >= Number(i.lotSizeFilter.qtyStep), i.symbol).toBe(true);
      expect(Number(i.lotSizeFilter.maxMktOrderQty) <= Number(i.lotSizeFilter.maxOrderQty), i.symbol).toBe(
        true,
      );
    }
  });

  // The SDK's types lack 'LinearFutures' and 'innovation'; docs/bybit-v5.md (§2, §7) lists both.
  it('includes instruments a poller must filter out', () => {
    expect(all.some((i) => i.symbol === 'BTCPERP' && i.quoteCoin === 'USDC')).toBe(true);
    expect(
      all.some((i) => (i.contractType as string) === 'LinearFutures' && i.symbol.startsWith('BTCUSDT-')),
    ).toBe(true);
    expect(all.some((i) => i.symbolType === 'commodity')).toBe(true);
    expect(all.some((i) => (i.symbolType as string) === 'innovation')).toBe(true);
    // PreLaunch is only returned when asked for.
    expect(all.some((i) => i.status === 'PreLaunch')).toBe(false);
  });

  it('returns PreLaunch contracts with status=PreLaunch', async () => {
    const res = await rest(sim).getInstrumentsInfo({ category: 'linear', status: 'PreLaunch' });
    expect(res.result.list.length).toBeGreaterThan(0);
    expect(res.result.list.every((i) => i.status === 'PreLaunch')).toBe(true);
  });

  it('honours limit and rejects an out-of-range limit', async () => {
    const page1 = await rest(sim).getInstrumentsInfo({ category: 'linear', limit: 100 });
    expect(page1.result.list).toHaveLength(100);
    expect(page1.result.nextPageCursor).toMatch(/^first%3D.+%26last%3D.+$/);
    const bad = await rest(sim).getInstrumentsInfo({ category: 'linear', limit: 1001 });
    expect(bad.retCode).toBe(10001);
  });

  it('tickers: one symbol or all, strings with bid < last < ask', async () => {
    const one = await rest(sim).getTickers({ category: 'linear', symbol: '1000PEPEUSDT' });
    const t = one.result.list[0];
    expect(t?.symbol).toBe('1000PEPEUSDT');
    expect(Number(t?.bid1Price)).toBeLessThan(Number(t?.lastPrice));
    expect(Number(t?.ask1Price)).toBeGreaterThan(Number(t?.lastPrice));
    const allTickers = await rest(sim).getTickers({ category: 'linear' });
    expect(allTickers.result.list.length).toBe(all.length);
    const unknown = await rest(sim).getTickers({ category: 'linear', symbol: 'NOPEUSDT' });
    expect(unknown.retCode).toBe(10001);
  });

  it('setPrice moves and pins the ticker', async () => {
    sim.control.setPrice('ETHUSDT', '2500');
    const res = await rest(sim).getTickers({ category: 'linear', symbol: 'ETHUSDT' });
    expect(res.result.list[0]?.lastPrice).toBe('2500.00');
    expect(res.result.list[0]?.markPrice).toBe('2500.00');
  });

  it('is deterministic for a seed: same universe and prices; another seed differs in the generated tail', async () => {
    const twin = await startSimulator({ seed: 3, tickIntervalMs: 0 });
    const other = await startSimulator({ seed: 4, tickIntervalMs: 0 });
    try {
      const symbols = async (s: Simulator) => {
        const out: string[] = [];
        let cursor: string | undefined;
        for (let i = 0; i < 5; i++) {
          const r = await rest(s).getInstrumentsInfo({ category: 'linear', limit: 1000, cursor });
          out.push(...r.result.list.map((x) => x.symbol));
          cursor = r.result.nextPageCursor || undefined;
          if (!cursor) break;
        }
        return out;
      };
      const mine = all.map((i) => i.symbol);
      expect(await symbols(twin)).toEqual(mine);
      expect(await symbols(other)).not.toEqual(mine);
      const prev = async (s: Simulator) =>
        (await rest(s).getTickers({ category: 'linear', symbol: 'BTCUSDT' })).result.list[0]?.prevPrice24h;
      expect(await prev(twin)).toBe(await prev(sim));
    } finally {
      await twin.close();
      await other.close();
    }
  });
});
