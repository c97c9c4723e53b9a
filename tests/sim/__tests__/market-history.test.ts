import Decimal from 'decimal.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from '../index';
import { control, rest } from './helpers';

const DAY = 86_400_000;
const HOUR = 3_600_000;

let sim: Simulator;
let other: Simulator;
beforeAll(async () => {
  [sim, other] = await Promise.all([
    startSimulator({ seed: 5, tickIntervalMs: 0, historyDays: 90 }),
    startSimulator({ seed: 5, tickIntervalMs: 0, historyDays: 90 }),
  ]);
});
afterAll(async () => {
  await Promise.all([sim.close(), other.close()]);
});

const dayStart = (ms: number) => Math.floor(ms / DAY) * DAY;

async function dailyKlines(
  s: Simulator,
  symbol: string,
  params: { start?: number; end?: number; limit?: number },
) {
  const res = await rest(s).getMarkPriceKline({ category: 'linear', symbol, interval: 'D', ...params });
  expect(res.retCode, res.retMsg).toBe(0);
  return res.result.list;
}

async function fundingPage(
  s: Simulator,
  symbol: string,
  params: { startTime?: number; endTime?: number; limit?: number },
) {
  const res = await rest(s).getFundingRateHistory({ category: 'linear', symbol, ...params });
  expect(res.retCode, res.retMsg).toBe(0);
  return res.result.list;
}

describe('mark-price klines', () => {
  it('serves the configured past, newest first, continuous day to day, ending at the live mark', async () => {
    const { start, anchor, days } = sim.control.marketHistoryWindow();
    expect(days).toBe(90);
    const list = await dailyKlines(sim, 'BTCUSDT', { limit: 1000 });
    // 90 closed days and today's open candle; nothing before the past begins.
    expect(list).toHaveLength(91);
    expect(Number(list[0]![0])).toBe(dayStart(anchor));
    expect(Number(list.at(-1)![0])).toBe(start);
    const times = list.map((k) => Number(k[0]));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    for (let i = 1; i < list.length; i++) {
      const [t, open, high, low, close] = list[i]!.map((v) => new Decimal(v));
      expect(t!.toNumber() - Number(list[i - 1]![0])).toBe(-DAY);
      // A day closes at the mark the next one opens at.
      expect(close!.eq(list[i - 1]![1])).toBe(true);
      expect(high!.gte(Decimal.max(open!, close!))).toBe(true);
      expect(low!.lte(Decimal.min(open!, close!))).toBe(true);
    }
    // Today's candle is open: its close is the mark now (tickers say the same).
    const ticker = (await rest(sim).getTickers({ category: 'linear', symbol: 'BTCUSDT' })).result.list[0]!;
    expect(new Decimal(list[0]![4]).eq(ticker.markPrice)).toBe(true);
  });

  it('pages by start and end like Bybit: the newest `limit` candles that meet the span, the one holding start included', async () => {
    const { anchor } = sim.control.marketHistoryWindow();
    const end = dayStart(anchor) - 10 * DAY;
    const page = await dailyKlines(sim, 'ETHUSDT', { start: end - 30 * DAY + HOUR, end, limit: 5 });
    expect(page.map((k) => Number(k[0]))).toEqual([0, 1, 2, 3, 4].map((i) => end - i * DAY));
    const all = await dailyKlines(sim, 'ETHUSDT', { start: end - 3 * DAY + HOUR, end });
    expect(all.map((k) => Number(k[0]))).toEqual([end, end - DAY, end - 2 * DAY, end - 3 * DAY]);
  });

  it('is the same for the same seed, prices on the tick; hourly and weekly candles agree with the daily ones', async () => {
    const [a, b] = await Promise.all([
      dailyKlines(sim, 'SOLUSDT', { limit: 60 }),
      dailyKlines(other, 'SOLUSDT', { limit: 60 }),
    ]);
    expect(a.slice(1)).toEqual(b.slice(1));
    const { anchor } = sim.control.marketHistoryWindow();
    const day = dayStart(anchor) - 20 * DAY;
    const hourly = (
      await rest(sim).getMarkPriceKline({
        category: 'linear',
        symbol: 'SOLUSDT',
        interval: '60',
        start: day,
        end: day + 23 * HOUR,
      })
    ).result.list;
    expect(hourly).toHaveLength(24);
    const daily = a.find((k) => Number(k[0]) === day)!;
    expect(hourly.at(-1)![1]).toBe(daily[1]);
    expect(hourly[0]![4]).toBe(daily[4]);
    const highs = hourly.map((k) => new Decimal(k[2]));
    expect(Decimal.max(...highs).eq(daily[2])).toBe(true);
    const weekly = (
      await rest(sim).getMarkPriceKline({ category: 'linear', symbol: 'SOLUSDT', interval: 'W' })
    ).result.list;
    // Weeks start on Monday 00:00 UTC.
    for (const k of weekly) expect(new Date(Number(k[0])).getUTCDay()).toBe(1);
  });

  it('refuses what Bybit refuses', async () => {
    const client = rest(sim);
    const bad = async (params: Record<string, unknown>) =>
      (await client.getMarkPriceKline(params as never)).retCode;
    expect(await bad({ category: 'linear', symbol: 'BTCUSDT', interval: 'D', limit: 1001 })).toBe(10001);
    expect(await bad({ category: 'linear', symbol: 'BTCUSDT', interval: '7' })).toBe(10001);
    expect(await bad({ category: 'linear', symbol: 'NOPEUSDT', interval: 'D' })).toBe(10001);
    expect(await bad({ category: 'spot', symbol: 'BTCUSDT', interval: 'D' })).toBe(10001);
  });
});

describe('funding history', () => {
  it('settles each perpetual at its own interval, and one symbol changed its interval', async () => {
    const { start } = sim.control.marketHistoryWindow();
    const gaps = async (symbol: string) => {
      const list = await fundingPage(sim, symbol, { limit: 200, endTime: Date.now() });
      const times = list.map((r) => Number(r.fundingRateTimestamp));
      return new Set(times.slice(1).map((t, i) => (times[i]! - t) / HOUR));
    };
    expect(await gaps('BTCUSDT')).toEqual(new Set([8]));
    const instruments = (await rest(sim).getInstrumentsInfo({ category: 'linear', limit: 1000 })).result.list;
    const fourHourly = instruments.find((i) => 'fundingInterval' in i && i.fundingInterval === 240)!;
    expect(await gaps(fourHourly.symbol)).toEqual(new Set([4]));
    // DOGEUSDT: 8 h, then hourly through the middle third of the past, then 8 h again.
    const all: number[] = [];
    for (let end = Date.now(); ;) {
      const page = await fundingPage(sim, 'DOGEUSDT', { startTime: start, endTime: end, limit: 200 });
      all.push(...page.map((r) => Number(r.fundingRateTimestamp)));
      if (page.length < 200) break;
      end = all.at(-1)! - 1;
    }
    const steps = all.slice(1).map((t, i) => (all[i]! - t) / HOUR);
    expect(new Set(steps)).toEqual(new Set([1, 8]));
    expect(steps.indexOf(1)).toBeGreaterThan(0);
    expect(steps.lastIndexOf(8)).toBeGreaterThan(steps.lastIndexOf(1));
    expect(Math.min(...all)).toBeGreaterThanOrEqual(start);
  });

  it('pages newest first within [startTime, endTime], rates as decimal text, and refuses startTime alone', async () => {
    const { anchor } = sim.control.marketHistoryWindow();
    const endTime = dayStart(anchor) - 5 * DAY;
    const page = await fundingPage(sim, 'ETHUSDT', { startTime: endTime - 2 * DAY, endTime });
    expect(page.map((r) => Number(r.fundingRateTimestamp))).toEqual(
      [0, 1, 2, 3, 4, 5, 6].map((i) => endTime - i * 8 * HOUR),
    );
    for (const r of page) {
      expect(r.symbol).toBe('ETHUSDT');
      expect(r.fundingRate).toMatch(/^-?\d+(\.\d{1,8})?$/);
    }
    const refused = await rest(sim).getFundingRateHistory({
      category: 'linear',
      symbol: 'ETHUSDT',
      startTime: 1,
    });
    expect(refused.retCode).toBe(10001);
    const tooMany = await rest(sim).getFundingRateHistory({
      category: 'linear',
      symbol: 'ETHUSDT',
      limit: 201,
    });
    expect(tooMany.retCode).toBe(10001);
  });

  it('can be lengthened over the control route, and counts the requests it served', async () => {
    expect((await control(other, 'setMarketHistory', { days: 400 })).json.ok).toBe(true);
    const window = (await control(other, 'marketHistoryWindow', {})).json.result as { days: number };
    expect(window.days).toBe(400);
    const list = await dailyKlines(other, 'BTCUSDT', { limit: 1000 });
    expect(list).toHaveLength(401);
    const counts = (await control(other, 'marketHistoryRequests', {})).json.result as Record<
      string,
      Record<string, number>
    >;
    expect(counts['/v5/market/mark-price-kline']?.BTCUSDT).toBeGreaterThan(0);
  });
});
