import { type Dec, isMultipleOf, parseDecimal } from './decimal';
import type { Engine } from './engine';
import { CODE, MSG, SimError, minNotional, paramError, qtyTooLarge } from './errors';
import type { Instrument } from './instruments';
import type { OrderTerms } from './orders';

/** A create request after the stateless checks (types, filters); account checks come later. */
export interface ValidOrderParams extends OrderTerms {
  /** null when the request named none (matching.ts takes it as 0). */
  positionIdx: 0 | 1 | 2 | null;
}

const LINK_ID = /^[A-Za-z0-9_-]+$/;

function bool(v: unknown): boolean {
  return v === true || v === 'true';
}

/** Category check shared by every trade/position endpoint of this linear-only simulator. */
export function requireLinear(category: unknown): void {
  if (category === undefined || category === '') throw paramError('category is required');
  if (category !== 'linear') throw paramError('category only support linear');
}

/**
 * Stateless validation of one order in the order Bybit applies it: shape, then instrument filters.
 * Messages are the observed ones (docs/bybit-v5.md §3).
 */
export function validateOrderParams(
  engine: Engine,
  raw: Record<string, unknown>,
  category: unknown,
): ValidOrderParams {
  requireLinear(category);
  const symbol = raw.symbol;
  if (typeof symbol !== 'string' || symbol === '') throw paramError('symbol is required');
  const inst = engine.instrument(symbol);
  // A delisted contract is still known to Bybit; one that never existed (or is not yet trading) is not.
  if (inst?.status === 'Closed') throw new SimError(CODE.notLive, MSG.notLive);
  if (!inst || inst.status !== 'Trading') throw paramError('symbol invalid');
  if (raw.side !== 'Buy' && raw.side !== 'Sell') throw paramError('side invalid');
  // Conditional and TP/SL orders are not simulated: refuse them rather than execute them as plain orders.
  for (const field of ['triggerPrice', 'takeProfit', 'stopLoss'] as const) {
    if (raw[field] !== undefined && raw[field] !== '' && raw[field] !== '0') {
      throw paramError(`${field} is not supported by the simulator`);
    }
  }
  if (raw.orderType !== 'Market' && raw.orderType !== 'Limit') throw paramError('orderType invalid');
  const qty = parseDecimal(raw.qty);
  if (!qty || qty.lte(0)) throw new SimError(CODE.param, MSG.qtyInvalid);

  let orderLinkId = '';
  if (raw.orderLinkId !== undefined && raw.orderLinkId !== '') {
    if (typeof raw.orderLinkId !== 'string') throw paramError('orderLinkId invalid');
    if (raw.orderLinkId.length > 36) throw new SimError(CODE.param, 'order link id is longer than 36');
    if (!LINK_ID.test(raw.orderLinkId)) throw paramError('orderLinkId invalid');
    orderLinkId = raw.orderLinkId;
  }

  let positionIdx: 0 | 1 | 2 | null = null;
  if (raw.positionIdx !== undefined) {
    const n = typeof raw.positionIdx === 'string' ? Number.parseInt(raw.positionIdx, 10) : raw.positionIdx;
    if (n !== 0 && n !== 1 && n !== 2) throw new SimError(CODE.param, MSG.positionIdxMismatch);
    positionIdx = n;
  }

  const tifRaw = raw.timeInForce ?? 'GTC';
  if (tifRaw !== 'GTC' && tifRaw !== 'IOC' && tifRaw !== 'FOK' && tifRaw !== 'PostOnly') {
    throw paramError('timeInForce invalid');
  }

  let price: Dec | null = null;
  if (raw.orderType === 'Limit') {
    price = parseDecimal(raw.price);
    if (!price || price.lte(0) || !isMultipleOf(price, inst.tickSize)) throw paramError('price invalid');
  }

  if (!isMultipleOf(qty, inst.qtyStep)) throw new SimError(CODE.param, MSG.qtyInvalid);
  if (qty.lt(inst.minOrderQty)) throw new SimError(CODE.param, MSG.qtyBelowMin);
  const max = raw.orderType === 'Market' ? inst.maxMktOrderQty : inst.maxOrderQty;
  if (qty.gt(max)) throw qtyTooLarge(qty.toFixed(), max.toFixed());

  return {
    inst,
    side: raw.side,
    orderType: raw.orderType,
    qty,
    price,
    timeInForce: raw.orderType === 'Market' ? 'IOC' : tifRaw,
    positionIdx,
    orderLinkId,
    reduceOnly: bool(raw.reduceOnly),
    closeOnTrigger: bool(raw.closeOnTrigger),
  };
}

export function checkMinNotional(inst: Instrument, qty: Dec, price: Dec): void {
  if (qty.mul(price).lt(inst.minNotionalValue)) throw minNotional(inst.minNotionalValue.toFixed());
}
