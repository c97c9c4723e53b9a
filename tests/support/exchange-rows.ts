import type { Position, WalletBalance } from '../../electron/core/exchange';
import { Dec } from '../../shared/decimal';

/** A Bybit UNIFIED wallet of `balance` USDT with nothing in use: equity, margin and available all equal it. */
export function idleWallet(balance: string): WalletBalance {
  const zero = '0';
  return {
    accountType: 'UNIFIED',
    totalEquity: balance,
    totalWalletBalance: balance,
    totalMarginBalance: balance,
    totalAvailableBalance: balance,
    totalPerpUPL: zero,
    totalInitialMargin: zero,
    totalMaintenanceMargin: zero,
    coins: [],
  };
}

/**
 * Bybit's linear position row (one-way mode) at 5× leverage, as the gateway maps it: IM at 5× with the fee
 * to close, MM at 0.5 % + fee, both on the row's mark; nothing realised yet.
 */
export function marginedRow(row: {
  symbol: string;
  side: Position['side'];
  size: string;
  entry: string;
  mark: string;
  liqPrice: string;
  seq: number;
}): Position {
  const value = new Dec(row.size).mul(row.mark);
  return {
    symbol: row.symbol,
    positionIdx: 0,
    side: row.side,
    size: row.size,
    avgPrice: row.entry,
    markPrice: row.mark,
    positionValue: new Dec(row.size).mul(row.entry).toFixed(),
    leverage: '5',
    liqPrice: row.liqPrice,
    positionIM: value.mul('0.20055').toFixed(),
    positionMM: value.mul('0.00555').toFixed(),
    unrealisedPnl: '0',
    curRealisedPnl: '0',
    cumRealisedPnl: '0',
    positionStatus: 'Normal',
    updatedTime: '0',
    seq: row.seq,
  };
}
