/**
 * An in-memory exchange behind the placement transport, on a virtual clock: unique orderLinkIds, every
 * send recorded (the wire count), scripted faults per send, late bookings and a lookup that lags.
 */
import {
  type ExchangeError,
  errorFromHttpStatus,
  networkError,
  timeoutError,
} from '../../electron/core/exchange/errors';
import type { Envelope, PlacementTransport, Sent } from '../../electron/core/exchange/order-placement';
import { RateLimits } from '../../electron/core/exchange/rate-limiter';
import type { Order, OrderRequest } from '../../electron/core/exchange/types';
import { virtualClock } from './fake-clock';

export type Fault =
  /** Booked, then the answer is lost. */
  | 'timeoutAfterAccept'
  /** Lost before the exchange saw it. */
  | 'timeoutBeforeAccept'
  | 'networkBeforeAccept'
  | 'http500'
  | 'http500AfterAccept'
  | 'http403'
  | 'rateLimited'
  /** The answer is this retCode (top level); `AfterAccept` = booked first. */
  | 'retCode10000'
  | 'retCode10016'
  | 'retCode10000AfterAccept'
  | 'retCode10016AfterAccept'
  /** Booked, then an answer with no usable envelope (no numeric retCode). */
  | 'malformedAfterAccept'
  /** Times out; the exchange books it `lateBookingMs` later. */
  | 'bookLateAfterTimeout'
  /** A business rejection of this send (retCode), per order. */
  | { reject: number };

export interface FakeExchangeOptions {
  rejectSymbol?: Record<string, [number, string]>;
  /** A booked order is invisible to lookups for this long (virtual ms). */
  lookupLagMs?: number;
  /** How long after a `bookLateAfterTimeout` send the order is booked. */
  lateBookingMs?: number;
}

export function fakeExchange(options: FakeExchangeOptions = {}) {
  const clock = virtualClock();
  const limits = new RateLimits({ clock });
  const orders = new Map<string, { orderId: string; symbol: string; bookedAt: number }>();
  const requests: { kind: 'single' | 'batch'; size: number; at: number }[] = [];
  /** Every orderLinkId sent, with the virtual time of the send. */
  const wire: { orderLinkId: string; at: number }[] = [];
  const lookupLog: { orderLinkId: string; at: number; found: boolean }[] = [];
  const faults: { kind: 'single' | 'batch' | 'any'; fault: Fault }[] = [];
  const late: { order: OrderRequest; at: number }[] = [];
  let banned: ExchangeError | null = null;
  let resyncs = 0;
  let nextId = 1;

  const bookLate = () => {
    for (const entry of late.splice(0)) {
      if (entry.at <= clock.now()) take(entry.order, entry.at);
      else late.push(entry);
    }
  };
  const take = (order: OrderRequest, at = clock.now()): { code: number; msg: string; orderId: string } => {
    const reject = options.rejectSymbol?.[order.symbol];
    if (reject) return { code: reject[0], msg: reject[1], orderId: '' };
    if (orders.has(order.orderLinkId))
      return { code: 110072, msg: 'OrderLinkedID is duplicate', orderId: '' };
    const orderId = `oid-${nextId++}`;
    orders.set(order.orderLinkId, { orderId, symbol: order.symbol, bookedAt: at });
    return { code: 0, msg: 'OK', orderId };
  };
  const nextFault = (kind: 'single' | 'batch'): Fault | undefined => {
    const at = faults.findIndex((f) => f.kind === kind || f.kind === 'any');
    return at >= 0 ? faults.splice(at, 1)[0]!.fault : undefined;
  };
  const booksFirst = (fault: Fault | undefined) =>
    fault === 'timeoutAfterAccept' ||
    fault === 'http500AfterAccept' ||
    fault === 'retCode10000AfterAccept' ||
    fault === 'retCode10016AfterAccept' ||
    fault === 'malformedAfterAccept';
  /** The answer for a send that met `fault`; `accept` books the orders and builds the real answer. */
  const answer = (fault: Fault | undefined, list: OrderRequest[], accept: () => Envelope): Sent => {
    if (fault === 'timeoutBeforeAccept') return { ok: false, error: timeoutError('lost') };
    if (fault === 'networkBeforeAccept') return { ok: false, error: networkError('socket hang up') };
    if (fault === 'http500') return { ok: false, error: errorFromHttpStatus(500, 'Internal', clock.now()) };
    if (fault === 'http403') {
      banned = errorFromHttpStatus(403, 'Forbidden', clock.now());
      return { ok: false, error: banned };
    }
    if (fault === 'rateLimited')
      return { ok: true, response: { retCode: 10006, retMsg: 'Too many visits!' } };
    if (fault === 'retCode10000') return { ok: true, response: { retCode: 10000, retMsg: 'Server Timeout' } };
    if (fault === 'retCode10016') return { ok: true, response: { retCode: 10016, retMsg: 'Server error' } };
    if (fault === 'bookLateAfterTimeout') {
      for (const order of list) late.push({ order, at: clock.now() + (options.lateBookingMs ?? 1000) });
      return { ok: false, error: timeoutError('lost') };
    }
    const response = accept();
    if (!booksFirst(fault)) return { ok: true, response };
    if (fault === 'timeoutAfterAccept') return { ok: false, error: timeoutError('lost') };
    if (fault === 'http500AfterAccept')
      return { ok: false, error: errorFromHttpStatus(500, 'Internal', clock.now()) };
    if (fault === 'malformedAfterAccept') return { ok: true, response: { retCode: Number.NaN, retMsg: '' } };
    const retCode = fault === 'retCode10000AfterAccept' ? 10000 : 10016;
    return { ok: true, response: { retCode, retMsg: 'Server error' } };
  };
  const recordWire = (list: OrderRequest[], at: number) =>
    wire.push(...list.map((o) => ({ orderLinkId: o.orderLinkId, at })));

  const transport: PlacementTransport = {
    batchLimiter: limits.group('order/create-batch'),
    singleLimiter: limits.group('order/create'),
    sendSingle: async (order) => {
      bookLate();
      requests.push({ kind: 'single', size: 1, at: clock.now() });
      recordWire([order], clock.now());
      const fault = nextFault('single');
      if (typeof fault === 'object')
        return { ok: true, response: { retCode: fault.reject, retMsg: 'rejected' } };
      return answer(fault, [order], () => {
        const r = take(order);
        return {
          retCode: r.code,
          retMsg: r.msg,
          result: r.code === 0 ? { orderId: r.orderId, orderLinkId: order.orderLinkId } : {},
        };
      });
    },
    sendBatch: async (list) => {
      bookLate();
      requests.push({ kind: 'batch', size: list.length, at: clock.now() });
      if (list.length > 20) throw new Error('batch over 20');
      recordWire(list, clock.now());
      const fault = nextFault('batch');
      const itemReject = typeof fault === 'object' ? fault.reject : null;
      return answer(typeof fault === 'object' ? undefined : fault, list, () => {
        const taken = list.map((o) =>
          itemReject ? { code: itemReject, msg: 'rejected', orderId: '' } : take(o),
        );
        return {
          retCode: 0,
          retMsg: 'OK',
          result: { list: taken.map((t, i) => ({ orderId: t.orderId, orderLinkId: list[i]!.orderLinkId })) },
          retExtInfo: { list: taken.map((t) => ({ code: t.code, msg: t.msg })) },
        };
      });
    },
    findOrder: async (_symbol, orderLinkId) => {
      bookLate();
      const found = orders.get(orderLinkId);
      const visible = !!found && clock.now() >= found.bookedAt + (options.lookupLagMs ?? 0);
      lookupLog.push({ orderLinkId, at: clock.now(), found: visible });
      return visible ? ({ orderId: found!.orderId, orderLinkId } as Order) : null;
    },
    resyncClock: async () => {
      resyncs += 1;
    },
    backOff: (group) => limits.backOff(group),
    banned: () => banned,
    sleep: (ms) => clock.sleep(ms),
    now: () => clock.now(),
  };
  return {
    transport,
    clock,
    orders,
    requests,
    wire,
    lookupLog,
    inject: (kind: 'single' | 'batch' | 'any', fault: Fault) => faults.push({ kind, fault }),
    /** How many times each orderLinkId went out. */
    sends: (orderLinkId: string) => wire.filter((w) => w.orderLinkId === orderLinkId).length,
    settleLateBookings: bookLate,
    stats: () => ({ lookups: lookupLog.length, resyncs }),
  };
}

export const market = (n: number, prefix = 'o'): OrderRequest[] =>
  Array.from({ length: n }, (_, i) => ({
    symbol: `SYM${i}USDT`,
    side: i % 2 ? 'Sell' : 'Buy',
    orderType: 'Market',
    qty: '1',
    orderLinkId: `${prefix}-${i}`,
  }));
