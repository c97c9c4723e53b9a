import { D, type Dec, fixed } from './decimal';
import type { FundingClock } from './funding';
import type { Instrument } from './instruments';
import { createRng, gaussian, type Rng } from './rng';

/** Live price state of one instrument. The book is modelled as bid/ask levels of a fixed size. */
interface PriceState {
  inst: Instrument;
  last: Dec;
  prevLast: Dec;
  prev24h: Dec;
  high24h: Dec;
  low24h: Dec;
  /** Size shown at best bid/ask; deeper levels have the same size, one half-spread further each. */
  levelSize: Dec;
  volume24h: Dec;
  /** A price set by the control API is pinned: the walk leaves it alone so tests know the fill price. */
  pinned: boolean;
  /** Mark price: last × (1 + basis), tick-rounded; the basis walks on its own, mean-reverting. */
  mark: Dec;
  basis: number;
  /** setPrice and setMarkPrice pin the mark too. */
  markPinned: boolean;
  /** A thin book set by the control API: exactly `levels` levels of `levelSize` on each side. */
  depth: BookDepth | null;
  /** Applied at each settlement; seeded, or set by the control API. */
  fundingRate: Dec;
}

export interface BookDepth {
  levelSize: Dec;
  levels: number;
}

export type TickDirection = 'PlusTick' | 'ZeroPlusTick' | 'MinusTick' | 'ZeroMinusTick';

export const TAKER_FEE_RATE = new D('0.00055');
const FUNDING_CAP = new D('0.02');
export const MAKER_FEE_RATE = new D('0.0002');

export class Market {
  private readonly states = new Map<string, PriceState>();
  private readonly rng: Rng;
  /** Its own stream, so adding the mark walk left the last-price walk of every seed unchanged. */
  private readonly markRng: Rng;

  constructor(
    instruments: Instrument[],
    seed: number,
    private readonly fundingClock: FundingClock,
  ) {
    this.rng = createRng(seed);
    this.markRng = createRng(seed ^ 0x6d61726b);
    const fundingRng = createRng(seed ^ 0x66756e64);
    for (const inst of instruments) {
      const last = inst.initialPrice;
      // About 20k USD of depth per level, at least 10 minimum orders.
      const levelSize = D.max(
        new D(20_000).div(last).div(inst.qtyStep).floor().mul(inst.qtyStep),
        inst.minOrderQty.mul(10),
      );
      this.states.set(inst.symbol, {
        inst,
        last,
        prevLast: last,
        prev24h: last
          .mul(new D(1).minus(new D(this.rng() * 0.1 - 0.05).toDecimalPlaces(4)))
          .div(inst.tickSize)
          .round()
          .mul(inst.tickSize),
        high24h: last,
        low24h: last,
        levelSize,
        volume24h: levelSize.mul(Math.floor(this.rng() * 5000) + 100),
        pinned: false,
        mark: last,
        basis: 0,
        markPinned: false,
        depth: null,
        // Half at Bybit's usual 0.01 %, the rest spread over −0.03 % … +0.05 %.
        fundingRate:
          fundingRng() < 0.5 ? new D('0.0001') : new D(fundingRng() * 0.0008 - 0.0003).toDecimalPlaces(6),
      });
    }
    for (const s of this.states.values()) {
      // Start 1 to 8 bp away from the last price, either side.
      const bp = (1 + Math.floor(this.markRng() * 8)) * (this.markRng() < 0.5 ? -1 : 1);
      s.basis = bp / 10_000;
      s.mark = this.markFor(s);
    }
  }

  private markFor(s: PriceState): Dec {
    const mark = s.last.mul(new D(s.basis).toDecimalPlaces(8).plus(1));
    return D.max(s.inst.tickSize, mark.div(s.inst.tickSize).round().mul(s.inst.tickSize));
  }

  private state(symbol: string): PriceState {
    const s = this.states.get(symbol);
    if (!s) throw new Error(`unknown symbol ${symbol}`);
    return s;
  }

  has(symbol: string): boolean {
    return this.states.has(symbol);
  }

  last(symbol: string): Dec {
    return this.state(symbol).last;
  }

  /** The mark price: margin, unrealised PnL and liquidation are computed on it, as on Bybit. */
  mark(symbol: string): Dec {
    return this.state(symbol).mark;
  }

  /** Half the spread: max(one tick, 0.5 bp of the price), on the tick grid. */
  halfSpread(symbol: string): Dec {
    const s = this.state(symbol);
    return D.max(s.inst.tickSize, s.last.mul('0.00005').div(s.inst.tickSize).floor().mul(s.inst.tickSize));
  }

  bid(symbol: string): Dec {
    return this.state(symbol).last.minus(this.halfSpread(symbol));
  }

  ask(symbol: string): Dec {
    return this.state(symbol).last.plus(this.halfSpread(symbol));
  }

  levelSize(symbol: string): Dec {
    const s = this.state(symbol);
    return s.depth?.levelSize ?? s.levelSize;
  }

  fundingRate(symbol: string): Dec {
    return this.state(symbol).fundingRate;
  }

  /** Within the instrument's funding cap (±2 %, as upperFundingRate/lowerFundingRate say). */
  setFundingRate(symbol: string, rate: Dec): void {
    if (rate.abs().gt(FUNDING_CAP))
      throw new RangeError(`funding rate must be within ±${FUNDING_CAP.toFixed()}`);
    this.state(symbol).fundingRate = rate;
  }

  /** The thin book set for the symbol, or null for the default deep one. */
  depth(symbol: string): BookDepth | null {
    return this.state(symbol).depth;
  }

  /** null restores the default book. */
  setDepth(symbol: string, depth: BookDepth | null): void {
    const s = this.state(symbol);
    if (depth) {
      if (!Number.isInteger(depth.levels) || depth.levels < 1 || depth.levels > 50)
        throw new RangeError('levels must be a whole number from 1 to 50');
      if (!depth.levelSize.gt(0) || !depth.levelSize.mod(s.inst.qtyStep).isZero())
        throw new RangeError(`levelSize must be positive and on the qtyStep ${s.inst.qtyStep.toFixed()}`);
    }
    s.depth = depth;
  }

  /** Sets last and mark (and index) and pins both. */
  setPrice(symbol: string, price: Dec): void {
    const s = this.state(symbol);
    const rounded = this.onTick(s, price);
    this.move(s, rounded);
    s.pinned = true;
    s.mark = rounded;
    s.basis = 0;
    s.markPinned = true;
  }

  /** Sets the mark alone and pins it; the last price keeps walking unless it is pinned too. */
  setMarkPrice(symbol: string, price: Dec): void {
    const s = this.state(symbol);
    s.mark = this.onTick(s, price);
    s.markPinned = true;
  }

  private onTick(s: PriceState, price: Dec): Dec {
    const rounded = price.div(s.inst.tickSize).round().mul(s.inst.tickSize);
    if (rounded.lte(0)) throw new Error(`price ${price.toFixed()} rounds to zero for ${s.inst.symbol}`);
    return rounded;
  }

  private move(s: PriceState, price: Dec): void {
    s.prevLast = s.last;
    s.last = price;
    if (price.gt(s.high24h)) s.high24h = price;
    if (price.lt(s.low24h)) s.low24h = price;
  }

  /** Records traded volume so tickers reflect the simulator's own fills. */
  addVolume(symbol: string, qty: Dec): void {
    const s = this.state(symbol);
    s.volume24h = s.volume24h.plus(qty);
  }

  /**
   * One step of the seeded random walks: about a third of the symbols move their last price (2 bp standard
   * deviation, about 3.5 bp a second at the default 100 ms tick: the volatility of a liquid coin), and about
   * a third move their mark's basis (kept within ±30 bp, pulled back to zero).
   */
  walk(): void {
    for (const s of this.states.values()) {
      let moved = false;
      if (!s.pinned && this.rng() <= 0.3) {
        const change = new D(gaussian(this.rng) * 0.0002).toDecimalPlaces(6);
        const next = s.last.mul(change.plus(1)).div(s.inst.tickSize).round().mul(s.inst.tickSize);
        if (next.gt(0) && !next.eq(s.last)) {
          this.move(s, next);
          moved = true;
        }
      }
      if (s.markPinned) continue;
      if (this.markRng() <= 0.3) {
        const next = s.basis * 0.9 + gaussian(this.markRng) * 0.0003;
        s.basis = Math.max(-0.003, Math.min(0.003, next));
        moved = true;
      }
      if (moved) s.mark = this.markFor(s);
    }
  }

  tickDirection(symbol: string): TickDirection {
    const s = this.state(symbol);
    if (s.last.gt(s.prevLast)) return 'PlusTick';
    if (s.last.lt(s.prevLast)) return 'MinusTick';
    return 'ZeroPlusTick';
  }

  /** The REST ticker item (docs/bybit-v5.md §2 tickers); every value a string, prices padded to the tick. */
  ticker(symbol: string, now: number): Record<string, string> {
    const s = this.state(symbol);
    const ps = s.inst.priceScale;
    const p = (d: Dec) => fixed(d, ps);
    const qtyDecimals = Math.max(0, s.inst.qtyStep.decimalPlaces());
    const isFutures = s.inst.contractType === 'LinearFutures';
    const openInterest = s.levelSize.mul(500);
    return {
      symbol,
      lastPrice: p(s.last),
      indexPrice: p(s.last),
      markPrice: p(s.mark),
      prevPrice24h: p(s.prev24h),
      price24hPcnt: s.last.minus(s.prev24h).div(s.prev24h).toFixed(6),
      highPrice24h: p(s.high24h),
      lowPrice24h: p(s.low24h),
      prevPrice1h: p(s.prev24h),
      openInterest: fixed(openInterest, qtyDecimals),
      openInterestValue: openInterest.mul(s.last).toFixed(2),
      turnover24h: s.volume24h.mul(s.last).toFixed(4),
      volume24h: fixed(s.volume24h, qtyDecimals),
      fundingRate: isFutures ? '' : s.fundingRate.toFixed(),
      nextFundingTime: isFutures ? '' : String(this.fundingClock.nextTime(s.inst.fundingIntervalMin, now)),
      predictedDeliveryPrice: '',
      basisRate: '',
      basisRateYear: '',
      deliveryFeeRate: '',
      deliveryTime: isFutures ? s.inst.deliveryTime : '0',
      ask1Size: fixed(this.levelSize(symbol), qtyDecimals),
      bid1Price: p(this.bid(symbol)),
      ask1Price: p(this.ask(symbol)),
      bid1Size: fixed(this.levelSize(symbol), qtyDecimals),
      basis: '',
      preOpenPrice: '',
      preQty: '',
      curPreListingPhase: '',
      fundingIntervalHour: isFutures ? '' : String(s.inst.fundingIntervalMin / 60),
      fundingCap: isFutures ? '' : '0.02',
    };
  }
}
