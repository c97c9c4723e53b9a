import { paramError } from '../errors';
import { KLINE_INTERVALS, SIMULATED_INTERVALS } from '../history-path';
import { instrumentParam, parseLimit, str } from './paging';
import type { Route } from './types';

/** A timestamp parameter: whole ms, or absent. */
function timestamp(raw: unknown, name: string): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  const text = String(raw);
  if (!/^\d{1,16}$/.test(text)) throw paramError(`${name} invalid`);
  return Number(text);
}

/**
 * Bybit's public history of a linear contract (docs/bybit-v5.md §2, "Market history"): mark-price klines
 * and funding settlements, from the simulated past (history.ts).
 */
export const historyRoutes: Record<string, Route> = {
  '/v5/market/mark-price-kline': {
    method: 'GET',
    private: false,
    write: false,
    handle: ({ engine, params }) => {
      // category may be left out (linear by default); the simulator lists no inverse contracts.
      const category = str(params.category) ?? 'linear';
      if (category !== 'linear') throw paramError('category only support linear');
      const inst = instrumentParam(engine, params.symbol);
      const interval = str(params.interval);
      if (!interval || !KLINE_INTERVALS.includes(interval)) throw paramError('interval invalid');
      if (!SIMULATED_INTERVALS.has(interval))
        throw paramError(`interval ${interval} is not simulated (mark klines from 60 minutes up)`);
      const limit = parseLimit(params.limit, 200, 1000);
      const start = timestamp(params.start, 'start') ?? 0;
      const end = timestamp(params.end, 'end') ?? engine.now();
      engine.history.count('/v5/market/mark-price-kline', inst.symbol);
      const list = engine.history.hasMarks(inst)
        ? engine.history.candles(inst, interval, start, end, limit)
        : [];
      const price = (value: number) => engine.history.onTick(inst, value);
      return {
        retMsg: 'OK',
        result: {
          category: 'linear',
          symbol: inst.symbol,
          list: list.map((c) => [
            String(c.start),
            price(c.open),
            price(c.high),
            price(c.low),
            price(c.close),
          ]),
        },
      };
    },
  },

  /** Newest first; startTime alone is an error, endTime alone gives `limit` records up to it (docs). */
  '/v5/market/funding/history': {
    method: 'GET',
    private: false,
    write: false,
    handle: ({ engine, params }) => {
      const category = str(params.category);
      if (!category) throw paramError('category is required');
      if (category !== 'linear') throw paramError('category only support linear');
      const inst = instrumentParam(engine, params.symbol);
      const limit = parseLimit(params.limit, 200, 200);
      const startTime = timestamp(params.startTime, 'startTime');
      const endTime = timestamp(params.endTime, 'endTime');
      if (startTime !== undefined && endTime === undefined)
        throw paramError('endTime is required when startTime is passed');
      engine.history.count('/v5/market/funding/history', inst.symbol);
      const list = engine.history.funding(inst, startTime ?? 0, endTime ?? engine.now(), limit);
      return {
        retMsg: 'OK',
        result: {
          category: 'linear',
          list: list.map((r) => ({
            symbol: inst.symbol,
            fundingRate: r.rate.toFixed(),
            fundingRateTimestamp: String(r.time),
          })),
        },
      };
    },
  },
};
