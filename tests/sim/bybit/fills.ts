import type { Account, PositionRecord } from './accounts';
import { D, type Dec, str } from './decimal';
import type { Engine } from './engine';
import { linearExecution } from './executions';
import { MAKER_FEE_RATE, TAKER_FEE_RATE } from './market';
import type { OrderRecord, SimExecution, Side } from './orders';

/** Fills of one market order walk at most this many book levels; the last one takes the rest. */
const MAX_LEVELS = 5;

export interface Fill {
  price: Dec;
  qty: Dec;
  isMaker: boolean;
}

/** Book levels on the taker side: best price, then one gap further per level. */
export function bookLevel(engine: Engine, symbol: string, side: Side, level: number): Dec {
  const m = engine.market;
  const inst = engine.instrument(symbol);
  const tick = inst ? inst.tickSize : new D(0);
  const gap = D.max(tick, m.halfSpread(symbol));
  if (side === 'Buy') return m.ask(symbol).plus(gap.mul(level));
  return D.max(tick, m.bid(symbol).minus(gap.mul(level)));
}

/**
 * Taker fills for `qty`; a limit price stops the walk. On the default book a market order always
 * completes; on a thin book (setBookDepth) the walk ends with the book and the rest is not filled.
 */
export function takerFills(engine: Engine, symbol: string, side: Side, qty: Dec, limit: Dec | null): Fill[] {
  const size = engine.market.levelSize(symbol);
  const thin = engine.market.depth(symbol);
  const levels = thin ? thin.levels : MAX_LEVELS;
  const fills: Fill[] = [];
  let remaining = qty;
  for (let level = 0; level < levels && remaining.gt(0); level++) {
    let price = bookLevel(engine, symbol, side, level);
    if (limit && (side === 'Buy' ? price.gt(limit) : price.lt(limit))) break;
    let take = D.min(remaining, size);
    if (!limit && !thin && level === MAX_LEVELS - 1) {
      // The tail of a large market order: one more fill, slipped by the levels it would have eaten.
      take = remaining;
      price = bookLevel(engine, symbol, side, level + remaining.div(size).floor().toNumber());
    }
    fills.push({ price, qty: take, isMaker: false });
    remaining = remaining.minus(take);
  }
  return fills;
}

export function orderedQty(fills: Fill[]): Dec {
  return fills.reduce((a, f) => a.plus(f.qty), new D(0));
}

/** Applies one fill to the position row; returns the realised PnL (before fee) and the closed size. */
function applyToPosition(
  pos: PositionRecord,
  side: Side,
  qty: Dec,
  price: Dec,
  now: number,
): { pnl: Dec; closed: Dec } {
  let pnl = new D(0);
  let closed = new D(0);
  let remaining = qty;
  if (pos.side !== '' && pos.side !== side) {
    closed = D.min(pos.size, qty);
    const diff = price.minus(pos.avgPrice).mul(closed);
    pnl = pos.side === 'Buy' ? diff : diff.neg();
    pos.size = pos.size.minus(closed);
    remaining = qty.minus(closed);
    if (pos.size.isZero()) {
      pos.side = '';
      pos.avgPrice = new D(0);
    }
  }
  if (remaining.gt(0)) {
    if (pos.size.isZero()) {
      pos.side = side;
      pos.avgPrice = price;
      pos.size = remaining;
      pos.createdTime = now;
      pos.curRealisedPnl = new D(0);
    } else {
      pos.avgPrice = pos.avgPrice.mul(pos.size).plus(price.mul(remaining)).div(pos.size.plus(remaining));
      pos.size = pos.size.plus(remaining);
    }
  }
  pos.updatedTime = now;
  return { pnl, closed };
}

/**
 * Books one fill on a position row: size and entry, realised PnL net of `fee` on the row, the account and
 * the wallet, and a new cross sequence number for the row (the execution carries the same `seq`).
 */
export function bookFill(
  engine: Engine,
  account: Account,
  pos: PositionRecord,
  fill: { side: Side; qty: Dec; price: Dec; fee: Dec },
): { pnl: Dec; closed: Dec } {
  const { pnl, closed } = applyToPosition(pos, fill.side, fill.qty, fill.price, engine.now());
  pos.curRealisedPnl = pos.curRealisedPnl.plus(pnl).minus(fill.fee);
  pos.cumRealisedPnl = pos.cumRealisedPnl.plus(pnl).minus(fill.fee);
  pos.seq = engine.nextExecSeq();
  account.wallet = account.wallet.plus(pnl).minus(fill.fee);
  account.cumRealisedPnl = account.cumRealisedPnl.plus(pnl).minus(fill.fee);
  return { pnl, closed };
}

/** Books fills on the order, the position and the wallet, and records the executions. */
export function execute(
  engine: Engine,
  account: Account,
  order: OrderRecord,
  fills: Fill[],
  execType = 'Trade',
): SimExecution[] {
  const execs: SimExecution[] = [];
  const inst = order.inst;
  for (const f of fills) {
    const now = engine.now();
    const pos = account.position(inst, order.positionIdx);
    const feeRate = f.isMaker ? MAKER_FEE_RATE : TAKER_FEE_RATE;
    const value = f.price.mul(f.qty);
    const fee = value.mul(feeRate).toDecimalPlaces(8, D.ROUND_UP);
    const { pnl, closed } = bookFill(engine, account, pos, {
      side: order.side,
      qty: f.qty,
      price: f.price,
      fee,
    });
    order.cumExecQty = order.cumExecQty.plus(f.qty);
    order.cumExecValue = order.cumExecValue.plus(value);
    order.cumExecFee = order.cumExecFee.plus(fee);
    order.closedPnl = order.closedPnl.plus(pnl).minus(fee);
    order.updatedTime = now;
    engine.market.addVolume(inst.symbol, f.qty);
    const exec = linearExecution({
      uid: account.uid,
      symbol: inst.symbol,
      orderId: order.orderId,
      orderLinkId: order.orderLinkId,
      side: order.side,
      orderPrice: order.price ? str(order.price) : str(bookLevel(engine, inst.symbol, order.side, 0)),
      orderQty: str(order.qty),
      leavesQty: str(order.qty.minus(order.cumExecQty)),
      createType: order.createType ?? 'CreateByUser',
      stopOrderType: order.stopOrderType,
      orderType: order.orderType,
      execFee: str(fee),
      execPrice: str(f.price),
      execQty: str(f.qty),
      execType,
      execValue: str(value),
      execTime: String(now),
      isMaker: f.isMaker,
      feeRate: str(feeRate),
      markPrice: str(engine.market.mark(inst.symbol)),
      closedSize: str(closed),
      seq: pos.seq,
      execPnl: str(pnl.toDecimalPlaces(8)),
    });
    account.executions.push(exec);
    engine.ledgerExecutions.push(exec);
    execs.push(exec);
  }
  if (order.cumExecQty.eq(order.qty)) order.status = 'Filled';
  else if (order.cumExecQty.gt(0)) order.status = 'PartiallyFilled';
  return execs;
}
