import type { Kysely } from 'kysely';
import { Dec } from '../../../shared/decimal';
import type { PositionProgress, OrderKind } from '../../../shared/domain/positions';
import { emptyHolding } from '../../../shared/positions/holdings';
import type { AccountSession } from '../bybit-account/exchange-sessions';
import type { UserDb } from '../db';
import { delistingAt } from '../exchange';
import type { PriceFeed } from '../exchange/price-feed';
import type { Logger } from '../util/logger';
import type { AccountDesk } from './guard/account-desk';
import type { Leg } from './leg-plan';
import type { OrderRunner } from './order-runner';
import {
  componentRows,
  orderRows,
  tradeRows,
  type OrderRow,
  type PositionRow,
} from '../ledger/position-repository';
import { holdingsBySymbol } from '../ledger/position-views';
import type { SymbolState } from './symbol-state';

/** Everything one step of a position's state machine works with. */
export interface StepContext {
  db: () => Kysely<UserDb>;
  session: AccountSession;
  /** Live prices of the session's environment (the ticker stream, REST for what it has not seen). */
  prices: PriceFeed;
  runner: OrderRunner;
  symbols: SymbolState;
  /** The account's queue and pre-trade guard: every round that sends orders runs through it. */
  desk: AccountDesk;
  /** Fetches the account's executions on these symbols since `since` (ms) over REST and records them: a
   * liquidation, auto-deleveraging or delivery the stream missed is attributed before a leg is called gone. */
  catchUpExecutions(symbols: readonly string[], since: number): Promise<void>;
  logger: Logger;
  maxAttempts: number;
  /** Pause before a retry attempt, so the book can move (ms). */
  retryPauseMs: number;
  /** True once the app is stopping: a step ends at its next safe point and resumes at the next start. */
  stopping(): boolean;
  /** positions.updated; pass the row just committed when the status changed, so it is published as is. */
  updated(positionId: number, committed?: PositionRow): void;
  /** A position reached CLOSED or FAILED: positions of the account waiting on it may go on. */
  finished(row: PositionRow): void;
  progress(event: PositionProgress): void;
  /** Marks a stage of the position's work (the bench's trace; a no-op in the app). */
  trace(stage: string): void;
}

/** A leg whose contract Bybit no longer lists for trading (delisted): it settles by delivery, not by order. */
export type DelistedLeg = Omit<Leg, 'instrument'>;

export interface LegSnapshot {
  /** Legs that can be traded. */
  legs: Leg[];
  /** Legs on contracts Bybit no longer trades. */
  delisted: DelistedLeg[];
  orders: OrderRow[];
}

/** The position's legs as they stand: components, holdings from their fills, Bybit's filters, the order log. */
export async function loadLegs(context: StepContext, row: PositionRow): Promise<LegSnapshot> {
  const db = context.db();
  const [components, trades, orders, instruments] = await Promise.all([
    componentRows(db, [row.id]),
    tradeRows(db, [row.id]),
    orderRows(db, row.id),
    context.session.gateway.getInstruments(),
  ]);
  const holdings = holdingsBySymbol(trades);
  const bySymbol = new Map(instruments.map((i) => [i.symbol, i]));
  // Bybit's time: a contract whose delivery time has passed trades no more, even while a cached list still
  // shows it (an order on it would meet 110074).
  const exchangeNow = Date.now() + context.session.gateway.clockOffsetMs;
  // Bybit already said so: an order on it met 110074 (the list is refreshed only now and then).
  const notLive = new Set(
    orders.filter((o) => o.error_code === 'CONTRACT_NOT_LIVE').map((o) => o.component_id),
  );
  const legs: Leg[] = [];
  const delisted: DelistedLeg[] = [];
  for (const component of components) {
    const holding = holdings.get(component.symbol) ?? emptyHolding();
    const instrument = bySymbol.get(component.symbol);
    const delivered =
      notLive.has(component.id) ||
      (instrument && (delistingAt(instrument) ?? Number.POSITIVE_INFINITY) <= exchangeNow);
    if (instrument && !delivered) legs.push({ component, holding, instrument });
    else delisted.push({ component, holding });
  }
  return { legs, delisted, orders };
}

/** Within one step of its target (the rounding Bybit's quantity step leaves). */
export function legDone(leg: Leg): boolean {
  return new Dec(leg.component.expected_quantity)
    .minus(leg.holding.quantity)
    .abs()
    .lt(leg.instrument.qtyStep);
}

/** The highest attempt number of this kind for the leg so far (0 when none): the next one is one more. */
export function attemptsUsed(orders: readonly OrderRow[], componentId: number, kind: OrderKind): number {
  return orders
    .filter((o) => o.component_id === componentId && o.kind === kind)
    .reduce((max, o) => Math.max(max, o.attempt), 0);
}

/**
 * Attempts that count against the leg's budget: those that reached Bybit. An attempt whose orders were
 * proven never to have arrived (a crash between writing and sending them) does not use up a try.
 */
export function attemptsCounted(
  orders: readonly OrderRow[],
  componentId: number,
  kind: OrderKind,
  /** Only attempts numbered above this (a close round's start). */
  after = 0,
): number {
  const reached = new Set(
    orders
      .filter(
        (o) =>
          o.component_id === componentId &&
          o.kind === kind &&
          o.attempt > after &&
          o.error_code !== 'NOT_PLACED',
      )
      .map((o) => o.attempt),
  );
  return reached.size;
}

/** The last refusal of the leg's orders of this kind, in words. */
export function lastRefusal(
  orders: readonly OrderRow[],
  componentId: number,
  kind: OrderKind,
): string | null {
  const refused = orders.filter(
    (o) => o.component_id === componentId && o.kind === kind && o.error_message && o.state === 'rejected',
  );
  return refused.at(-1)?.error_message ?? null;
}

/** Per leg: how much this stage wants traded and how much of it is done. */
export type LegMeasure = (leg: Leg) => { target: Dec; done: Dec };

/** Opening: towards the expected quantity. */
export const towardsExpected: LegMeasure = (leg) => ({
  target: new Dec(leg.component.expected_quantity).abs(),
  done: leg.holding.quantity.abs(),
});

/** Closing: what is still held is what is left to do. */
export function towardsFlat(startingHeld: ReadonlyMap<number, Dec>): LegMeasure {
  return (leg) => {
    const start = startingHeld.get(leg.component.id) ?? leg.holding.quantity.abs();
    return { target: start, done: start.minus(leg.holding.quantity.abs()) };
  };
}

export function progressOf(
  row: PositionRow,
  stage: PositionProgress['stage'],
  legs: readonly Leg[],
  message: string,
  measure: LegMeasure,
  /** Legs with orders on their way ('sent') or given up on ('failed'), by component id. */
  marks: ReadonlyMap<number, 'sent' | 'failed'> = new Map(),
): PositionProgress {
  const states = legs.map((leg) => {
    const { target, done } = measure(leg);
    const complete = target.minus(done).abs().lt(leg.instrument.qtyStep);
    const mark = marks.get(leg.component.id);
    return {
      symbol: leg.component.symbol,
      target: target.toFixed(),
      filled: done.toFixed(),
      state: complete
        ? ('filled' as const)
        : (mark ?? (done.isZero() ? ('waiting' as const) : ('partial' as const))),
    };
  });
  return {
    positionId: row.id,
    stage,
    legsTotal: legs.length,
    legsDone: states.filter((leg) => leg.state === 'filled').length,
    message,
    legs: states,
  };
}
