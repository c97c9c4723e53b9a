import { ceilToStep, Dec, floorToStep } from '../../../shared/decimal';
import type { LegProtection } from '../../../shared/domain/risk';
import type { AccountSession } from '../bybit-account/exchange-sessions';
import { ExchangeError } from '../exchange';
import type { PnlPositionInput } from '../pnl/pnl-book';
import type { Row, SymbolLedger } from '../positions/guard/pre-trade-guard';
import type { NewPositionEvent } from '../positions/position-events';
import type { ProtectionState } from './risk-repository';

/**
 * Exchange-side protection (docs/risk.md "While the app is not running"): Bybit's own stop-loss on each leg,
 * so the basket is still guarded when nothing watches it. Bybit keeps one position per coin and row and a
 * stop closes all of it, so a stop goes only where the row holds exactly this position's leg: no other
 * Synthex position on the coin (netting would close their part too), nothing held outside Synthex, no order
 * of Synthex's still settling. That is the pre-trade guard's rule applied to what Bybit may do on its own:
 * the stop can only take the account toward what the other positions expect, never past it. Every call is
 * made in the account's queue, so no round plans against an account a stop is being moved on.
 */

/** Where one leg's stop goes, or why none goes there. */
export type LegPlan =
  | { symbol: string; kind: 'place'; price: Dec; positionIdx: Row }
  | { symbol: string; kind: 'refuse'; reason: string }
  /** Something of Synthex's is in motion on the coin: decided at the next sync. */
  | { symbol: string; kind: 'wait' };

/**
 * The price of each leg at which the basket would reach its stop-loss if only that leg moved and the others
 * stayed at their entries: entry + (stop − (realised − fees − funding)) ÷ quantity, rounded away from the
 * market to the tick (wider, never tighter, than the basket rule).
 */
export function planProtection(
  positionId: number,
  input: PnlPositionInput,
  stopLevel: Dec,
  ledgers: ReadonlyMap<string, SymbolLedger>,
  tickSizes: ReadonlyMap<string, Dec>,
): LegPlan[] {
  const carried = input.realized.minus(input.fees).minus(input.funding);
  return input.legs
    .filter((leg) => !leg.quantity.isZero())
    .map((leg): LegPlan => {
      const { symbol, quantity } = leg;
      const ledger = ledgers.get(symbol);
      if (!ledger) return { symbol, kind: 'wait' };
      const others = [...ledger.held.keys()].filter((id) => id !== positionId);
      if (others.length > 0)
        return {
          symbol,
          kind: 'refuse',
          reason: `${symbol} is also held by position${others.length > 1 ? 's' : ''} ${others.map((id) => `#${id}`).join(', ')}: Bybit keeps one position per coin, so a stop there would close their part too.`,
        };
      if (ledger.unsettled) return { symbol, kind: 'wait' };
      const row: Row = ledger.mode === 'hedge' ? (quantity.isPositive() ? 1 : 2) : 0;
      const actual = ledger.actual.get(row) ?? new Dec(0);
      if (!actual.eq(quantity))
        return {
          symbol,
          kind: 'refuse',
          reason: actual.abs().gt(quantity.abs())
            ? `Bybit holds ${actual.toFixed()} ${symbol} and this position ${quantity.toFixed()}: a stop would also close the ${actual.minus(quantity).abs().toFixed()} held outside Synthex.`
            : `Bybit holds ${actual.toFixed()} ${symbol}, not this position's ${quantity.toFixed()}: repair or adopt the difference first.`,
        };
      const tick = tickSizes.get(symbol) ?? new Dec('0.00000001');
      const exact = leg.averageEntry.plus(stopLevel.minus(carried).div(quantity));
      const price = quantity.isPositive() ? floorToStep(exact, tick) : ceilToStep(exact, tick);
      if (price.lte(0))
        return {
          symbol,
          kind: 'refuse',
          reason: `${symbol} alone cannot lose the stop-loss amount (it would take a price at or below zero): no stop is needed.`,
        };
      return { symbol, kind: 'place', price, positionIdx: row };
    });
}

const nowText = () => new Date().toISOString();

/** "Bybit refused the stop: …" in words, from what the gateway threw. */
function refusal(error: unknown): string {
  const detail = error instanceof ExchangeError && error.detail ? error.detail : (error as Error).message;
  return `Bybit refused the stop: ${detail}`;
}

/** A "can not set tp/sl for zero position" answer: the row is flat, so Bybit dropped its stop already. */
export function flatRow(error: unknown): boolean {
  return error instanceof ExchangeError && error.retCode === 10001 && /zero position/i.test(error.detail);
}

/** Removes one placed stop; a row that is flat already lost it with its position. */
export async function removeStop(session: AccountSession, symbol: string, positionIdx: Row): Promise<void> {
  try {
    await session.gateway.setTradingStop({ symbol, positionIdx, stopLoss: '0' });
  } catch (error) {
    if (!flatRow(error)) throw error;
  }
}

export interface ApplyResult {
  state: ProtectionState;
  events: NewPositionEvent[];
}

/**
 * Makes Bybit's stops match the plan: places or moves the wanted ones, removes those no longer wanted (a leg
 * gone, the coin now shared), records refusals. Each change is a line of the position's history.
 */
export async function applyProtection(
  session: AccountSession,
  positionId: number,
  plan: readonly LegPlan[],
  previous: ProtectionState,
): Promise<ApplyResult> {
  const state: ProtectionState = {};
  const events: NewPositionEvent[] = [];
  const note = (symbol: string, message: string) =>
    events.push({ positionId, kind: 'risk_protection', symbol, message });
  const set = (symbol: string, leg: Omit<LegProtection, 'symbol' | 'at'>, positionIdx: Row | null) =>
    (state[symbol] = { symbol, ...leg, at: nowText(), positionIdx });
  for (const leg of plan) {
    const before = previous[leg.symbol];
    if (leg.kind === 'wait') {
      if (before) state[leg.symbol] = before;
      continue;
    }
    if (leg.kind === 'refuse') {
      if (before?.state === 'placed' && before.positionIdx !== null) {
        await removeStop(session, leg.symbol, before.positionIdx);
        note(leg.symbol, `Bybit's stop on ${leg.symbol} at ${before.stopLoss} removed: ${leg.reason}`);
        set(leg.symbol, { state: 'removed', stopLoss: null, reason: leg.reason }, null);
      } else {
        if (before?.state !== 'refused' || before.reason !== leg.reason)
          note(leg.symbol, `No Bybit stop on ${leg.symbol}: ${leg.reason}`);
        set(leg.symbol, { state: 'refused', stopLoss: null, reason: leg.reason }, null);
      }
      continue;
    }
    const price = leg.price.toFixed();
    if (before?.state === 'placed' && before.stopLoss === price && before.positionIdx === leg.positionIdx) {
      state[leg.symbol] = before;
      continue;
    }
    try {
      await session.gateway.setTradingStop({
        symbol: leg.symbol,
        positionIdx: leg.positionIdx,
        stopLoss: price,
      });
      note(
        leg.symbol,
        before?.state === 'placed'
          ? `Bybit's stop on ${leg.symbol} moved from ${before.stopLoss} to ${price} (mark price).`
          : `Bybit's stop placed on ${leg.symbol} at ${price} (mark price): it closes this leg if the app is not running when the price gets there.`,
      );
      set(leg.symbol, { state: 'placed', stopLoss: price, reason: null }, leg.positionIdx);
    } catch (error) {
      if (!(error instanceof ExchangeError) || error.retryable) throw error;
      const reason = refusal(error);
      if (before?.reason !== reason) note(leg.symbol, `No Bybit stop on ${leg.symbol}: ${reason}`);
      set(leg.symbol, { state: 'refused', stopLoss: null, reason }, null);
    }
  }
  const planned = new Set(plan.map((leg) => leg.symbol));
  for (const [symbol, before] of Object.entries(previous)) {
    if (planned.has(symbol)) continue;
    if (before.state === 'placed') {
      // The leg is closed: Bybit dropped the stop with the row (nothing left to stop).
      note(symbol, `Bybit's stop on ${symbol} is gone with the leg.`);
      set(symbol, { state: 'removed', stopLoss: null, reason: 'the leg is closed' }, null);
    }
  }
  return { state, events };
}

/** Removes every placed stop of the position (rules cleared, protection off, the position closing). */
export async function removeAll(
  session: AccountSession,
  positionId: number,
  previous: ProtectionState,
  reason: string,
): Promise<ApplyResult> {
  const state: ProtectionState = { ...previous };
  const events: NewPositionEvent[] = [];
  for (const [symbol, before] of Object.entries(previous)) {
    if (before.state !== 'placed' || before.positionIdx === null) continue;
    await removeStop(session, symbol, before.positionIdx);
    events.push({
      positionId,
      kind: 'risk_protection',
      symbol,
      message: `Bybit's stop on ${symbol} at ${before.stopLoss} removed: ${reason}`,
    });
    state[symbol] = { symbol, state: 'removed', stopLoss: null, reason, at: nowText(), positionIdx: null };
  }
  return { state, events };
}
