import { Dec, sum } from '../../../shared/decimal';
import type { FundingShare } from './pnl-repository';

/** A Bybit Funding execution as the PnL engine needs it (execType Funding; execFee > 0 = paid). */
export interface FundingExecution {
  execId: string;
  execType: string;
  symbol: string;
  side: 'Buy' | 'Sell';
  execFee: string;
  execTime: string;
}

/**
 * Bybit settles funding once per account and symbol (per side in hedge mode), while several synthetic
 * positions may hold that symbol. The settlement is shared out to the positions holding the symbol on the
 * settled side, in proportion to their held quantity; the shares add up to the settlement exactly (the last
 * one takes the rounding rest).
 */
export function shareFunding(
  execution: FundingExecution,
  holders: readonly { positionId: number; quantity: Dec }[],
): FundingShare[] {
  if (execution.execType !== 'Funding' || !/^-?\d+(\.\d+)?$/.test(execution.execFee)) return [];
  const long = execution.side === 'Buy';
  const sameSide = holders.filter((h) => !h.quantity.isZero() && h.quantity.isPositive() === long);
  if (sameSide.length === 0) return [];
  const fee = new Dec(execution.execFee);
  const total = sum(sameSide.map((h) => h.quantity.abs()));
  const settledAt = new Date(Number(execution.execTime) || Date.now());
  let given = new Dec(0);
  return sameSide.map((holder, index) => {
    const amount =
      index === sameSide.length - 1
        ? fee.minus(given)
        : fee.mul(holder.quantity.abs()).div(total).toDecimalPlaces(12, Dec.ROUND_HALF_EVEN);
    given = given.plus(amount);
    return {
      positionId: holder.positionId,
      execId: execution.execId,
      symbol: execution.symbol,
      amount: amount.toFixed(),
      settledAt,
    };
  });
}
