import type { MarketTicker } from '../../../shared/domain/market';
import type { Ticker } from '../exchange';

const orNull = (text: string) => (text === '' ? null : text);

/** A Bybit ticker as the Universe page and the funding carry read it. */
export function marketTicker(ticker: Ticker): MarketTicker {
  const hours = Number.parseInt(ticker.fundingIntervalHour, 10);
  return {
    symbol: ticker.symbol,
    lastPrice: orNull(ticker.lastPrice),
    markPrice: orNull(ticker.markPrice),
    price24hPcnt: orNull(ticker.price24hPcnt),
    fundingRate: orNull(ticker.fundingRate),
    fundingIntervalHours: Number.isInteger(hours) && hours > 0 ? hours : null,
    openInterestValue: orNull(ticker.openInterestValue),
  };
}
