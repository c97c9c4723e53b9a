import { Dec } from '../decimal';

/** One fill as the holdings fold needs it. `Long` is a buy, `Short` a sell (the trades table's sides). */
export interface Fill {
  side: 'Long' | 'Short';
  price: string;
  quantity: string;
  fee: string;
}

/** What a leg holds according to its fills, by the average-cost method. */
export interface Holding {
  /** Signed: negative is short. */
  quantity: Dec;
  /** Average entry of what is held; zero when flat. */
  averageEntry: Dec;
  /** Gains and losses of the quantity already reduced, before fees. */
  realizedGross: Dec;
  fees: Dec;
  /** Σ sell value − Σ buy value: the cash the fills moved, before fees. */
  cashFlow: Dec;
}

export const emptyHolding = (): Holding => ({
  quantity: new Dec(0),
  averageEntry: new Dec(0),
  realizedGross: new Dec(0),
  fees: new Dec(0),
  cashFlow: new Dec(0),
});

/**
 * Adds one fill to a holding. Fills that add to the position move the average entry; fills against it
 * realise (price − entry) on the reduced quantity and leave the entry alone; a fill through zero closes
 * the old side and opens the new one at its own price. Funding and fees never move the entry.
 */
export function applyFill(holding: Holding, fill: Fill): Holding {
  const quantity = new Dec(fill.quantity);
  const price = new Dec(fill.price);
  const signed = fill.side === 'Long' ? quantity : quantity.neg();
  const held = holding.quantity;
  const next: Holding = {
    quantity: held.plus(signed),
    averageEntry: holding.averageEntry,
    realizedGross: holding.realizedGross,
    fees: holding.fees.plus(fill.fee),
    cashFlow: holding.cashFlow.minus(signed.mul(price)),
  };
  if (held.isZero() || held.isNegative() === signed.isNegative()) {
    next.averageEntry = held
      .abs()
      .mul(holding.averageEntry)
      .plus(quantity.mul(price))
      .div(held.abs().plus(quantity));
    return next;
  }
  const closed = Dec.min(held.abs(), quantity);
  const direction = held.isNegative() ? -1 : 1;
  next.realizedGross = holding.realizedGross.plus(
    price.minus(holding.averageEntry).mul(closed).mul(direction),
  );
  if (next.quantity.isZero()) next.averageEntry = new Dec(0);
  else if (quantity.gt(closed)) next.averageEntry = price;
  return next;
}

/** The holding of a leg from its fills in the order they happened. */
export function foldFills(fills: readonly Fill[]): Holding {
  return fills.reduce(applyFill, emptyHolding());
}

/**
 * Unrealised PnL of a holding at a mark price: quantity × (mark − entry), signed by the quantity, before
 * fees. The position-level figure subtracts the fees paid (see positionPnl).
 */
export function unrealizedGross(holding: Holding, mark: Dec): Dec {
  return holding.quantity.isZero() ? new Dec(0) : holding.quantity.mul(mark.minus(holding.averageEntry));
}
