import { absFixed, fixedOne, mulFixed, type Fixed } from './fixed';

/**
 * A perpetual basket's account in a backtest: signed quantities (negative = short), the price each was
 * last valued at, and the equity (margin + PnL − fees − funding), all exact decimals (`Fixed`). Trades
 * fill at the price given and pay the taker fee on their notional; funding is paid per unit held
 * (positive rate: a long pays).
 */
export class BasketBook {
  readonly holdings = new Map<string, Fixed>();
  private readonly valuedAt = new Map<string, Fixed>();
  equity: Fixed;
  feesPaid = 0n;
  fundingPaid = 0n;

  constructor(margin: Fixed) {
    this.equity = margin;
  }

  /** Takes each holding's PnL up to its new price; a holding without one is left as it was. */
  markTo(price: (symbol: string) => Fixed | null): void {
    for (const [symbol, quantity] of this.holdings) {
      const now = price(symbol);
      if (now === null) continue;
      this.equity += mulFixed(quantity, now - this.valuedAt.get(symbol)!);
      this.valuedAt.set(symbol, now);
    }
  }

  /** Pays (or receives) each holding's funding; `perUnit` null means unknown, and nothing is charged. */
  payFunding(perUnit: (symbol: string) => Fixed | null): void {
    for (const [symbol, quantity] of this.holdings) {
      const rate = perUnit(symbol);
      if (rate === null || rate === 0n) continue;
      const paid = mulFixed(quantity, rate);
      this.fundingPaid += paid;
      this.equity -= paid;
    }
  }

  /**
   * Trades every holding to its target (symbols not in `targets` go to zero) at `price`, paying `feeRate`
   * on each traded notional. Returns the fees and the notional traded.
   */
  tradeTo(
    targets: ReadonlyMap<string, Fixed>,
    price: (symbol: string) => Fixed,
    feeRate: Fixed,
  ): { fees: Fixed; traded: Fixed } {
    let fees = 0n;
    let traded = 0n;
    for (const symbol of new Set([...this.holdings.keys(), ...targets.keys()])) {
      const held = this.holdings.get(symbol) ?? 0n;
      const target = targets.get(symbol) ?? 0n;
      if (target === held) continue;
      const at = price(symbol);
      // The part held is valued at this price first, so the trade itself moves no PnL.
      const valued = this.valuedAt.get(symbol);
      if (valued !== undefined) this.equity += mulFixed(held, at - valued);
      const notional = mulFixed(absFixed(target - held), at);
      traded += notional;
      fees += mulFixed(notional, feeRate);
      if (target === 0n) {
        this.holdings.delete(symbol);
        this.valuedAt.delete(symbol);
      } else {
        this.holdings.set(symbol, target);
        this.valuedAt.set(symbol, at);
      }
    }
    this.feesPaid += fees;
    this.equity -= fees;
    return { fees, traded };
  }

  /** Each holding's share of the basket's gross notional at `price` (its last valuation without one). */
  weights(price: (symbol: string) => Fixed | null): Map<string, Fixed> {
    const values = new Map<string, Fixed>();
    let total = 0n;
    for (const [symbol, quantity] of this.holdings) {
      const value = mulFixed(absFixed(quantity), price(symbol) ?? this.valuedAt.get(symbol)!);
      values.set(symbol, value);
      total += value;
    }
    if (total === 0n) return new Map();
    return new Map([...values].map(([symbol, value]) => [symbol, (value * fixedOne) / total]));
  }

  /** The price a holding was last valued at. */
  lastPrice(symbol: string): Fixed | undefined {
    return this.valuedAt.get(symbol);
  }
}
