/**
 * placeOrders: split a list of orders between `create-batch` (≤ 20 per request, one quota unit per
 * order) and single `create` (its own quota), in parallel, within the client-side limits; retry what
 * Bybit definitely did not take (10006, 10002); and look up, by orderLinkId, every order whose answer
 * leaves the outcome open. An orderLinkId is sent again only under the resend rule (order-resolution.ts):
 * after a lookup made once the recv window and the settle time have passed finds nothing.
 */
import { type ExchangeError, errorFromRetCode, isKnownRetCode } from './errors';
import {
  absenceProvableAt,
  outcomeUnknownError,
  resolveOrderWith,
  type OrderLookup,
  type OrderResolution,
  type ResendRule,
} from './order-resolution';
import { validateOrders } from './order-validation';
import type { RateLimitHeaders, WindowLimiter } from './rate-limiter';
import type { OrderRequest, PlaceOrderResult } from './types';

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

export interface PlacementTransport extends OrderLookup {
  batchLimiter: WindowLimiter;
  singleLimiter: WindowLimiter;
  /** Send one create (quota already taken). Never throws. */
  sendSingle(order: OrderRequest): Promise<Sent>;
  /** Send one create-batch (quota already taken). Never throws. */
  sendBatch(orders: OrderRequest[]): Promise<Sent>;
  /** Measure the clock offset again (after 10002). */
  resyncClock(): Promise<void>;
  /** After 10006 on a group. */
  backOff(group: 'order/create' | 'order/create-batch', response?: Envelope): void;
}

export interface PlacementOptions extends ResendRule {
  /** Sends per order, counting only attempts Bybit certainly did not book (default 3). */
  maxAttempts?: number;
  /** 10006 retries per order (default 8). */
  maxRateLimitRetries?: number;
  /** Wait before the first lookup of an unclear outcome, and base pause between failed lookups (default 300 ms). */
  lookupDelayMs?: number;
  /** Failed lookups before the outcome is reported unknown (default 3). */
  lookupAttempts?: number;
}

interface Work {
  index: number;
  order: OrderRequest;
  attempts: number;
  rateLimited: number;
  /** End of the latest attempt whose outcome was unclear (no earlier than its signature), or null. */
  uncertainSince: number | null;
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

/**
 * True when Bybit may have carried the order out although the answer does not say so: timeouts, lost
 * connections, 5xx and 429, 10000 / 10016, an answer without a usable envelope, or success without an id.
 * Other 4xx, 10006, 10002 and business rejections are refused before anything is booked.
 */
function leavesOutcomeOpen(error: ExchangeError): boolean {
  return error.outcomeUnknown || error.code === 'SERVER_ERROR' || error.code === 'SYSTEM_PROTECTION';
}

export async function placeOrdersWith(
  transport: PlacementTransport,
  orders: readonly OrderRequest[],
  options: PlacementOptions = {},
): Promise<PlaceOrderResult[]> {
  const maxAttempts = options.maxAttempts ?? 3;
  const maxRateLimitRetries = options.maxRateLimitRetries ?? 8;
  const lookupDelayMs = options.lookupDelayMs ?? 300;

  const results: (PlaceOrderResult | undefined)[] = new Array(orders.length);
  const queue: Work[] = [];
  validateOrders(orders).forEach((error, index) => {
    results[index] = { status: 'rejected', orderLinkId: orders[index]?.orderLinkId ?? '', error };
  });
  orders.forEach((order, index) => {
    if (!results[index]) queue.push({ index, order, attempts: 0, rateLimited: 0, uncertainSince: null });
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
  const settleUnknown = (work: Work, error: ExchangeError, retryAt: number) =>
    settle(work, {
      status: 'unknown',
      orderLinkId: work.order.orderLinkId,
      error,
      lastAttemptAt: work.uncertainSince ?? transport.now(),
      retryAt,
    });
  const lookUp = (work: Work, wait: boolean): Promise<OrderResolution> =>
    resolveOrderWith(transport, work.order.symbol, work.order.orderLinkId, {
      ...options,
      sentAt: work.uncertainSince ?? transport.now(),
      wait,
      lookupDelayMs,
    });

  /**
   * A definite refusal. After an earlier unclear attempt it may be caused by that first copy (110072
   * duplicate, 110007 its margin, 110017 / 110094 its reduction), so the order is looked up first.
   */
  const refuse = async (work: Work, error: ExchangeError): Promise<void> => {
    // 110072 on a first send: an order with this id exists on Bybit (another process sent it, or a copy we
    // cannot account for): it is looked up and settled like an unclear outcome, never taken as a refusal
    // that would let the next attempt send the leg again.
    if (work.uncertainSince === null && error.retCode === 110072) work.uncertainSince = transport.now();
    if (work.uncertainSince === null) {
      settle(work, { status: 'rejected', orderLinkId: work.order.orderLinkId, error });
      return;
    }
    await transport.sleep(lookupDelayMs);
    const found = await lookUp(work, false);
    if (found.status === 'found') return accept(work, found.order.orderId, true);
    if (found.status === 'absent' && error.retCode !== 110072)
      return settle(work, { status: 'rejected', orderLinkId: work.order.orderLinkId, error });
    if (found.status === 'unknown') return settleUnknown(work, found.error, found.retryAt);
    // 110072 says the id exists on Bybit although no lookup shows it (a lag beyond the settle time).
    // It existed when that answer came, so a lookup is conclusive only a full window after it.
    work.uncertainSince = transport.now();
    settleUnknown(
      work,
      outcomeUnknownError(work.order.orderLinkId, error),
      absenceProvableAt(work.uncertainSince, options),
    );
  };

  /** Bybit certainly did not take this attempt: send it again (bounded). */
  const requeue = async (work: Work, error: ExchangeError, rateLimited: boolean): Promise<void> => {
    if (rateLimited) work.rateLimited += 1;
    else work.attempts += 1;
    if (work.rateLimited > maxRateLimitRetries || work.attempts >= maxAttempts) return refuse(work, error);
    queue.push(work);
  };

  /** The answer leaves the outcome open: find the order; resend only once its absence is provable. */
  const resolveOpen = async (work: Work, cause: ExchangeError, endedAt: number): Promise<void> => {
    work.uncertainSince = endedAt;
    // The last attempt is not followed by a resend, so there is nothing to wait for: unknown if unseen.
    const last = work.attempts + 1 >= maxAttempts;
    await transport.sleep(lookupDelayMs);
    const found = await lookUp(work, !last);
    if (found.status === 'found') return accept(work, found.order.orderId, true);
    if (found.status === 'absent') return requeue(work, cause, false);
    settleUnknown(work, found.error, found.retryAt);
  };

  /** One item's retCode (single create, or a batch item). */
  const handleRetCode = async (
    work: Work,
    retCode: number,
    retMsg: string,
    orderId: string,
    group: 'order/create' | 'order/create-batch',
    response: Envelope,
    endedAt: number,
  ): Promise<void> => {
    if (retCode === 0 && orderId) return accept(work, orderId, false);
    if (!Number.isFinite(retCode) || retCode === 0)
      return resolveOpen(work, errorFromRetCode(retCode, retMsg || 'no order id in the answer'), endedAt);
    const error = errorFromRetCode(retCode, retMsg);
    if (retCode === 10006) {
      transport.backOff(group, response);
      return requeue(work, error, true);
    }
    if (retCode === 10002) {
      await resyncOnce();
      return requeue(work, error, false);
    }
    // A retCode Bybit added after this was written says nothing certain about the order: look it up, as
    // after a timeout, rather than take it for a refusal and risk a second live copy.
    if (error.outcomeUnknown || !isKnownRetCode(retCode)) return resolveOpen(work, error, endedAt);
    return refuse(work, error);
  };

  const handleTransportError = async (works: Work[], error: ExchangeError, endedAt: number) => {
    await Promise.all(
      works.map((work) =>
        leavesOutcomeOpen(error) ? resolveOpen(work, error, endedAt) : refuse(work, error),
      ),
    );
  };

  const runSingle = async (work: Work): Promise<void> => {
    const sent = await transport.sendSingle(work.order);
    const endedAt = transport.now();
    if (!sent.ok) return handleTransportError([work], sent.error, endedAt);
    const result = (sent.response.result ?? {}) as BatchItem;
    const orderId = typeof result.orderId === 'string' ? result.orderId : '';
    const { retCode, retMsg } = sent.response;
    await handleRetCode(work, retCode, retMsg, orderId, 'order/create', sent.response, endedAt);
  };

  const runBatch = async (works: Work[]): Promise<void> => {
    const sent = await transport.sendBatch(works.map((w) => w.order));
    const endedAt = transport.now();
    if (!sent.ok) return handleTransportError(works, sent.error, endedAt);
    const response = sent.response;
    if (response.retCode !== 0) {
      await Promise.all(
        works.map((work) =>
          handleRetCode(work, response.retCode, response.retMsg, '', 'order/create-batch', response, endedAt),
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
          return resolveOpen(work, errorFromRetCode(0, 'missing from the batch response'), endedAt);
        const code = Number(ext?.code ?? 0);
        const msg = typeof ext?.msg === 'string' ? ext.msg : '';
        const orderId = typeof item?.orderId === 'string' ? item.orderId : '';
        return handleRetCode(work, code, msg, orderId, 'order/create-batch', response, endedAt);
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
    // Queued work was never sent, or its earlier attempts are confirmed absent: a refusal is the truth.
    const ban = transport.banned();
    if (ban)
      for (const work of queue.splice(0))
        settle(work, { status: 'rejected', orderLinkId: work.order.orderLinkId, error: ban });

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

  return results.map((result, index) => {
    if (result) return result;
    const orderLinkId = orders[index]?.orderLinkId ?? '';
    const now = transport.now();
    return {
      status: 'unknown',
      orderLinkId,
      error: outcomeUnknownError(orderLinkId, 'not settled'),
      lastAttemptAt: now,
      retryAt: absenceProvableAt(now, options),
    };
  });
}
