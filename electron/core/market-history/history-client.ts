import type { BybitGateway } from '../exchange/gateway';
import { malformedResponseError } from '../exchange/errors';

/** One closed daily candle of the mark price: its UTC start (ms) and the decimal strings Bybit sent. */
export interface MarkCandle {
  start: number;
  open: string;
  high: string;
  low: string;
  close: string;
}

export interface FundingSettlement {
  time: number;
  rate: string;
}

/** Bybit's page sizes (docs/bybit-v5.md §2, "Market history"). */
export const klinePageLimit = 1000;
export const fundingPageLimit = 200;

const positive = /^\d+(\.\d+)?$/;
const signed = /^-?\d+(\.\d+)?$/;
const millis = /^\d{1,16}$/;

function list(result: unknown): unknown[] {
  const items = (result as { list?: unknown } | null)?.list;
  if (!Array.isArray(items)) throw malformedResponseError('no list in the market-history answer');
  return items;
}

/**
 * The two public market-history reads, through the gateway (IP limit, retries, back-off) and checked
 * field by field: a price that is not a positive decimal, or a timestamp that is not whole ms, is a
 * malformed answer, never a zero.
 */
export class HistoryClient {
  constructor(private readonly gateway: BybitGateway) {}

  /** Daily mark-price candles whose start is within [start, end], newest first (Bybit's order). */
  async dailyMarks(symbol: string, start: number, end: number): Promise<MarkCandle[]> {
    const result = await this.gateway.marketRead((rest) =>
      rest.getMarkPriceKline({
        category: 'linear',
        symbol,
        interval: 'D',
        start,
        end,
        limit: klinePageLimit,
      }),
    );
    return list(result).map((item) => {
      const row = item as unknown[];
      const [time, open, high, low, close] = row.map(String);
      if (
        !Array.isArray(item) ||
        !millis.test(time ?? '') ||
        ![open, high, low, close].every((v) => positive.test(v ?? ''))
      )
        throw malformedResponseError(`mark-price kline of ${symbol} is not [start, open, high, low, close]`);
      return { start: Number(time), open: open!, high: high!, low: low!, close: close! };
    });
  }

  /** Funding settlements within [startTime, endTime], newest first, at most `fundingPageLimit`. */
  async funding(symbol: string, startTime: number, endTime: number): Promise<FundingSettlement[]> {
    const result = await this.gateway.marketRead((rest) =>
      rest.getFundingRateHistory({ category: 'linear', symbol, startTime, endTime, limit: fundingPageLimit }),
    );
    return list(result).map((item) => {
      const row = (item ?? {}) as { fundingRate?: unknown; fundingRateTimestamp?: unknown };
      const rate = String(row.fundingRate);
      const time = String(row.fundingRateTimestamp);
      if (!signed.test(rate) || !millis.test(time))
        throw malformedResponseError(`funding history of ${symbol} has no rate or time`);
      return { time: Number(time), rate };
    });
  }
}
