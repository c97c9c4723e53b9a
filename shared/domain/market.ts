import { z } from 'zod';
import { decimalText } from './indices';

/** One linear perpetual's market figures, as Bybit's tickers give them ('' in Bybit's text = null here). */
export const marketTickerSchema = z.object({
  symbol: z.string(),
  lastPrice: decimalText.nullable(),
  markPrice: decimalText.nullable(),
  /** A fraction: 0.0142 is +1.42 %. */
  price24hPcnt: decimalText.nullable(),
  /** The rate of the next settlement (a fraction), paid by longs when positive. */
  fundingRate: decimalText.nullable(),
  /** Hours between settlements: 1, 2, 4 or 8. */
  fundingIntervalHours: z.number().int().positive().nullable(),
  /** Open interest in USDT. */
  openInterestValue: decimalText.nullable(),
});
export type MarketTicker = z.infer<typeof marketTickerSchema>;

/** `universe.tickers`: every linear perpetual's ticker, read from Bybit at `at`. */
export const marketTickersSchema = z.object({ at: z.string(), tickers: z.array(marketTickerSchema) });
export type MarketTickers = z.infer<typeof marketTickersSchema>;
