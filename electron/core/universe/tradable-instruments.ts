/**
 * Which Bybit linear instruments belong in the universe: USDT-margined perpetuals that trade now and
 * represent a coin (docs/bybit-v5.md §7, "Filter Bybit instruments").
 */
import type { BybitInstrument } from './types';

/** The fields the filter reads; the raw instruments-info item and the gateway's Instrument both have them. */
export type TradableFilterFields = Pick<
  BybitInstrument,
  'symbol' | 'status' | 'contractType' | 'quoteCoin' | 'symbolType'
>;

export type NotTradableReason = 'status' | 'contractType' | 'quoteCoin' | 'symbolType';

/** innovation-zone contracts are ordinary coins; commodity, stock and forex contracts are not. */
const COIN_SYMBOL_TYPES: ReadonlySet<string> = new Set(['', 'innovation']);

/**
 * Why an instrument is not part of the universe, or null when it is. Checked in this order, so a
 * PreLaunch contract reports `status` even when it is also something else.
 */
export function whyNotTradable(instrument: TradableFilterFields): NotTradableReason | null {
  // PreLaunch, Delivering and Closed contracts cannot be opened with an ordinary market order.
  if (instrument.status !== 'Trading') return 'status';
  // Drops dated futures such as BTCUSDT-26DEC25.
  if (instrument.contractType !== 'LinearPerpetual') return 'contractType';
  // Drops USDC perpetuals such as BTCPERP: the app sizes and settles everything in USDT.
  if (instrument.quoteCoin !== 'USDT') return 'quoteCoin';
  if (!COIN_SYMBOL_TYPES.has(instrument.symbolType ?? '')) return 'symbolType';
  return null;
}

export function isTradableInstrument(instrument: TradableFilterFields): boolean {
  return whyNotTradable(instrument) === null;
}

/** Keeps the tradable instruments, in their original order. */
export function filterTradableInstruments<T extends TradableFilterFields>(instruments: readonly T[]): T[] {
  return instruments.filter(isTradableInstrument);
}
