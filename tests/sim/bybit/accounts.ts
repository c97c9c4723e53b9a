import { positionToWire, walletToWire } from './account-wire';
import { D, type Dec } from './decimal';
import type { Instrument } from './instruments';
import {
  CLOSE_FEE_RATE,
  MMR,
  type AccountKind,
  type MarginMode,
  bankruptcyOnTick,
  isCrossLike,
  crossPrice,
  isolatedBankruptcyPrice,
  isolatedLiquidationPrice,
  liquidationOnTick,
} from './margin';
import type { Market } from './market';
import { type OrderRecord, type SimExecution, type Side, isOpen } from './orders';

export type PositionMode = 0 | 3;
export type PositionIdx = 0 | 1 | 2;

export interface PositionRecord {
  inst: Instrument;
  positionIdx: PositionIdx;
  side: Side | '';
  size: Dec;
  avgPrice: Dec;
  curRealisedPnl: Dec;
  cumRealisedPnl: Dec;
  createdTime: number;
  updatedTime: number;
  seq: number;
  /** Normal, or Liq / Adl while Bybit's engine takes the row over (docs/bybit-v5.md enum positionStatus). */
  positionStatus: 'Normal' | 'Liq' | 'Adl';
}

/** Maintenance margin per unit of value, with the fee to close. */
const MM_RATE = MMR.plus(CLOSE_FEE_RATE);

/** One unified trading account (a UID): USDT wallet, positions, leverage and mode per symbol, orders and fills. */
export class Account {
  wallet: Dec;
  /** Account-level on a unified account (`/v5/account/set-margin-mode`); cross (REGULAR_MARGIN) by default. */
  marginMode: MarginMode = 'REGULAR_MARGIN';
  marginModeUpdatedTime = Date.now();
  cumRealisedPnl = new D(0);
  readonly positions = new Map<string, PositionRecord>();
  readonly leverage = new Map<string, { buy: Dec; sell: Dec }>();
  readonly modeBySymbol = new Map<string, PositionMode>();
  readonly orders: OrderRecord[] = [];
  readonly ordersById = new Map<string, OrderRecord>();
  /** Every orderLinkId ever accepted: Bybit keeps them unique per account. */
  readonly ordersByLinkId = new Map<string, OrderRecord>();
  readonly executions: SimExecution[] = [];
  seq = 1;

  constructor(
    readonly uid: string,
    balanceUsdt: Dec,
    /** Classic or unified (1.0 / 2.0); fixed for the account's life here (Bybit's upgrade is one way). */
    readonly kind: AccountKind = 'uta2',
  ) {
    this.wallet = balanceUsdt;
  }

  mode(symbol: string): PositionMode {
    return this.modeBySymbol.get(symbol) ?? 0;
  }

  leverageOf(inst: Instrument): { buy: Dec; sell: Dec } {
    let lev = this.leverage.get(inst.symbol);
    if (!lev) {
      const def = D.min(new D(10), inst.maxLeverage);
      lev = { buy: def, sell: def };
      this.leverage.set(inst.symbol, lev);
    }
    return lev;
  }

  position(inst: Instrument, idx: PositionIdx): PositionRecord {
    const key = `${inst.symbol}:${idx}`;
    let p = this.positions.get(key);
    if (!p) {
      const now = Date.now();
      p = {
        inst,
        positionIdx: idx,
        side: '',
        size: new D(0),
        avgPrice: new D(0),
        curRealisedPnl: new D(0),
        cumRealisedPnl: new D(0),
        createdTime: now,
        updatedTime: now,
        // Bybit: -1 for a symbol that was never traded.
        seq: -1,
        positionStatus: 'Normal',
      };
      this.positions.set(key, p);
    }
    return p;
  }

  /** Rows Bybit would show for a symbol: one in one-way mode, two (idx 1 and 2) in hedge mode. */
  positionsOf(inst: Instrument): PositionRecord[] {
    return this.mode(inst.symbol) === 0
      ? [this.position(inst, 0)]
      : [this.position(inst, 1), this.position(inst, 2)];
  }

  openOrders(symbol?: string): OrderRecord[] {
    return this.orders.filter((o) => isOpen(o) && (!symbol || o.inst.symbol === symbol));
  }

  positionLeverage(p: PositionRecord): Dec {
    const lev = this.leverageOf(p.inst);
    const side = p.side === '' ? (p.positionIdx === 2 ? 'Sell' : 'Buy') : p.side;
    return side === 'Buy' ? lev.buy : lev.sell;
  }

  /** Initial margin on mark, with the fee to close. */
  positionIM(p: PositionRecord, market: Market): Dec {
    const value = p.size.mul(market.mark(p.inst.symbol));
    return value.div(this.positionLeverage(p)).plus(value.mul(CLOSE_FEE_RATE));
  }

  /** Maintenance margin on mark, with the fee to close. */
  positionMM(p: PositionRecord, market: Market): Dec {
    return p.size.mul(market.mark(p.inst.symbol)).mul(MM_RATE);
  }

  unrealised(p: PositionRecord, market: Market): Dec {
    if (p.size.isZero()) return new D(0);
    const diff = market.mark(p.inst.symbol).minus(p.avgPrice).mul(p.size);
    return p.side === 'Buy' ? diff : diff.neg();
  }

  /**
   * The mark at which this row is liquidated, null when flat. Isolated: Bybit's formula on the entry price,
   * on the tick. Cross: the estimate, the mark of this position at which equity falls to the account's
   * maintenance margin with every other position at its mark (exact; the wire prints 8 decimals).
   */
  liquidationPrice(p: PositionRecord, market: Market): Dec | null {
    if (p.size.isZero() || p.side === '') return null;
    if (this.marginMode === 'ISOLATED_MARGIN') {
      const exact = isolatedLiquidationPrice(p.side, p.avgPrice, this.positionLeverage(p));
      return liquidationOnTick(p.side, exact, p.inst.tickSize);
    }
    const health = this.crossHealth(market);
    const cushion = health.equity
      .minus(this.unrealised(p, market))
      .minus(health.positionMM.minus(this.positionMM(p, market)));
    return crossPrice(p.side, p.avgPrice, p.size, cushion, MM_RATE);
  }

  /**
   * The price a takeover closes this row at, on the tick. Isolated: the 0 % margin level of the position.
   * Cross: the mark at which the account's equity (others at their marks) is 0 after the closing fee; when
   * no such price lies inside (minPrice, maxPrice) the account could carry the whole move, and a forced
   * takeover (`/__sim/liquidate`) uses the row's own 0 % margin level as for isolated, or the mark when
   * that is already worse for the holder (a forced takeover never closes better than the market).
   */
  bankruptcyPrice(p: PositionRecord, market: Market): Dec {
    if (p.side === '') throw new Error('a flat position has no bankruptcy price');
    let price = isolatedBankruptcyPrice(p.side, p.avgPrice, this.positionLeverage(p));
    if (isCrossLike(this.marginMode)) {
      const cushion = this.crossHealth(market).equity.minus(this.unrealised(p, market));
      const cross = crossPrice(p.side, p.avgPrice, p.size, cushion, CLOSE_FEE_RATE);
      const mark = market.mark(p.inst.symbol);
      if (cross.gt(p.inst.tickSize) && cross.lt(p.inst.initialPrice.mul(100))) price = cross;
      else price = p.side === 'Buy' ? D.min(price, mark) : D.max(price, mark);
    }
    return bankruptcyOnTick(p.side, price, p.inst.tickSize);
  }

  /** Unrealised PnL and the initial and maintenance margins, summed over the open positions. */
  private positionSums(market: Market): { upl: Dec; positionIM: Dec; positionMM: Dec } {
    let upl = new D(0);
    let positionIM = new D(0);
    let positionMM = new D(0);
    for (const p of this.positions.values()) {
      if (p.size.isZero()) continue;
      upl = upl.plus(this.unrealised(p, market));
      positionIM = positionIM.plus(this.positionIM(p, market));
      positionMM = positionMM.plus(this.positionMM(p, market));
    }
    return { upl, positionIM, positionMM };
  }

  /** Equity and maintenance margin over the positions only (cheap enough to check on every price tick). */
  crossHealth(market: Market): { equity: Dec; positionMM: Dec } {
    const { upl, positionMM } = this.positionSums(market);
    return { equity: this.wallet.plus(upl), positionMM };
  }

  /** Margin reserved by resting orders (leaves value / leverage). */
  orderIM(): Dec {
    let total = new D(0);
    for (const o of this.openOrders()) {
      if (!o.price || o.reduceOnly) continue;
      const lev = this.leverageOf(o.inst);
      total = total.plus(
        o.qty
          .minus(o.cumExecQty)
          .mul(o.price)
          .div(o.side === 'Buy' ? lev.buy : lev.sell),
      );
    }
    return total;
  }

  totals(market: Market): {
    upl: Dec;
    positionIM: Dec;
    positionMM: Dec;
    orderIM: Dec;
    equity: Dec;
    available: Dec;
  } {
    const { upl, positionIM, positionMM } = this.positionSums(market);
    const orderIM = this.orderIM();
    const equity = this.wallet.plus(upl);
    const available = D.max(new D(0), equity.minus(positionIM).minus(orderIM));
    return { upl, positionIM, positionMM, orderIM, equity, available };
  }

  /** `/v5/account/wallet-balance` list item; also the `wallet` WS payload. */
  walletToWire(market: Market, coins?: string[]): Record<string, unknown> {
    return walletToWire(this, market, coins);
  }

  /** `/v5/position/list` item. The WS `position` topic renames avgPrice to entryPrice. */
  positionToWire(p: PositionRecord, market: Market): Record<string, unknown> {
    return positionToWire(this, p, market);
  }
}
