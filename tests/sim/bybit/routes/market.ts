import { paramError } from '../errors';
import { instrumentToWire } from '../instruments';
import { parseLimit, str } from './paging';
import type { Route } from './types';

function linearOnly(category: unknown): void {
  if (category === undefined || category === '') throw paramError('category is required');
  if (category !== 'linear') throw paramError('category only support linear');
}

export const marketRoutes: Record<string, Route> = {
  '/v5/market/time': {
    method: 'GET',
    private: false,
    write: false,
    handle: ({ engine }) => {
      const now = engine.now();
      return {
        retMsg: 'OK',
        result: { timeSecond: String(Math.floor(now / 1000)), timeNano: `${now}000000` },
      };
    },
  },

  /** Symbol-ordered pages; cursor "first%3DA%26last%3DB" continues after B (docs/bybit-v5.md §2). */
  '/v5/market/instruments-info': {
    method: 'GET',
    private: false,
    write: false,
    handle: ({ engine, params }) => {
      linearOnly(params.category);
      const limit = parseLimit(params.limit, 500, 1000);
      const status = str(params.status);
      const symbol = str(params.symbol);
      const baseCoin = str(params.baseCoin);
      const symbolType = str(params.symbolType);
      let list = engine.instruments.filter((i) => (status ? i.status === status : i.status === 'Trading'));
      if (symbol) list = engine.instruments.filter((i) => i.symbol === symbol);
      if (baseCoin) list = list.filter((i) => i.baseCoin === baseCoin);
      if (symbolType) list = list.filter((i) => i.symbolType === symbolType);
      const cursor = str(params.cursor);
      let start = 0;
      if (cursor) {
        const m = /(?:^|&)last=([A-Z0-9-]+)/.exec(decodeURIComponent(cursor));
        if (!m || !m[1]) throw paramError('cursor invalid');
        const last = m[1];
        start = list.findIndex((i) => i.symbol > last);
        if (start < 0) start = list.length;
      }
      const pageItems = list.slice(start, start + limit);
      const more = start + limit < list.length;
      const first = pageItems[0]?.symbol ?? '';
      const lastSym = pageItems[pageItems.length - 1]?.symbol ?? '';
      return {
        retMsg: 'OK',
        result: {
          category: 'linear',
          list: pageItems.map(instrumentToWire),
          nextPageCursor: more ? encodeURIComponent(`first=${first}&last=${lastSym}`) : '',
        },
      };
    },
  },

  '/v5/market/tickers': {
    method: 'GET',
    private: false,
    write: false,
    handle: ({ engine, params }) => {
      linearOnly(params.category);
      const symbol = str(params.symbol);
      const now = engine.now();
      let list = engine.instruments.filter((i) => i.status === 'Trading');
      if (symbol) {
        list = list.filter((i) => i.symbol === symbol);
        if (list.length === 0) throw paramError('symbol invalid');
      }
      return {
        retMsg: 'OK',
        result: { category: 'linear', list: list.map((i) => engine.market.ticker(i.symbol, now)) },
      };
    },
  },
};
