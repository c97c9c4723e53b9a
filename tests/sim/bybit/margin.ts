import { D, type Dec } from './decimal';
import { TAKER_FEE_RATE } from './market';
import type { Side } from './orders';

/** Maintenance margin rate of the first risk tier, applied to every symbol (MM deduction 0 in that tier). */
export const MMR = new D('0.005');
/**
 * Bybit adds the estimated fee to close to both margins ("positionIM ... the same value as
 * positionIMByMp", i.e. on mark): IM = value × (1/leverage + fee), MM = value × (MMR + fee).
 */
export const CLOSE_FEE_RATE = TAKER_FEE_RATE;

/**
 * `/v5/account/set-margin-mode` values. Portfolio margin is accepted and computed as cross (REGULAR_MARGIN):
 * Bybit's portfolio model (risk units, stress scenarios) is not simulated, only the mode an app must read.
 */
export type MarginMode = 'REGULAR_MARGIN' | 'ISOLATED_MARGIN' | 'PORTFOLIO_MARGIN';

/**
 * What kind of account a UID is (docs/bybit-v5.md §9 account modes): a classic account (`unifiedMarginStatus`
 * 1, query-api `uta` 0) or a unified trading account 1.0 (3) or 2.0 (5, the default; every new account).
 */
export type AccountKind = 'classic' | 'uta1' | 'uta2';

export const unifiedMarginStatusOf: Record<AccountKind, number> = { classic: 1, uta1: 3, uta2: 5 };

/** Cross and portfolio margin share the account-wide equity check; isolated is per position. */
export function isCrossLike(mode: MarginMode): boolean {
  return mode !== 'ISOLATED_MARGIN';
}

/**
 * Isolated margin, Bybit's documented formula (help center "Liquidation Price (USDT Contract)", isolated):
 * long = entry − (IM − MM) / size, short = entry + (IM − MM) / size, with IM = size × entry / leverage and
 * MM = size × entry × MMR; so entry × (1 ∓ 1/leverage ± MMR). Worked example there: long 1 BTC at 20000,
 * 50×, MMR 0.5 % → 20000 − (400 − 100) = 19700.
 */
export function isolatedLiquidationPrice(side: Side, entry: Dec, leverage: Dec): Dec {
  const gap = new D(1).div(leverage).minus(MMR);
  return side === 'Buy' ? entry.mul(new D(1).minus(gap)) : entry.mul(gap.plus(1));
}

/** The 0 % margin level of an isolated position: entry × (1 − 1/leverage) long, × (1 + 1/leverage) short. */
export function isolatedBankruptcyPrice(side: Side, entry: Dec, leverage: Dec): Dec {
  const im = new D(1).div(leverage);
  return side === 'Buy' ? entry.mul(new D(1).minus(im)) : entry.mul(im.plus(1));
}

/**
 * Cross margin: the mark P of one position at which the account's equity (every other position held at
 * its mark) equals size × P × k. Long: (entry × size − cushion) / (size × (1 − k)); short:
 * (entry × size + cushion) / (size × (1 + k)). `cushion` is the equity the other positions leave, minus
 * their share of k. k = MMR + close fee gives the liquidation price (equity = MM); k = close fee alone,
 * with a cushion that ignores the others' MM, gives the bankruptcy price (equity 0 after the closing fee).
 */
export function crossPrice(side: Side, entry: Dec, size: Dec, cushion: Dec, k: Dec): Dec {
  return side === 'Buy'
    ? entry
        .mul(size)
        .minus(cushion)
        .div(size.mul(new D(1).minus(k)))
    : entry
        .mul(size)
        .plus(cushion)
        .div(size.mul(k.plus(1)));
}

/** A liquidation price on the tick grid, crossed no earlier than the exact one: down for a long, up for a short. */
export function liquidationOnTick(side: Side, price: Dec, tick: Dec): Dec {
  const steps = price.div(tick);
  return (side === 'Buy' ? steps.floor() : steps.ceil()).mul(tick);
}

/**
 * A bankruptcy price on the tick grid that loses no more than the exact one: up for a long, down for a
 * short, and never below one tick (a 1× long is bankrupt at 0).
 */
export function bankruptcyOnTick(side: Side, price: Dec, tick: Dec): Dec {
  const steps = price.div(tick);
  return D.max(tick, (side === 'Buy' ? steps.ceil() : steps.floor()).mul(tick));
}
