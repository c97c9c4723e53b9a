import { CODE, MSG, SimError, paramError } from '../errors';
import { cancelOrder, placeOrder } from '../matching';
import { publishOrderEvents } from '../private-events';
import { requireLinear } from '../order-params';
import { type OrderRecord, type SimExecution, isOpen, orderToWire } from '../orders';
import { page, str } from './paging';
import { type Route, type RouteContext, accountRoute, linearAccountRoute, requireAccount } from './types';

const MAX_BATCH = 20;
const SEVEN_DAYS = 7 * 24 * 3600 * 1000;

function orderFilter(ctx: RouteContext, requireScope: boolean): (o: OrderRecord) => boolean {
  const p = ctx.params;
  requireLinear(p.category);
  const symbol = str(p.symbol);
  const baseCoin = str(p.baseCoin);
  const settleCoin = str(p.settleCoin);
  if (requireScope && !symbol && !baseCoin && !settleCoin) {
    throw paramError('symbol, baseCoin or settleCoin is required for linear');
  }
  const orderId = str(p.orderId);
  const orderLinkId = str(p.orderLinkId);
  const status = str(p.orderStatus);
  return (o) => {
    // Lookup priority orderId > orderLinkId > symbol > baseCoin: the strongest key given is the only one used.
    if (orderId) return o.orderId === orderId;
    if (orderLinkId) return o.orderLinkId === orderLinkId;
    if (symbol && o.inst.symbol !== symbol) return false;
    if (baseCoin && o.inst.baseCoin !== baseCoin) return false;
    if (settleCoin && o.inst.quoteCoin !== settleCoin) return false;
    if (status && o.status !== status) return false;
    return true;
  };
}

/** startTime/endTime: span ≤ 7 days; default the last 7 days (docs/bybit-v5.md §2 order history). */
function timeRange(ctx: RouteContext): [number, number] {
  const now = ctx.engine.now();
  const start = str(ctx.params.startTime);
  const end = str(ctx.params.endTime);
  let s = start ? Number(start) : NaN;
  let e = end ? Number(end) : NaN;
  if ((start && !Number.isFinite(s)) || (end && !Number.isFinite(e))) throw paramError('time invalid');
  if (!start && !end) {
    e = now;
    s = now - SEVEN_DAYS;
  } else if (!start) s = e - SEVEN_DAYS;
  else if (!end) e = s + SEVEN_DAYS;
  if (e < s || e - s > SEVEN_DAYS)
    throw paramError('The time range between startTime and endTime cannot exceed 7 days');
  return [s, e];
}

/** Newest first, without the orders a lagging lookup cannot see yet (bybit/lookup-lag.ts). */
function visibleNewestFirst(ctx: RouteContext, orders: OrderRecord[]): OrderRecord[] {
  const now = ctx.engine.now();
  return orders.filter((o) => ctx.engine.lookupLag.visible(o.orderId, o.createdTime, now)).reverse();
}

function wireExec({ uid: _uid, ...e }: SimExecution): Omit<SimExecution, 'uid'> {
  return e;
}

export const tradeRoutes: Record<string, Route> = {
  '/v5/order/create': accountRoute('POST', 'write', (ctx, account) => {
    const { order, execs } = placeOrder(ctx.engine, account, ctx.params, ctx.params.category);
    publishOrderEvents(ctx.engine, account, order, execs);
    return { retMsg: 'OK', result: { orderId: order.orderId, orderLinkId: order.orderLinkId } };
  }),

  /** Top-level retCode 0 even when items fail; per-item {code,msg} in retExtInfo.list (docs/bybit-v5.md §2). */
  '/v5/order/create-batch': {
    method: 'POST',
    private: true,
    write: true,
    units: (params) => {
      requireLinear(params.category);
      const req = params.request;
      if (!Array.isArray(req) || req.length === 0) throw paramError('request is required');
      if (req.length > MAX_BATCH) throw paramError(`the number of orders exceeds the limit of ${MAX_BATCH}`);
      return req.length;
    },
    handle: (ctx) => {
      const account = requireAccount(ctx);
      const req = ctx.params.request as unknown[];
      const list: Record<string, string>[] = [];
      const ext: { code: number; msg: string }[] = [];
      const events: (() => void)[] = [];
      req.forEach((item, i) => {
        const raw = item && typeof item === 'object' ? (item as Record<string, unknown>) : {};
        const linkId = typeof raw.orderLinkId === 'string' ? raw.orderLinkId : '';
        const symbol = typeof raw.symbol === 'string' ? raw.symbol : '';
        const failed = (code: number, msg: string) => {
          list.push({ category: 'linear', symbol, orderId: '', orderLinkId: linkId, createAt: '' });
          ext.push({ code, msg });
        };
        // The tail beyond the remaining rate-limit quota fails item by item.
        if (i >= ctx.granted) return failed(CODE.rateLimit, MSG.tooManyVisits);
        try {
          const { order, execs } = placeOrder(ctx.engine, account, raw, ctx.params.category);
          list.push({
            category: 'linear',
            symbol,
            orderId: order.orderId,
            orderLinkId: order.orderLinkId,
            createAt: String(order.createdTime),
          });
          ext.push({ code: 0, msg: 'OK' });
          events.push(() => publishOrderEvents(ctx.engine, account, order, execs));
        } catch (e) {
          if (!(e instanceof SimError)) throw e;
          failed(e.retCode, e.retMsg);
        }
      });
      for (const publish of events) publish();
      return { retMsg: 'OK', result: { list }, retExtInfo: { list: ext } };
    },
  },

  '/v5/order/cancel': linearAccountRoute('POST', 'write', (ctx, account) => {
    const order = cancelOrder(ctx.engine, account, ctx.params);
    publishOrderEvents(ctx.engine, account, order, []);
    return { retMsg: 'OK', result: { orderId: order.orderId, orderLinkId: order.orderLinkId } };
  }),

  '/v5/order/cancel-all': linearAccountRoute('POST', 'write', (ctx, account) => {
    const symbol = str(ctx.params.symbol);
    const settleCoin = str(ctx.params.settleCoin);
    const baseCoin = str(ctx.params.baseCoin);
    if (!symbol && !settleCoin && !baseCoin) throw paramError('symbol, baseCoin or settleCoin is required');
    const list: { orderId: string; orderLinkId: string }[] = [];
    for (const o of account.openOrders()) {
      if (symbol && o.inst.symbol !== symbol) continue;
      if (baseCoin && o.inst.baseCoin !== baseCoin) continue;
      if (settleCoin && o.inst.quoteCoin !== settleCoin) continue;
      cancelOrder(ctx.engine, account, { symbol: o.inst.symbol, orderId: o.orderId });
      publishOrderEvents(ctx.engine, account, o, []);
      list.push({ orderId: o.orderId, orderLinkId: o.orderLinkId });
    }
    return { retMsg: 'OK', result: { list, success: '1' } };
  }),

  /** openOnly 0: open orders; 1: the 500 most recent closed ones (docs/bybit-v5.md §2). */
  '/v5/order/realtime': accountRoute('GET', 'read', (ctx, account) => {
    const match = orderFilter(ctx, true);
    const openOnly = str(ctx.params.openOnly) ?? '0';
    if (openOnly !== '0' && openOnly !== '1') throw paramError('openOnly invalid');
    let orders = visibleNewestFirst(ctx, account.orders).filter(match);
    orders = openOnly === '0' ? orders.filter(isOpen) : orders.filter((o) => !isOpen(o)).slice(0, 500);
    const { list, nextPageCursor } = page(orders, ctx.params.limit, 20, 50, ctx.params.cursor);
    return { retMsg: 'OK', result: { category: 'linear', list: list.map(orderToWire), nextPageCursor } };
  }),

  '/v5/order/history': accountRoute('GET', 'read', (ctx, account) => {
    const match = orderFilter(ctx, false);
    const [s, e] = timeRange(ctx);
    const orders = visibleNewestFirst(ctx, account.orders).filter(
      (o) => match(o) && o.createdTime >= s && o.createdTime <= e,
    );
    const { list, nextPageCursor } = page(orders, ctx.params.limit, 20, 50, ctx.params.cursor);
    return { retMsg: 'OK', result: { category: 'linear', list: list.map(orderToWire), nextPageCursor } };
  }),

  '/v5/execution/list': linearAccountRoute('GET', 'read', (ctx, account) => {
    const p = ctx.params;
    const [s, e] = timeRange(ctx);
    const symbol = str(p.symbol);
    const orderId = str(p.orderId);
    const orderLinkId = str(p.orderLinkId);
    const baseCoin = str(p.baseCoin);
    const execType = str(p.execType);
    const now = ctx.engine.now();
    const execs = [...account.executions].reverse().filter((x) => {
      const t = Number(x.execTime);
      if (t < s || t > e) return false;
      if (!ctx.engine.lookupLag.visible(x.orderId, t, now)) return false;
      if (symbol && x.symbol !== symbol) return false;
      if (orderId && x.orderId !== orderId) return false;
      if (orderLinkId && x.orderLinkId !== orderLinkId) return false;
      if (baseCoin && ctx.engine.instrument(x.symbol)?.baseCoin !== baseCoin) return false;
      if (execType && x.execType !== execType) return false;
      return true;
    });
    const { list, nextPageCursor } = page(execs, p.limit, 50, 100, p.cursor);
    return { retMsg: 'OK', result: { category: 'linear', list: list.map(wireExec), nextPageCursor } };
  }),
};
