/**
 * Did an order whose attempt got no clear answer happen? And when may its orderLinkId be sent again?
 *
 * The resend rule (a design decision of the lead): after an uncertain attempt, the same orderLinkId may
 * be sent again only when a lookup made at least `recvWindowMs + settleMs` after that attempt was signed
 * finds nothing. Bybit refuses a request whose timestamp is older than recv_window when it arrives, so
 * once that window has passed a request Bybit never saw can no longer be booked; `settleMs` covers the
 * processing delay after acceptance, the lag of the lookup endpoints and the error of the measured clock
 * offset. Before that, a lookup that finds nothing proves nothing: look again later (bounded) or say
 * `unknown`. The goal is zero duplicate sends of an orderLinkId at the wire, even with a lagging lookup.
 *
 * Times here are the local clock. `sentAt` must not be earlier than the moment the attempt was signed:
 * the placement uses the end of the attempt (its answer, error or timeout), which always is.
 */
import { ExchangeError, errorFromThrown } from './errors';
import type { Order } from './types';

export const defaultRecvWindowMs = 5000;
export const defaultSettleMs = 3000;

export interface ResendRule {
  /** The recv_window the SDK signs with (ms). */
  recvWindowMs?: number;
  /** Processing delay and lookup lag Bybit is allowed after the window (ms, default 3000). */
  settleMs?: number;
}

/** The first local time at which a lookup that finds nothing proves an attempt sent at `sentAt` absent. */
export function absenceProvableAt(sentAt: number, rule: ResendRule = {}): number {
  return sentAt + (rule.recvWindowMs ?? defaultRecvWindowMs) + (rule.settleMs ?? defaultSettleMs);
}

export type OrderResolution =
  | { status: 'found'; order: Order }
  /** Confirmed absent: no attempt sent before `sentAt` can be booked any more; sending again is safe. */
  | { status: 'absent' }
  /** Not found, but not provably absent yet (or the lookup failed): ask again at `retryAt`. */
  | { status: 'unknown'; error: ExchangeError; retryAt: number };

export interface OrderLookup {
  /** The order with this orderLinkId, or null when Bybit has none. Throws ExchangeError when it cannot tell. */
  findOrder(symbol: string, orderLinkId: string): Promise<Order | null>;
  /** The IP ban error while banned, else null. */
  banned(): ExchangeError | null;
  now(): number;
  sleep(ms: number): Promise<void>;
}

export interface ResolveOptions extends ResendRule {
  /** Local ms no earlier than when the last attempt with this orderLinkId may have been signed. */
  sentAt: number;
  /** Wait until absence is provable and look again (true), or answer `unknown` at once (default). */
  wait?: boolean;
  /** Failed lookups before giving up (default 3). */
  lookupAttempts?: number;
  /** Pause after a failed lookup, growing with each failure (default 300 ms). */
  lookupDelayMs?: number;
}

export function outcomeUnknownError(orderLinkId: string, cause: ExchangeError | string): ExchangeError {
  const detail = typeof cause === 'string' ? cause : `${cause.code}: ${cause.message}`;
  return new ExchangeError({
    code: 'OUTCOME_UNKNOWN',
    retryable: false,
    outcomeUnknown: true,
    detail,
    message: `Bybit did not confirm order ${orderLinkId} and it cannot be found yet; it was not sent again. Look it up again before sending anything for it.`,
  });
}

/** Look the order up by orderLinkId, and say found, confirmed absent, or still unknown. */
export async function resolveOrderWith(
  lookup: OrderLookup,
  symbol: string,
  orderLinkId: string,
  options: ResolveOptions,
): Promise<OrderResolution> {
  const provableAt = absenceProvableAt(options.sentAt, options);
  const attempts = Math.max(1, options.lookupAttempts ?? 3);
  const delayMs = options.lookupDelayMs ?? 300;
  let failures = 0;
  for (;;) {
    const ban = lookup.banned();
    if (ban) return unknown(orderLinkId, ban, Math.max(provableAt, ban.retryAfter ?? 0));
    const startedAt = lookup.now();
    try {
      const order = await lookup.findOrder(symbol, orderLinkId);
      if (order) return { status: 'found', order };
      if (startedAt >= provableAt) return { status: 'absent' };
      if (!options.wait) {
        const at = new Date(provableAt).toISOString().slice(11, 19);
        return unknown(
          orderLinkId,
          `not visible yet; it cannot be declared absent before ${at} UTC`,
          provableAt,
        );
      }
      // Timers may wake a millisecond early; a lookup before provableAt proves nothing, so none is spent.
      while (lookup.now() < provableAt) await lookup.sleep(Math.max(1, provableAt - lookup.now()));
    } catch (thrown) {
      failures += 1;
      if (failures >= attempts)
        return unknown(
          orderLinkId,
          errorFromThrown(thrown, lookup.now()),
          Math.max(provableAt, lookup.now()),
        );
      await lookup.sleep(delayMs * failures);
    }
  }
}

function unknown(orderLinkId: string, cause: ExchangeError | string, retryAt: number): OrderResolution {
  return { status: 'unknown', error: outcomeUnknownError(orderLinkId, cause), retryAt };
}
