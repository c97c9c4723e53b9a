import { RestClientV5 } from 'bybit-api';
import Decimal from 'decimal.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { SnapshotStore } from '../../electron/core/universe/snapshot-store';
import { useSimCore } from '../support/sim-session';
import { DAY, dayOf, simDailyMarks, simFunding, storedRows, waitForFetchedHistory } from './history-helpers';

/**
 * The market history fetched by the real poller from the simulator's seeded past, and backtests on it
 * through the contract: a one-coin basket against a computation made here from the simulator's own
 * klines and funding history, and top10-equal over 365 days with monthly rebalances on snapshots that
 * change.
 */
let lastDay: string;
const core = useSimCore({ simulator: { seed: 7, tickIntervalMs: 0, historyDays: 400 } });

beforeAll(async () => {
  await waitForFetchedHistory(() => core.app.invoke('universe.marketHistory', {}));
  // Two days before the simulator's start: closed, and settled, whatever the clock says by now.
  lastDay = dayOf(core.sim.control.marketHistoryWindow().anchor - 2 * DAY);
}, 240_000);

describe('market history fetched by the poller', () => {
  it('stores every closed day and every settlement the simulator has, once, for every ranked perpetual', async () => {
    const state = await core.app.invoke('universe.marketHistory', {});
    expect(state.fetcher).toBe('none');
    expect(state.stored.symbols).toBeGreaterThanOrEqual(60);
    expect(state.stored.listedLater).toBe(state.stored.symbols);
    const stored = await storedRows(core.app.databases().general);
    for (const symbol of ['BTCUSDT', 'DOGEUSDT']) {
      const marks = await simDailyMarks(core.sim, symbol);
      expect(marks).toHaveLength(400);
      expect(stored.marks.filter((r) => r.symbol === symbol).map((r) => r.time)).toEqual(
        marks.map((k) => k.start),
      );
      const funding = await simFunding(core.sim, symbol, Date.now() - 10 * 60_000);
      expect(stored.funding.filter((r) => r.symbol === symbol).map((r) => r.time)).toEqual(
        funding.map((f) => f.time),
      );
    }
    const keys = stored.funding.map((r) => `${r.symbol}|${r.time}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe('indices.backtest', () => {
  it('a one-coin basket equals a computation from the simulator’s klines and funding, to the cent', async () => {
    const symbol = 'DOGEUSDT'; // its funding went hourly for a third of the past, then back to 8 h
    const from = dayOf(Date.parse(`${lastDay}T00:00:00Z`) - 299 * DAY);
    const result = await core.app.invoke('indices.backtest', {
      basket: { kind: 'basket', weighting: 'equal', legs: [{ symbol }] },
      usdtSize: '2000',
      direction: 'long',
      leverage: '2',
      from,
      to: lastDay,
      rebalance: { never: true },
    });
    expect(result.series).toHaveLength(300);
    expect(result.notes.map((n) => n.code)).toEqual(['MODEL']);

    const rest = new RestClientV5({ baseUrl: core.sim.rest });
    const instrument = (await rest.getInstrumentsInfo({ category: 'linear', symbol })).result.list[0]!;
    const step = new Decimal(instrument.lotSizeFilter.qtyStep);
    const marks = new Map((await simDailyMarks(core.sim, symbol)).map((k) => [dayOf(k.start), k]));
    const settlements = await simFunding(core.sim, symbol, Date.parse(`${lastDay}T00:00:00Z`) + DAY);
    const entry = new Decimal(marks.get(from)!.open);
    const quantity = new Decimal(2000)
      .div(entry)
      .div(step)
      .toDecimalPlaces(0, Decimal.ROUND_HALF_UP)
      .mul(step);
    const fee = quantity.abs().mul(entry).mul('0.00055');
    let funding = new Decimal(0);
    for (const point of result.series) {
      const day = marks.get(point.t)!;
      const start = Date.parse(`${point.t}T00:00:00Z`);
      for (const s of settlements) {
        if (s.time < start || s.time >= start + DAY || (point.t === from && s.time === start)) continue;
        const markThen = new Decimal(day.open).plus(
          new Decimal(day.close)
            .minus(day.open)
            .mul(s.time - start)
            .div(DAY),
        );
        funding = funding.plus(quantity.mul(markThen).mul(s.rate));
      }
      const expected = new Decimal(2000)
        .div(2)
        .plus(quantity.mul(new Decimal(day.close).minus(entry)))
        .minus(fee)
        .minus(funding);
      expect(new Decimal(point.nav).minus(expected).abs().toNumber(), point.t).toBeLessThan(0.005);
    }
    expect(new Decimal(result.stats.fundingPaid).minus(funding).abs().toNumber()).toBeLessThan(0.005);
    expect(new Decimal(result.stats.feesPaid).minus(fee).abs().toNumber()).toBeLessThan(0.005);
  });

  it('top10-equal over 365 days, monthly: one point a day, rebalances on the 1st, members from each date’s snapshot', async () => {
    const end = Date.parse(`${lastDay}T00:00:00Z`);
    const from = dayOf(end - 364 * DAY);
    // A year of weekly snapshots, as a poller running daily would have left: ranks 11 to 16 take turns at the top.
    const general = core.app.databases().general;
    const today = (await new SnapshotStore(general).latest())!;
    const base = today.assets.slice(0, 60);
    const snapshots = new Map<string, string[]>();
    for (let k = 0, t = end - 364 * DAY; t <= end; k++, t += 7 * DAY) {
      const order = [...base];
      const [riser] = order.splice(10 + (k % 6), 1);
      order.unshift(riser!);
      snapshots.set(
        dayOf(t),
        order.map((a) => a.symbol),
      );
      await general
        .insertInto('daily_tradable_assets')
        .values(
          order.map((a, i) => ({
            fetch_date: dayOf(t),
            symbol: a.symbol,
            market_cap_rank: i + 1,
            market_cap: a.marketCap,
            min_notional_value: a.minNotionalValue,
          })),
        )
        .execute();
    }
    const result = await core.app.invoke('indices.backtest', {
      indexId: 'top10-equal',
      usdtSize: '10000',
      direction: 'long',
      from,
      to: lastDay,
      rebalance: { every: 'month' },
    });
    expect(result.series.map((p) => p.t)).toEqual(
      Array.from({ length: 365 }, (_, i) => dayOf(end - (364 - i) * DAY)),
    );
    const firsts = result.series.map((p) => p.t).filter((t) => t.endsWith('-01'));
    expect(result.rebalanceLog.map((e) => e.t)).toEqual([from, ...firsts.filter((t) => t !== from)]);
    expect(result.stats.rebalances).toBe(result.rebalanceLog.length - 1);
    const dates = [...snapshots.keys()];
    for (const entry of result.rebalanceLog) {
      const inForce = dates.filter((d) => d <= entry.t).at(-1)!;
      expect(entry.snapshotDate).toBe(inForce);
      expect(entry.legs.map((l) => l.symbol).sort()).toEqual(snapshots.get(inForce)!.slice(0, 10).sort());
    }
    expect(result.rebalanceLog.some((e) => e.entered.length > 0 && e.t !== from)).toBe(true);
    expect(result.series.every((p) => p.btc !== null && p.hodl !== null)).toBe(true);
    expect(result.faithfulFrom).toBe(from);
    expect(result.notes.map((n) => n.code)).toEqual(['MODEL']);
  });

  it('refuses a request it cannot answer, in words, at the field', async () => {
    const issues = async (payload: Record<string, unknown>) => {
      const reply = await core.app.call('indices.backtest', payload as never);
      expect(reply.ok).toBe(false);
      const { error } = reply as { error: { code: string; issues?: { path: string; message: string }[] } };
      expect(error.code).toBe('INVALID_PAYLOAD');
      return Object.fromEntries((error.issues ?? []).map((issue) => [issue.path, issue.message]));
    };
    const request = { usdtSize: '100', direction: 'long', from: '2025-01-01', to: '2025-03-01' };
    expect(
      await issues({ ...request, indexId: 'top10-equal', rebalance: { every: 'fortnight' } }),
    ).toHaveProperty('rebalance');
    const both = await issues({
      ...request,
      indexId: 'top10-equal',
      basket: { kind: 'basket', weighting: 'equal', legs: [{ symbol: 'BTCUSDT' }] },
      to: '2024-12-31',
      rebalance: { never: true },
    });
    expect(both.indexId).toBe('give an index id or a basket, not both');
    expect(both.to).toBe('must be on or after the first day');
    expect(
      await issues({ ...request, indexId: 'top10-equal', from: '2022-01-01', rebalance: { never: true } }),
    ).toEqual({
      from: 'a backtest covers at most 731 days, the history kept',
    });
  });
});
