import { D, type Dec, fixed, str } from './decimal';
import { type Instrument, priceLimits } from './instruments';
import { type Market, TAKER_FEE_RATE } from './market';
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
}

function zeroCoin(name: string): typeof ZERO_COIN_FIELDS & { coin: string } {
  return { coin: name, ...ZERO_COIN_FIELDS };
}

const ZERO_COIN_FIELDS = {
  equity: '0',
  usdValue: '0',
  walletBalance: '0',
  free: '',
  locked: '0',
  spotHedgingQty: '0',
  borrowAmount: '0',
  availableToWithdraw: '',
  availableToBorrow: '',
  accruedInterest: '0',
  totalOrderIM: '0',
  totalPositionIM: '0',
  totalPositionMM: '0',
  unrealisedPnl: '0',
  cumRealisedPnl: '0',
  bonus: '0',
  marginCollateral: true,
  collateralSwitch: true,
  spotBorrow: '0',
};

/** Maintenance margin rate of the first risk tier, applied to every symbol. */
const MMR = new D('0.005');
/**
 * Bybit adds the estimated fee to close to both margins ("positionIM ... the same value as
 * positionIMByMp", i.e. on mark): IM = value × (1/leverage + fee), MM = value × (MMR + fee).
 */
const CLOSE_FEE_RATE = TAKER_FEE_RATE;

/** One unified trading account (a UID): USDT wallet, positions, leverage and mode per symbol, orders and fills. */
export class Account {
  wallet: Dec;
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
    return p.size.mul(market.mark(p.inst.symbol)).mul(MMR.plus(CLOSE_FEE_RATE));
  }

  unrealised(p: PositionRecord, market: Market): Dec {
    if (p.size.isZero()) return new D(0);
    const diff = market.mark(p.inst.symbol).minus(p.avgPrice).mul(p.size);
    return p.side === 'Buy' ? diff : diff.neg();
  }

  /**
   * Cross-margin liquidation estimate: the mark price of this position at which equity falls to the
   * account's maintenance margin, every other position held at its current mark. "" outside
   * (minPrice, maxPrice), as Bybit prints it.
   */
  liquidationPrice(p: PositionRecord, market: Market): string {
    if (p.size.isZero()) return '';
    const t = this.totals(market);
    const othersEquity = t.equity.minus(this.unrealised(p, market));
    const othersMM = t.positionMM.minus(this.positionMM(p, market));
    const cushion = othersEquity.minus(othersMM);
    const k = MMR.plus(CLOSE_FEE_RATE);
    const s = p.size;
    const price =
      p.side === 'Buy'
        ? p.avgPrice
            .mul(s)
            .minus(cushion)
            .div(s.mul(new D(1).minus(k)))
        : p.avgPrice
            .mul(s)
            .plus(cushion)
            .div(s.mul(k.plus(1)));
    const { minPrice, maxPrice } = priceLimits(p.inst);
    if (price.lte(minPrice) || price.gte(maxPrice)) return '';
    return str(price.toDecimalPlaces(8));
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
    let upl = new D(0);
    let positionIM = new D(0);
    let positionMM = new D(0);
    for (const p of this.positions.values()) {
      if (p.size.isZero()) continue;
      upl = upl.plus(this.unrealised(p, market));
      positionIM = positionIM.plus(this.positionIM(p, market));
      positionMM = positionMM.plus(this.positionMM(p, market));
    }
    const orderIM = this.orderIM();
    const equity = this.wallet.plus(upl);
    const available = D.max(new D(0), equity.minus(positionIM).minus(orderIM));
    return { upl, positionIM, positionMM, orderIM, equity, available };
  }

  /** `/v5/account/wallet-balance` list item; also the `wallet` WS payload. */
  walletToWire(market: Market, coins?: string[]): Record<string, unknown> {
    const t = this.totals(market);
    const s = (d: Dec) => d.toDecimalPlaces(8).toFixed();
    // Zero-balance coins are omitted unless named in `coin`.
    const wantUsdt = coins ? coins.includes('USDT') : !this.wallet.isZero() || !t.positionIM.isZero();
    const coin: Record<string, unknown>[] = wantUsdt
      ? [
          {
            coin: 'USDT',
            equity: s(t.equity),
            usdValue: s(t.equity),
            walletBalance: s(this.wallet),
            free: '',
            locked: '0',
            spotHedgingQty: '0',
            borrowAmount: '0',
            availableToWithdraw: '',
            availableToBorrow: '',
            accruedInterest: '0',
            totalOrderIM: s(t.orderIM),
            totalPositionIM: s(t.positionIM),
            totalPositionMM: s(t.positionMM),
            unrealisedPnl: s(t.upl),
            cumRealisedPnl: s(this.cumRealisedPnl),
            bonus: '0',
            marginCollateral: true,
            collateralSwitch: true,
            spotBorrow: '0',
          },
        ]
      : [];
    // Coins other than USDT hold nothing here; Bybit lists them (all zeros) only when asked for by name.
    for (const name of coins ?? []) {
      if (name === 'USDT' || name === '') continue;
      coin.push(zeroCoin(name));
    }
    const imRate = t.equity.isZero() ? new D(0) : t.positionIM.plus(t.orderIM).div(t.equity);
    const mmRate = t.equity.isZero() ? new D(0) : t.positionMM.div(t.equity);
    return {
      accountType: 'UNIFIED',
      accountLTV: '0',
      accountIMRate: imRate.toFixed(4),
      accountIMRateByMp: imRate.toFixed(4),
      accountMMRate: mmRate.toFixed(4),
      accountMMRateByMp: mmRate.toFixed(4),
      totalEquity: s(t.equity),
      totalWalletBalance: s(this.wallet),
      totalMarginBalance: s(t.equity),
      totalAvailableBalance: s(t.available),
      totalPerpUPL: s(t.upl),
      totalInitialMargin: s(t.positionIM.plus(t.orderIM)),
      totalInitialMarginByMp: s(t.positionIM.plus(t.orderIM)),
      totalMaintenanceMargin: s(t.positionMM),
      totalMaintenanceMarginByMp: s(t.positionMM),
      coin,
    };
  }

  /** `/v5/position/list` item. The WS `position` topic renames avgPrice to entryPrice. */
  positionToWire(p: PositionRecord, market: Market): Record<string, unknown> {
    const ps = p.inst.priceScale;
    const qd = Math.max(0, p.inst.qtyStep.decimalPlaces());
    const mark = market.mark(p.inst.symbol);
    const flat = p.size.isZero();
    const lev = this.positionLeverage(p);
    const im = this.positionIM(p, market);
    const mm = this.positionMM(p, market);
    const liq = this.liquidationPrice(p, market);
    return {
      positionIdx: p.positionIdx,
      riskId: 1,
      riskLimitValue: '2000000',
      symbol: p.inst.symbol,
      side: p.side,
      size: fixed(p.size, qd),
      avgPrice: flat ? '0' : str(p.avgPrice.toDecimalPlaces(ps + 4)),
      positionValue: flat ? '' : str(p.size.mul(p.avgPrice).toDecimalPlaces(8)),
      tradeMode: 0,
      autoAddMargin: 0,
      positionStatus: 'Normal',
      leverage: str(lev),
      markPrice: fixed(mark, ps),
      liqPrice: liq,
      bustPrice: '',
      positionIM: flat ? '0' : str(im.toDecimalPlaces(8)),
      positionIMByMp: flat ? '0' : str(im.toDecimalPlaces(8)),
      positionMM: flat ? '0' : str(mm.toDecimalPlaces(8)),
      positionMMByMp: flat ? '0' : str(mm.toDecimalPlaces(8)),
      positionBalance: flat ? '0' : str(im.toDecimalPlaces(8)),
      tpslMode: 'Full',
      takeProfit: '',
      stopLoss: '',
      trailingStop: '0',
      sessionAvgPrice: '',
      delta: '',
      gamma: '',
      vega: '',
      theta: '',
      unrealisedPnl: str(this.unrealised(p, market).toDecimalPlaces(8)),
      curRealisedPnl: str(p.curRealisedPnl.toDecimalPlaces(8)),
      cumRealisedPnl: str(p.cumRealisedPnl.toDecimalPlaces(8)),
      adlRankIndicator: flat ? 0 : 2,
      createdTime: String(p.createdTime),
      updatedTime: String(p.updatedTime),
      openTime: flat ? 0 : p.createdTime,
      seq: p.seq,
      isReduceOnly: false,
      mmrSysUpdatedTime: '',
      leverageSysUpdatedTime: '',
      breakEvenPrice: flat ? '' : str(p.avgPrice.toDecimalPlaces(ps + 4)),
    };
  }
}
