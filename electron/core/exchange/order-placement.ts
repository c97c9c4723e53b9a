/**
 * placeOrders: split a list of orders between `create-batch` (≤ 20 per request, one quota unit per
 * order) and single `create` (its own quota), in parallel, within the client-side limits; retry what
 * Bybit definitely did not take (10006, 10002); and resolve every lost acknowledgement by looking the
 * order up by its orderLinkId before anything is sent again. An order is never sent twice while its
 * previous attempt might exist.
 */
import { ExchangeError, errorFromRetCode } from './errors';
import { validateOrders } from './order-validation';
import type { RateLimitHeaders, WindowLimiter } from './rate-limiter';
import type { Order, OrderRequest, PlaceOrderResult } from './types';

export const maxBatchSize = 20;

/** A raw SDK envelope, as far as placement reads it. */
export interface Envelope {
  retCode: number;
  retMsg: string;
  result?: unknown;
  retExtInfo?: unknown;
  rateLimitApi?: RateLimitHeaders;
}

export type Sent = { ok: true; response: Envelope } | { ok: false; error: ExchangeError };

export interface PlacementTransport {
  batchLimiter: WindowLimiter;
  singleLimiter: WindowLimiter;
  /** Send one create (quota already taken). Never throws. */
  sendSingle(order: OrderRequest): Promise<Sent>;
  /** Send one create-batch (quota already taken). Never throws. */
  sendBatch(orders: OrderRequest[]): Promise<Sent>;
  /** The order with this orderLinkId, or null when Bybit has none. Throws ExchangeError when it cannot tell. */
  findOrder(symbol: string, orderLinkId: string): Promise<Order | null>;
  /** Measure the clock offset again (after 10002). */
  resyncClock(): Promise<void>;
  /** After 10006 on a group. */
  backOff(group: 'order/create' | 'order/create-batch', response?: Envelope): void;
  /** The IP ban error while banned, else null. */
  banned(): ExchangeError | null;
  sleep(ms: number): Promise<void>;
}

export interface PlacementOptions {
  /** Attempts per order whose previous attempt was confirmed absent (default 3). */
  maxAttempts?: number;
  /** 10006 retries per order (default 8). */
  maxRateLimitRetries?: number;
  /** Wait before looking up a lost acknowledgement, so the exchange has settled (default 300 ms). */
  lookupDelayMs?: number;
  /** Lookup attempts before the outcome is reported unknown (default 3). */
  lookupAttempts?: number;
}

interface Work {
  index: number;
  order: OrderRequest;
  attempts: number;
  rateLimited: number;
  /** A previous attempt's outcome was unknown (and the order was then confirmed absent). */
  uncertain: boolean;
}

interface BatchItem {
  orderId?: unknown;
  orderLinkId?: unknown;
}
interface BatchExt {
  code?: unknown;
  msg?: unknown;
}

function listOf<T>(value: unknown): T[] {
  const list = value && typeof value === 'object' ? (value as { list?: unknown }).list : undefined;
  return Array.isArray(list) ? (list as T[]) : [];
}

function outcomeUnknown(orderLinkId: string, cause: ExchangeError): ExchangeError {
  return new ExchangeError({
    code: 'OUTCOME_UNKNOWN',
    retryable: false,
    outcomeUnknown: true,
    detail: `${cause.code}: ${cause.message}`,
    message: `Bybit did not confirm order ${orderLinkId} and it could not be looked up; it was not sent again. Check the open orders before retrying.`,
  });
}

export async function placeOrdersWith(
  transport: PlacementTransport,
  orders: readonly OrderRequest[],
  options: PlacementOptions = {},
): Promise<PlaceOrderResult[]> {
  const maxAttempts = options.maxAttempts ?? 3;
  const maxRateLimitRetries = options.maxRateLimitRetries ?? 8;
  const lookupDelayMs = options.lookupDelayMs ?? 300;
  const lookupAttempts = options.lookupAttempts ?? 3;

  const results: (PlaceOrderResult | undefined)[] = new Array(orders.length);
  const queue: Work[] = [];
  validateOrders(orders).forEach((error, index) => {
    results[index] = { status: 'rejected', orderLinkId: orders[index]?.orderLinkId ?? '', error };
  });
  orders.forEach((order, index) => {
    if (!results[index]) queue.push({ index, order, attempts: 0, rateLimited: 0, uncertain: false });
  });

  let inFlight = 0;
  let wake: () => void = () => undefined;
  let woken = new Promise<void>((resolve) => (wake = resolve));
  const notify = () => {
    const resolve = wake;
    woken = new Promise<void>((r) => (wake = r));
    resolve();
  };
  let resync: Promise<void> | null = null;
  const resyncOnce = () => (resync ??= transport.resyncClock().catch(() => undefined));

  const settle = (work: Work, result: PlaceOrderResult) => {
    results[work.index] = result;
  };
  const accept = (work: Work, orderId: string, recovered: boolean) =>
    settle(work, { status: 'accepted', orderLinkId: work.order.orderLinkId, orderId, recovered });
  const reject = (work: Work, error: ExchangeError) =>
    settle(work, { status: 'rejected', orderLinkId: work.order.orderLinkId, error });

  /** Bybit certainly did not take the order: send it again (bounded). */
  const requeue = (work: Work, error: ExchangeError, rateLimited: boolean) => {
    if (rateLimited) work.rateLimited += 1;
    else work.attempts += 1;
    if (work.rateLimited > maxRateLimitRetries || work.attempts >= maxAttempts) reject(work, error);
    else queue.push(work);
  };

  /** The acknowledgement was lost: find the order before anything else. */
  const resolveUnknown = async (work: Work, cause: ExchangeError): Promise<void> => {
    await transport.sleep(lookupDelayMs);
    let lastError: ExchangeError = cause;
    for (let attempt = 0; attempt < lookupAttempts; attempt += 1) {
      const ban = transport.banned();
      if (ban) break;
      try {
        const found = await transport.findOrder(work.order.symbol, work.order.orderLinkId);
        if (found) return accept(work, found.orderId, true);
        work.uncertain = true;
        return requeue(work, cause, false);
      } catch (error) {
        lastError = error instanceof ExchangeError ? error : cause;
        await transport.sleep(lookupDelayMs * (attempt + 1));
      }
    }
    settle(work, {
      status: 'unknown',
      orderLinkId: work.order.orderLinkId,
      error: outcomeUnknown(work.order.orderLinkId, lastError),
    });
  };

  /** One item's retCode (single create, or a batch item). */
  const handleRetCode = async (
    work: Work,
    retCode: number,
    retMsg: string,
    orderId: string,
    group: 'order/create' | 'order/create-batch',
    response: Envelope,
  ): Promise<void> => {
    if (retCode === 0 && orderId) return accept(work, orderId, false);
    const error = errorFromRetCode(retCode, retMsg);
    if (retCode === 10006) {
      transport.backOff(group, response);
      return requeue(work, error, true);
    }
    if (retCode === 10002) {
      await resyncOnce();
      return requeue(work, error, false);
    }
    if (retCode === 110072 && work.uncertain) return resolveUnknown(work, error);
    if (retCode === 0) return resolveUnknown(work, error);
    reject(work, error);
  };

  const handleTransportError = async (works: Work[], error: ExchangeError): Promise<void> => {
    // 403 (IP limit) and other 4xx are refused before the order is processed; 5xx, timeouts and
    // dropped connections may have executed it.
    const mayHaveExecuted =
      error.outcomeUnknown || error.code === 'SERVER_ERROR' || error.code === 'SYSTEM_PROTECTION';
    if (!mayHaveExecuted) {
      for (const work of works) reject(work, error);
      return;
    }
    await Promise.all(works.map((work) => resolveUnknown(work, error)));
  };

  const runSingle = async (work: Work): Promise<void> => {
    const sent = await transport.sendSingle(work.order);
    if (!sent.ok) return handleTransportError([work], sent.error);
    const result = (sent.response.result ?? {}) as BatchItem;
    const orderId = typeof result.orderId === 'string' ? result.orderId : '';
    await handleRetCode(
      work,
      sent.response.retCode,
      sent.response.retMsg,
      orderId,
      'order/create',
      sent.response,
    );
  };

  const runBatch = async (works: Work[]): Promise<void> => {
    const sent = await transport.sendBatch(works.map((w) => w.order));
    if (!sent.ok) return handleTransportError(works, sent.error);
    const response = sent.response;
    if (response.retCode !== 0) {
      await Promise.all(
        works.map((work) =>
          handleRetCode(work, response.retCode, response.retMsg, '', 'order/create-batch', response),
        ),
      );
      return;
    }
    const items = listOf<BatchItem>(response.result);
    const exts = listOf<BatchExt>(response.retExtInfo);
    await Promise.all(
      works.map((work, i) => {
        // Items are aligned by index; match by orderLinkId when Bybit echoes it.
        let at = i;
        if (items[i]?.orderLinkId !== work.order.orderLinkId) {
          const byId = items.findIndex((item) => item.orderLinkId === work.order.orderLinkId);
          if (byId >= 0) at = byId;
        }
        const item = items[at];
        const ext = exts[at];
        if (!item && !ext)
          return resolveUnknown(work, errorFromRetCode(0, 'missing from the batch response'));
        const code = Number(ext?.code ?? 0);
        const msg = typeof ext?.msg === 'string' ? ext.msg : '';
        const orderId = typeof item?.orderId === 'string' ? item.orderId : '';
        return handleRetCode(work, code, msg, orderId, 'order/create-batch', response);
      }),
    );
  };

  const track = (task: Promise<void>) => {
    inFlight += 1;
    task
      .catch(() => undefined)
      .finally(() => {
        inFlight -= 1;
        notify();
      });
  };

  while (queue.length > 0 || inFlight > 0) {
    const ban = transport.banned();
    if (ban) for (const work of queue.splice(0)) reject(work, ban);

    let waitMs = 0;
    if (queue.length > 0) {
      const batchFree = Math.min(maxBatchSize, transport.batchLimiter.available(), queue.length);
      if (batchFree > 0 && transport.batchLimiter.tryTake(batchFree))
        track(runBatch(queue.splice(0, batchFree)));
      while (queue.length > 0 && transport.singleLimiter.tryTake(1)) track(runSingle(queue.shift()!));
      if (queue.length > 0)
        waitMs = Math.min(transport.batchLimiter.waitFor(1), transport.singleLimiter.waitFor(1)) || 1;
    }
    if (queue.length === 0 && inFlight === 0) break;
    if (waitMs > 0) await Promise.race([woken, transport.sleep(waitMs)]);
    else await woken;
  }

  return results.map(
    (result, index) =>
      result ?? {
        status: 'unknown',
        orderLinkId: orders[index]?.orderLinkId ?? '',
        error: outcomeUnknown(orders[index]?.orderLinkId ?? '', errorFromRetCode(-1, 'not settled')),
      },
  );
}
