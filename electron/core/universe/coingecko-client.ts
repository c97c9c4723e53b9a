import type { Logger } from '../util/logger';
import type { CoinGeckoMarketRow } from './types';

export interface CoinGeckoClientOptions {
  baseUrl: string;
  /** A demo key goes in `x-cg-demo-api-key`; without one, CoinGecko's shared public limits apply. */
  apiKey?: string | null;
  fetch?: typeof globalThis.fetch;
  logger: Logger;
  /** Attempts per page before giving up (429 and 5xx are retried; other errors are not). */
  maxAttempts?: number;
  /** Back-off when CoinGecko sends no Retry-After: first delay, doubling, capped. */
  backoffMs?: { first: number; max: number };
  requestTimeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export class CoinGeckoError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
  ) {
    super(message);
    this.name = 'CoinGeckoError';
  }
}

export const coinGeckoPageSize = 250;

/** A page that failed and is about to be asked again: said to the trader, who would otherwise see a bar stand still. */
export interface CoinGeckoWait {
  page: number;
  delayMs: number;
  /** The HTTP status that caused it, or null when CoinGecko could not be reached at all. */
  status: number | null;
  attempt: number;
}

export interface TopCoinsHandlers {
  onPage?: (page: number) => void;
  onWait?: (wait: CoinGeckoWait) => void;
}

/**
 * Market-cap ranks, `order=market_cap_desc`, 250 per page, as many pages as asked, all at once (the
 * refresh is user-visible: its wall time is one round trip, not one per page). Rate limits (429) and
 * server errors are waited out (Retry-After when given); every HTTP round trip is counted.
 */
export class CoinGeckoClient {
  roundTrips = 0;
  private readonly fetch: typeof globalThis.fetch;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: CoinGeckoClientOptions) {
    this.fetch = options.fetch ?? globalThis.fetch;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  async topCoins(pages: number, handlers: TopCoinsHandlers = {}): Promise<CoinGeckoMarketRow[]> {
    const numbers = Array.from({ length: pages }, (_, index) => index + 1);
    const batches = await Promise.all(
      numbers.map(async (page) => {
        const batch = await this.page(page, handlers.onWait);
        handlers.onPage?.(page);
        return batch;
      }),
    );
    // A short page is the end of the list: anything after it is not part of the ranking.
    const rows: CoinGeckoMarketRow[] = [];
    for (const batch of batches) {
      rows.push(...batch);
      if (batch.length < coinGeckoPageSize) break;
    }
    return rows;
  }

  private async page(page: number, onWait?: (wait: CoinGeckoWait) => void): Promise<CoinGeckoMarketRow[]> {
    const { maxAttempts = 6, backoffMs = { first: 1_000, max: 60_000 } } = this.options;
    // Appended, not resolved: a base with a path (a proxy, the simulator) keeps it.
    const url = new URL(`${this.options.baseUrl.replace(/\/+$/, '')}/api/v3/coins/markets`);
    url.search = new URLSearchParams({
      vs_currency: 'usd',
      order: 'market_cap_desc',
      per_page: String(coinGeckoPageSize),
      page: String(page),
    }).toString();
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.options.apiKey) headers['x-cg-demo-api-key'] = this.options.apiKey;

    for (let attempt = 1; ; attempt++) {
      this.roundTrips++;
      let response: Response;
      try {
        response = await this.fetch(url, {
          headers,
          signal: AbortSignal.timeout(this.options.requestTimeoutMs ?? 30_000),
        });
      } catch (error) {
        if (attempt >= maxAttempts)
          throw new CoinGeckoError(`CoinGecko is unreachable: ${String(error)}`, null);
        const delayMs = Math.min(backoffMs.max, backoffMs.first * 2 ** (attempt - 1));
        onWait?.({ page, delayMs, status: null, attempt });
        await this.sleep(delayMs);
        continue;
      }
      if (response.ok) return parseRows(await response.json());
      const retryable = response.status === 429 || response.status >= 500;
      if (!retryable || attempt >= maxAttempts) {
        throw new CoinGeckoError(describeFailure(response.status, attempt), response.status);
      }
      const delay =
        retryAfterMs(response.headers.get('retry-after')) ??
        Math.min(backoffMs.max, backoffMs.first * 2 ** (attempt - 1));
      this.options.logger.warn('CoinGecko asked us to slow down; waiting', {
        status: response.status,
        page,
        delayMs: delay,
      });
      await response.body?.cancel();
      onWait?.({ page, delayMs: delay, status: response.status, attempt });
      await this.sleep(delay);
    }
  }
}

function describeFailure(status: number, attempts: number): string {
  if (status === 429)
    return `CoinGecko kept refusing with 429 (rate limit) after ${attempts} attempts; add a demo API key (SYNTHEX_COINGECKO_API_KEY) or try later`;
  if (status === 401 || status === 403)
    return `CoinGecko refused the request (${status}); check SYNTHEX_COINGECKO_API_KEY`;
  return `CoinGecko answered HTTP ${status}`;
}

function retryAfterMs(header: string | null): number | null {
  if (!header) return null;
  const seconds = Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? Math.min(seconds * 1000, 120_000) : null;
}

function parseRows(body: unknown): CoinGeckoMarketRow[] {
  if (!Array.isArray(body))
    throw new CoinGeckoError('CoinGecko answered with something other than a list of coins', 200);
  return body.flatMap((row: Record<string, unknown>) =>
    typeof row?.id === 'string' && typeof row.symbol === 'string'
      ? [
          {
            id: row.id,
            symbol: row.symbol,
            name: typeof row.name === 'string' ? row.name : row.id,
            market_cap:
              typeof row.market_cap === 'number' || typeof row.market_cap === 'string'
                ? row.market_cap
                : null,
            market_cap_rank: typeof row.market_cap_rank === 'number' ? row.market_cap_rank : null,
          },
        ]
      : [],
  );
}
