import Decimal from 'decimal.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from '../index';
import { rest } from './helpers';

interface Coin {
  id: string;
  symbol: string;
  name: string;
  current_price: number;
  market_cap: number;
  market_cap_rank: number | null;
}

let sim: Simulator;
const coins: Coin[] = [];
const perpBases = new Set<string>();
beforeAll(async () => {
  sim = await startSimulator({ seed: 21, tickIntervalMs: 0 });
  for (let page = 1; page <= 10; page++) {
    const res = await fetch(
      `${sim.coingecko}/api/v3/coins/markets?vs_currency=usd&order=market_cap_desc&per_page=250&page=${page}`,
      {
        headers: { 'x-cg-demo-api-key': 'CG-test' },
      },
    );
    expect(res.status).toBe(200);
    const rows = (await res.json()) as Coin[];
    coins.push(...rows);
    if (rows.length < 250) break;
  }
  let cursor: string | undefined;
  for (let i = 0; i < 5; i++) {
    const r = await rest(sim).getInstrumentsInfo({ category: 'linear', cursor });
    for (const inst of r.result.list)
      if (inst.quoteCoin === 'USDT' && inst.contractType === 'LinearPerpetual') perpBases.add(inst.baseCoin);
    cursor = r.result.nextPageCursor || undefined;
    if (!cursor) break;
  }
});
afterAll(async () => {
  await sim.close();
});

describe('CoinGecko simulator', () => {
  it('pages in market_cap_desc order with lowercase symbols; unranked coins come last', () => {
    expect(coins.length).toBeGreaterThan(500);
    expect(coins[0]).toMatchObject({ id: 'bitcoin', symbol: 'btc', market_cap_rank: 1 });
    const ranks = coins.map((c) => c.market_cap_rank);
    const firstNull = ranks.indexOf(null);
    expect(firstNull).toBeGreaterThan(0);
    expect(ranks.slice(firstNull).every((r) => r === null)).toBe(true);
    const ranked = ranks.slice(0, firstNull) as number[];
    expect(ranked).toEqual(ranked.map((_, i) => i + 1));
    expect(coins.every((c) => c.symbol === c.symbol.toLowerCase())).toBe(true);
  });

  it('ranks map to the simulated perps, including multipliers and aliases', async () => {
    const cases: [string, string, number][] = [
      ['pepe', '1000PEPE', 1000],
      ['shiba-inu', 'SHIB1000', 1000],
      ['sats-ordinals', '10000SATS', 10000],
      ['terra-luna-2', 'LUNA2', 1],
      ['bonk', '1000BONK', 1000],
    ];
    for (const [id, base, mult] of cases) {
      const coin = coins.find((c) => c.id === id);
      expect(coin?.market_cap_rank, id).toBeTypeOf('number');
      expect(perpBases.has(base), base).toBe(true);
      const t = (await rest(sim).getTickers({ category: 'linear', symbol: `${base}USDT` })).result.list[0];
      const fromCg = new Decimal(coin?.current_price ?? 0).mul(mult);
      const last = new Decimal(t?.lastPrice ?? '0');
      expect(fromCg.minus(last).abs().div(last).lt('0.001'), id).toBe(true);
    }
    // Most ranked coins are tradable as a plain-symbol perp.
    const plain = coins.filter((c) => perpBases.has(c.symbol.toUpperCase()));
    expect(plain.length).toBeGreaterThan(300);
  });

  it('includes what a poller must exclude: stablecoins, wrapped/staked assets, unlisted coins, duplicate symbols', () => {
    for (const s of ['usdt', 'usdc', 'dai', 'usde', 'fdusd']) {
      expect(
        coins.some((c) => c.symbol === s),
        s,
      ).toBe(true);
      expect(perpBases.has(s.toUpperCase()), s).toBe(false);
    }
    for (const s of ['wbtc', 'steth', 'wsteth', 'weeth', 'cbbtc'])
      expect(
        coins.some((c) => c.symbol === s),
        s,
      ).toBe(true);
    for (const s of ['leo', 'okb']) {
      expect(
        coins.some((c) => c.symbol === s),
        s,
      ).toBe(true);
      expect(perpBases.has(s.toUpperCase()), s).toBe(false);
    }
    const tons = coins.filter((c) => c.symbol === 'ton');
    expect(tons.map((c) => c.id)).toEqual(['the-open-network', 'tokamak-network']);
    expect(coins.filter((c) => c.symbol === 'pepe').length).toBeGreaterThanOrEqual(3);
  });

  it('records the demo key from the header or the query parameter', async () => {
    await fetch(
      `${sim.coingecko}/api/v3/coins/markets?vs_currency=usd&per_page=1&x_cg_demo_api_key=CG-query`,
    );
    await fetch(`${sim.coingecko}/api/v3/coins/markets?vs_currency=usd&per_page=1`);
    const seen = sim.control.coingeckoRequests().slice(-3);
    expect(seen[0]?.demoKey).toBe('CG-test');
    expect(seen.slice(1).map((r) => r.demoKey)).toEqual(['CG-query', null]);
  });

  it('validates parameters and caps per_page at 250', async () => {
    expect((await fetch(`${sim.coingecko}/api/v3/coins/markets`)).status).toBe(400);
    expect((await fetch(`${sim.coingecko}/api/v3/coins/markets?vs_currency=eur`)).status).toBe(400);
    const big = (await (
      await fetch(`${sim.coingecko}/api/v3/coins/markets?vs_currency=usd&per_page=1000`)
    ).json()) as Coin[];
    expect(big).toHaveLength(250);
    const dflt = (await (
      await fetch(`${sim.coingecko}/api/v3/coins/markets?vs_currency=usd`)
    ).json()) as Coin[];
    expect(dflt).toHaveLength(100);
  });

  it('injects 429 and 500 on demand', async () => {
    sim.control.coingeckoFailNext(429, 2);
    sim.control.coingeckoFailNext(500);
    const url = `${sim.coingecko}/api/v3/coins/markets?vs_currency=usd&per_page=5&page=1`;
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await fetch(url)).status);
    expect(statuses).toEqual([429, 429, 500, 200]);
    sim.control.coingeckoFailNext(429);
    const r = await fetch(url);
    expect(await r.json()).toMatchObject({ status: { error_code: 429 } });
  });
});
