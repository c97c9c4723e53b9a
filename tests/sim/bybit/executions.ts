import { randomUUID } from 'node:crypto';
import type { SimExecution } from './orders';

/** The fields that differ between executions; the option-only ones are always "" on linear. */
export type ExecutionFields = Omit<
  SimExecution,
  'execId' | 'stopOrderType' | 'tradeIv' | 'markIv' | 'indexPrice' | 'underlyingPrice' | 'blockTradeId'
> & { stopOrderType?: string };

/**
 * One linear execution in wire form (docs/bybit-v5.md §2 execution/list), with a fresh execId. Trades,
 * funding, liquidation takeovers, ADL and delivery all go through here, so they share one shape.
 */
export function linearExecution(fields: ExecutionFields): SimExecution {
  return {
    ...fields,
    execId: randomUUID(),
    stopOrderType: fields.stopOrderType ?? 'UNKNOWN',
    tradeIv: '',
    markIv: '',
    indexPrice: '',
    underlyingPrice: '',
    blockTradeId: '',
  };
}
