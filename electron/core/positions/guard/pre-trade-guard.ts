import { Dec, floorToStep, sum } from '../../../../shared/decimal';

/**
 * The pre-trade guard (docs/architecture.md §7b): the one rule every order Synthex sends obeys.
 *
 *   An order moves the account toward what Synthex's positions expect on that coin, never past it and never
 *   across zero; an order that adds to its own position's exposure may add what that position still lacks,
 *   on top of whatever else the account holds.
 *
 * Per account, symbol and row (the one-way net, or a hedge mode's long or short row), with A what Bybit holds
 * on the row and the order's position P working towards `goal`:
 *   - P adds (its goal is further from zero than what it holds, on the same side):
 *       the target is A + (goal − held): what P still lacks, whatever else the account holds;
 *   - otherwise (a close, a rollback, a reduction, a repair):
 *       the target is Σ held by the account's other live positions + goal: Synthex's own expectation, in
 *       which holdings made outside Synthex have no part, so a close never eats into them beyond what is
 *       Synthex's, never deepens an opposite holding, and sends nothing for a leg that is already gone.
 * The order may move A from where it is toward the target and stop there; a part that would go past it is
 * cut off (what the account no longer holds), and an order pointing away from the target is not sent.
 */

/** Position index: 0 the one-way net; 1 the hedge long row, 2 the hedge short row. */
export type Row = 0 | 1 | 2;
export type PositionMode = 'one-way' | 'hedge';

/** What the guard knows of one symbol on one account when an order is checked. */
export interface SymbolLedger {
  mode: PositionMode;
  /** Bybit's quantity per row, signed (hedge: long row ≥ 0, short row ≤ 0); a row not listed is flat. */
  actual: ReadonlyMap<Row, Dec>;
  /** Every live Synthex position of the account holding or trading the symbol: its held quantity (signed). */
  held: ReadonlyMap<number, Dec>;
  qtyStep: Dec;
  /** Some Synthex order on the symbol has no settled outcome yet: what the account holds is in motion. */
  unsettled?: boolean;
}

export interface GuardedOrderRequest {
  positionId: number;
  symbol: string;
  side: 'Buy' | 'Sell';
  quantity: Dec;
  positionIdx: Row;
  /** What the position works toward on the symbol with this order (signed): 0 to close, its target to open. */
  goal: Dec;
}

export type GuardVerdict =
  | {
      send: true;
      /** What may be sent: the order's quantity, or less where the rest would go past the target. */
      quantity: Dec;
      /** The part cut off (zero when the whole order passes). */
      cut: Dec;
      reason: string | null;
    }
  | {
      send: false;
      /**
       * Nothing of it may be sent. `gone`: a reduction whose holding is no longer on the account (it sits at
       * or beyond the target already); `away`: an addition the account contradicts; `row`: the wrong row;
       * `busy`: another Synthex order on the symbol has not settled, so nothing can be judged yet.
       */
      why: 'gone' | 'away' | 'row' | 'busy';
      reason: string;
    };

/** The part of a signed position quantity that sits on `row` (the whole of it in one-way mode). */
export function onRow(quantity: Dec, row: Row): Dec {
  if (row === 0) return quantity;
  return row === 1 ? Dec.max(quantity, 0) : Dec.min(quantity, 0);
}

const sameSign = (a: Dec, b: Dec) => !a.isZero() && !b.isZero() && a.isNegative() === b.isNegative();

/** True when a move from `held` to `goal` makes the holding larger without changing its side. */
export function adds(held: Dec, goal: Dec): boolean {
  return goal.abs().gt(held.abs()) && (held.isZero() || sameSign(held, goal));
}

/** The target the account's row may be moved to by this order (see the file comment). */
export function targetOf(order: GuardedOrderRequest, ledger: SymbolLedger): { target: Dec; adding: boolean } {
  const row = order.positionIdx;
  const actual = ledger.actual.get(row) ?? new Dec(0);
  const held = onRow(ledger.held.get(order.positionId) ?? new Dec(0), row);
  const goal = onRow(order.goal, row);
  const change = order.side === 'Buy' ? order.quantity : order.quantity.neg();
  const adding = adds(held, goal) && sameSign(change, goal.minus(held));
  if (adding) return { target: actual.plus(goal.minus(held)), adding };
  const others = sum(
    [...ledger.held].filter(([id]) => id !== order.positionId).map(([, quantity]) => onRow(quantity, row)),
  );
  return { target: others.plus(goal), adding };
}

const text = (value: Dec) => value.toFixed();

/** The verdict on one order, given the account's rows as they are just before it is sent. */
export function checkOrder(order: GuardedOrderRequest, ledger: SymbolLedger): GuardVerdict {
  const row = order.positionIdx;
  const { symbol } = order;
  if (ledger.unsettled)
    return {
      send: false,
      why: 'busy',
      reason: `${symbol}: a Synthex order on it has not settled yet; nothing is sent until it has.`,
    };
  if ((ledger.mode === 'hedge') !== (row !== 0))
    return {
      send: false,
      why: 'row',
      reason: `${symbol}: the order is for position index ${row}, but the account is in ${ledger.mode} mode on it.`,
    };
  const actual = ledger.actual.get(row) ?? new Dec(0);
  const change = order.side === 'Buy' ? order.quantity : order.quantity.neg();
  const { target, adding } = targetOf(order, ledger);
  const room = target.minus(actual);
  const rowName = row === 0 ? '' : row === 1 ? ' long row' : ' short row';
  const verb = order.side === 'Buy' ? 'buying' : 'selling';
  const holds = `the account holds ${text(actual)} on its${rowName}`;
  const expects = adding
    ? `this position still lacks ${text(room)}`
    : `Synthex's positions expect ${text(target)} there after this order`;
  if (room.isZero() || !sameSign(room, change)) {
    // A reduction with nothing left to take (or the account already beyond where it would take it) is a leg
    // whose holding left the account; an addition pointing the wrong way is a plan the account contradicts.
    const held = onRow(ledger.held.get(order.positionId) ?? new Dec(0), row);
    const goal = onRow(order.goal, row);
    const reducing = goal.abs().lt(held.abs()) || (!goal.isZero() && !sameSign(goal, held) && !held.isZero());
    return {
      send: false,
      why: reducing ? 'gone' : 'away',
      reason: `${symbol}: ${holds} and ${expects}; ${verb} ${text(order.quantity)} would move it away from that. Nothing was sent.`,
    };
  }
  const allowed = floorToStep(Dec.min(change.abs(), room.abs()), ledger.qtyStep);
  if (allowed.isZero())
    return {
      send: false,
      why: 'gone',
      reason: `${symbol}: ${holds} and ${expects}; less than one quantity step is left to trade. Nothing was sent.`,
    };
  const cut = order.quantity.minus(allowed);
  return {
    send: true,
    quantity: allowed,
    cut,
    reason: cut.isZero()
      ? null
      : `${symbol}: ${holds} and ${expects}; ${verb} ${text(allowed)} of ${text(order.quantity)} (the rest would go past it).`,
  };
}

/**
 * Checks orders in sequence against one ledger, as if each one sent before the next had filled in full: a
 * leg split into chunks, or two legs of one symbol, cannot add up past the target either.
 */
export function checkOrders(
  orders: readonly GuardedOrderRequest[],
  ledgers: ReadonlyMap<string, SymbolLedger>,
): GuardVerdict[] {
  const actual = new Map<string, Map<Row, Dec>>();
  const held = new Map<string, Map<number, Dec>>();
  return orders.map((order) => {
    const base = ledgers.get(order.symbol);
    if (!base)
      return {
        send: false,
        why: 'gone',
        reason: `${order.symbol}: Synthex does not know what the account holds on it. Nothing was sent.`,
      };
    const rows = actual.get(order.symbol) ?? new Map(base.actual);
    const holdings = held.get(order.symbol) ?? new Map(base.held);
    actual.set(order.symbol, rows);
    held.set(order.symbol, holdings);
    const verdict = checkOrder(order, { ...base, actual: rows, held: holdings });
    if (verdict.send) {
      const change = order.side === 'Buy' ? verdict.quantity : verdict.quantity.neg();
      rows.set(order.positionIdx, (rows.get(order.positionIdx) ?? new Dec(0)).plus(change));
      holdings.set(order.positionId, (holdings.get(order.positionId) ?? new Dec(0)).plus(change));
    }
    return verdict;
  });
}
