import type { Account, PositionIdx, PositionRecord } from './accounts';
import type { Dec } from './decimal';
import type { Engine } from './engine';
import type { Instrument } from './instruments';
import { isCrossLike } from './margin';
import type { SimExecution } from './orders';
import { takeOver } from './takeover';

/** The rows of a symbol an event acts on: the one `positionIdx` names, or every open row. */
export function openRows(account: Account, inst: Instrument, positionIdx?: PositionIdx): PositionRecord[] {
  const rows = account.positionsOf(inst);
  if (positionIdx !== undefined && !rows.some((p) => p.positionIdx === positionIdx))
    throw new Error(`positionIdx ${positionIdx} does not fit ${inst.symbol}'s position mode`);
  return rows.filter((p) => p.size.gt(0) && (positionIdx === undefined || p.positionIdx === positionIdx));
}

/**
 * What Bybit cancels before a takeover: the symbol's open orders; in cross margin also every order
 * elsewhere that could add to a position ("cancel all open orders that may increase position size").
 */
function ordersBeforeLiquidation(account: Account, inst: Instrument) {
  const cross = isCrossLike(account.marginMode);
  return account.openOrders().filter((o) => o.inst === inst || (cross && !o.reduceOnly));
}

/** Takes each row over at its bankruptcy price (docs/bybit-v5.md §9): one BustTrade execution per row. */
export function liquidate(engine: Engine, account: Account, rows: PositionRecord[]): SimExecution[] {
  const execs: SimExecution[] = [];
  for (const row of rows) {
    if (row.size.isZero()) continue;
    execs.push(
      ...takeOver(engine, account, row, {
        execType: 'BustTrade',
        price: account.bankruptcyPrice(row, engine.market),
        qty: row.size,
        cancel: ordersBeforeLiquidation(account, row.inst),
      }),
    );
  }
  return execs;
}

/**
 * Auto-deleveraging of `qty` of the row. Bybit closes it at the bankruptcy price of the liquidated
 * counterparty, which the simulator does not have: it uses the row's mark price. Every open order of the
 * account is cancelled first ("have all of their active orders closed").
 */
export function deleverage(engine: Engine, account: Account, row: PositionRecord, qty: Dec): SimExecution[] {
  return takeOver(engine, account, row, {
    execType: 'AdlTrade',
    price: engine.market.mark(row.inst.symbol),
    qty,
    cancel: account.openOrders(),
  });
}

function crossed(row: PositionRecord, mark: Dec, liq: Dec): boolean {
  return row.side === 'Buy' ? mark.lte(liq) : mark.gte(liq);
}

/**
 * Liquidations the mark prices call for, run after every price move (after a move of one `symbol`, only
 * the accounts holding it: no other account's margin changed). Isolated: a row whose mark reached its
 * liqPrice is taken over. Cross: while the account's equity is at or below its maintenance margin (which
 * is exactly when a row's mark reached the liqPrice the position list shows), the row with the largest
 * maintenance margin is taken over, then the account is checked again.
 */
export function checkLiquidations(engine: Engine, symbol?: string): SimExecution[] {
  const execs: SimExecution[] = [];
  const market = engine.market;
  for (const account of engine.accounts.values()) {
    const open = [...account.positions.values()].filter((p) => p.size.gt(0));
    if (open.length === 0) continue;
    if (symbol !== undefined && !open.some((p) => p.inst.symbol === symbol)) continue;
    if (account.marginMode === 'ISOLATED_MARGIN') {
      for (const row of open) {
        const liq = account.liquidationPrice(row, market);
        if (liq && crossed(row, market.mark(row.inst.symbol), liq))
          execs.push(...liquidate(engine, account, [row]));
      }
      continue;
    }
    for (;;) {
      const health = account.crossHealth(market);
      if (health.positionMM.isZero() || health.equity.gt(health.positionMM)) break;
      const rows = [...account.positions.values()].filter((p) => p.size.gt(0));
      const largest = rows.reduce((a, b) =>
        account.positionMM(b, market).gt(account.positionMM(a, market)) ? b : a,
      );
      execs.push(...liquidate(engine, account, [largest]));
    }
  }
  return execs;
}
