/**
 * Bybit's execution list against the `trades` Synthex stored, fill by fill (by Bybit's execId): a fill on
 * one side only, or one whose symbol, side, quantity, price or fee differ, is a mismatch. Numbers are
 * compared as numbers: Bybit's "0.010" and a stored "0.01" are the same quantity.
 */
import { Dec } from '../../shared/decimal';
import type { Trade } from '../../shared/domain/positions';
import type { Execution } from '../../electron/core/exchange';

export interface FillComparison {
  matched: number;
  mismatches: string[];
}

const sideOf = { Buy: 'Long', Sell: 'Short' } as const;

export function compareFills(bybit: readonly Execution[], trades: readonly Trade[]): FillComparison {
  const stored = new Map(trades.map((trade) => [trade.execId, trade]));
  const mismatches: string[] = [];
  let matched = 0;
  for (const fill of bybit) {
    const trade = stored.get(fill.execId);
    stored.delete(fill.execId);
    if (!trade) {
      mismatches.push(
        `${fill.symbol} fill ${fill.execId} (${fill.execQty} at ${fill.execPrice}) is missing from trades`,
      );
      continue;
    }
    const differences = [
      trade.symbol !== fill.symbol && `symbol ${trade.symbol} ≠ ${fill.symbol}`,
      trade.side !== sideOf[fill.side] && `side ${trade.side} ≠ ${fill.side}`,
      !new Dec(trade.quantity).eq(fill.execQty) && `quantity ${trade.quantity} ≠ ${fill.execQty}`,
      !new Dec(trade.price).eq(fill.execPrice) && `price ${trade.price} ≠ ${fill.execPrice}`,
      !new Dec(trade.fee).eq(fill.execFee) && `fee ${trade.fee} ≠ ${fill.execFee}`,
    ].filter((d): d is string => typeof d === 'string');
    if (differences.length > 0)
      mismatches.push(`${fill.symbol} fill ${fill.execId}: ${differences.join(', ')}`);
    else matched += 1;
  }
  for (const trade of stored.values())
    mismatches.push(
      `trade ${trade.execId} (${trade.symbol} ${trade.quantity}) is not in Bybit's execution list`,
    );
  return { matched, mismatches };
}
