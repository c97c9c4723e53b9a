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

/**
 * Market-cap ranks, `order=market_cap_desc`, 250 per page, as many pages as asked. Rate limits (429)
 * and server errors are waited out (Retry-After when given); every HTTP round trip is counted.
 */
export class CoinGeckoClient {
  roundTrips = 0;
  private readonly fetch: typeof globalThis.fetch;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: CoinGeckoClientOptions) {
    this.fetch = options.fetch ?? globalThis.fetch;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  async topCoins(pages: number, onPage?: (page: number) => void): Promise<CoinGeckoMarketRow[]> {
    const rows: CoinGeckoMarketRow[] = [];
    for (let page = 1; page <= pages; page++) {
      const batch = await this.page(page);
      rows.push(...batch);
      onPage?.(page);
      if (batch.length < coinGeckoPageSize) break;
    }
    return rows;
  }

  private async page(page: number): Promise<CoinGeckoMarketRow[]> {
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
        await this.sleep(Math.min(backoffMs.max, backoffMs.first * 2 ** (attempt - 1)));
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
