import { randomUUID } from 'node:crypto';
import type { SimExecution } from './orders';

/** The fields that differ between executions; the rest are the same on every linear execution. */
export type ExecutionFields = Omit<
  SimExecution,
  | 'execId'
  | 'stopOrderType'
  | 'tradeIv'
  | 'markIv'
  | 'indexPrice'
  | 'underlyingPrice'
  | 'blockTradeId'
  | 'feeCurrency'
  | 'marketUnit'
  | 'execFeeV2'
  | 'extraFees'
> & { stopOrderType?: string };

/**
 * One linear execution in wire form (docs/bybit-v5.md §2 execution/list), with a fresh execId. Trades,
 * funding, liquidation takeovers, ADL and delivery all go through here, so they share one shape. Decimals
 * are plain (no trailing zeros), as Bybit prints them. On linear Bybit leaves `feeCurrency` empty (the fee
 * is in the settle coin), and the newer `marketUnit` (spot), `execFeeV2` (spot) and `extraFees` empty too;
 * the option-only fields are always "".
 */
export function linearExecution(fields: ExecutionFields): SimExecution {
  return {
    ...fields,
    execId: randomUUID(),
    stopOrderType: fields.stopOrderType ?? 'UNKNOWN',
    feeCurrency: '',
    marketUnit: '',
    execFeeV2: '',
    extraFees: '',
    tradeIv: '',
    markIv: '',
    indexPrice: '',
    underlyingPrice: '',
    blockTradeId: '',
  };
}
