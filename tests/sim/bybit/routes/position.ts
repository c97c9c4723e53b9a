import { D, isMultipleOf, parseDecimal } from '../decimal';
import { CODE, MSG, SimError, paramError } from '../errors';
import type { Instrument } from '../instruments';
import { requireLinear } from '../order-params';
import { publishPositions } from '../private-events';
import { instrumentParam, page, str } from './paging';
import { type Route, linearAccountRoute } from './types';

export const positionRoutes: Record<string, Route> = {
  /** With symbol: rows even when flat (2 in hedge mode). With settleCoin only: rows with size > 0. */
  '/v5/position/list': linearAccountRoute('GET', 'read', (ctx, account) => {
    const symbol = str(ctx.params.symbol);
    const settleCoin = str(ctx.params.settleCoin);
    let rows;
    if (symbol) {
      rows = account.positionsOf(instrumentParam(ctx.engine, ctx.params.symbol));
    } else if (settleCoin) {
      rows = [...account.positions.values()]
        .filter((p) => p.inst.quoteCoin === settleCoin && p.size.gt(0))
        .sort((a, b) =>
          a.inst.symbol < b.inst.symbol
            ? -1
            : a.inst.symbol > b.inst.symbol
              ? 1
              : a.positionIdx - b.positionIdx,
        );
    } else {
      throw paramError('symbol or settleCoin is required');
    }
    const { list, nextPageCursor } = page(rows, ctx.params.limit, 20, 200, ctx.params.cursor);
    return {
      retMsg: 'OK',
      result: {
        category: 'linear',
        list: list.map((p) => account.positionToWire(p, ctx.engine.market)),
        nextPageCursor,
      },
    };
  }),

  '/v5/position/set-leverage': linearAccountRoute('POST', 'write', (ctx, account) => {
    const inst = instrumentParam(ctx.engine, ctx.params.symbol);
    const buy = parseDecimal(ctx.params.buyLeverage);
    const sell = parseDecimal(ctx.params.sellLeverage);
    const step = new D('0.01');
    for (const lev of [buy, sell]) {
      if (!lev || lev.lt(1) || lev.gt(inst.maxLeverage) || !isMultipleOf(lev, step)) {
        throw paramError(`leverage invalid, must be between 1 and ${inst.maxLeverage.toFixed()}`);
      }
    }
    if (!buy || !sell) throw paramError('leverage invalid');
    if (account.mode(inst.symbol) === 0 && !buy.eq(sell)) {
      throw paramError('buyLeverage must equal sellLeverage in one-way mode');
    }
    const current = account.leverageOf(inst);
    if (current.buy.eq(buy) && current.sell.eq(sell)) {
      throw new SimError(CODE.leverageNotModified, MSG.leverageNotModified);
    }
    current.buy = buy;
    current.sell = sell;
    publishPositions(ctx.engine, account, inst);
    return { retMsg: 'OK', result: {} };
  }),

  /**
   * Per-symbol cross/isolated covers classic accounts (and inverse on unified ones); a unified account gets
   * 100028 "unified account is forbidden" [obs] and switches with `/v5/account/set-margin-mode`.
   */
  '/v5/position/switch-isolated': {
    method: 'POST',
    private: true,
    write: true,
    handle: (ctx) => {
      requireLinear(ctx.params.category);
      if (ctx.environment === 'demo') throw new SimError(CODE.demoNotSupported, MSG.demoNotSupported);
      throw new SimError(CODE.unifiedForbidden, MSG.unifiedForbidden);
    },
  },

  /** mode 0 = one-way, 3 = hedge; per symbol, or for every symbol settled in `coin`. */
  '/v5/position/switch-mode': linearAccountRoute('POST', 'write', (ctx, account) => {
    const modeRaw = ctx.params.mode;
    const mode = typeof modeRaw === 'string' ? Number(modeRaw) : modeRaw;
    if (mode !== 0 && mode !== 3) throw paramError('mode invalid');
    const symbol = str(ctx.params.symbol);
    const coin = str(ctx.params.coin);
    let scope: Instrument[];
    if (symbol) scope = [instrumentParam(ctx.engine, ctx.params.symbol)];
    else if (coin) scope = ctx.engine.instruments.filter((i) => i.quoteCoin === coin);
    else throw paramError('symbol or coin is required');
    if (scope.length === 0) throw paramError('coin invalid');
    if (scope.every((i) => account.mode(i.symbol) === mode)) {
      throw new SimError(CODE.modeNotModified, MSG.modeNotModified);
    }
    const touched = scope.filter((i) => account.mode(i.symbol) !== mode);
    for (const inst of touched) {
      if (account.positionsOf(inst).some((p) => p.size.gt(0))) {
        throw new SimError(CODE.modeBlockedByPosition, MSG.modeBlockedByPosition);
      }
    }
    for (const inst of touched) {
      if (account.openOrders(inst.symbol).length > 0) {
        throw new SimError(CODE.modeBlockedByOrders, MSG.modeBlockedByOrders);
      }
    }
    for (const inst of touched) account.modeBySymbol.set(inst.symbol, mode);
    return { retMsg: 'OK', result: {} };
  }),
};
