import { ceilToStep, Dec } from '../decimal';

/** Bybit's filters and price for one leg (decimal strings as the exchange sends them). */
export interface LegMarket {
  symbol: string;
  /** The price quantities are sized at (last traded). */
  price: string;
  qtyStep: string;
  minOrderQty: string;
  minNotionalValue: string;
  maxMktOrderQty: string;
  maxLeverage: string;
}

/**
 * The price an order's value is checked at: our orders are IOC limits at most `slippage` away, and a sell
 * limit below the market is worth less than the same quantity at the last price. Using the lower price
 * for both sides keeps a short basket the exact mirror of the long one.
 */
export function valueCheckPrice(price: Dec, slippage: Dec): Dec {
  return price.mul(new Dec(1).minus(slippage));
}

/** The smallest quantity on step that Bybit accepts as an order for this leg at this price. */
export function smallestOrder(market: LegMarket, slippage: Dec): Dec {
  const step = new Dec(market.qtyStep);
  const byValue = new Dec(market.minNotionalValue).div(valueCheckPrice(new Dec(market.price), slippage));
  return Dec.max(ceilToStep(new Dec(market.minOrderQty), step), ceilToStep(byValue, step));
}
