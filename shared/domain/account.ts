import { z } from 'zod';
import { decimalText } from './indices';

/** `account.summary {profileId?}`: the active profile's account unless another is named. */
export const accountSummaryRequestSchema = z
  .object({ profileId: z.number().int().positive().optional() })
  .strict();

/**
 * The trader's Bybit account as a whole, live: the wallet and position streams (REST at start and after a
 * reconnect) with every position's unrealised PnL, initial and maintenance margin moved to the latest mark
 * from the ticker stream (Bybit does not push the wallet when only prices move). The `account.summary`
 * answer and the `account.updated` event (at most 4 a second).
 */
export const accountSummarySchema = z.object({
  profileId: z.number().int().positive(),
  /** Bybit's wallet type: UNIFIED on a unified trading account (CONTRACT on a classic one). */
  accountType: z.string(),
  /** REGULAR_MARGIN (cross), ISOLATED_MARGIN or PORTFOLIO_MARGIN (account/info). */
  marginMode: z.string(),
  /** From the position rows: one-way (positionIdx 0), hedge (1 and 2), or none held yet. */
  positionMode: z.enum(['one-way', 'hedge', 'mixed', 'none']),
  /** Wallet balance plus the unrealised PnL of the perpetuals (Bybit's totalEquity). */
  equity: decimalText,
  walletBalance: decimalText,
  /** Equity less initial margin of positions and orders, never below 0 (Bybit's totalAvailableBalance). */
  availableBalance: decimalText,
  initialMargin: decimalText,
  maintenanceMargin: decimalText,
  /** Maintenance margin over equity (Bybit's accountMMRate): 1 means liquidation. */
  marginRatio: decimalText,
  /** Initial margin over equity (Bybit's accountIMRate): the share of equity in use. */
  initialMarginRatio: decimalText,
  unrealizedPnl: decimalText,
  /** Each held coin with a liquidation price, nearest first: how far its mark is from it, in %. */
  liquidation: z.array(
    z.object({
      symbol: z.string(),
      side: z.enum(['Buy', 'Sell']),
      liqPrice: decimalText,
      markPrice: decimalText,
      distancePercent: decimalText,
    }),
  ),
  /** Open positions on the account (every row, Synthex's or not). */
  openPositions: z.number().int().nonnegative(),
  /** False while the figures are being read again (after a reconnect) or the private stream is down. */
  live: z.boolean(),
  updatedAt: z.string(),
});
export type AccountSummary = z.infer<typeof accountSummarySchema>;
