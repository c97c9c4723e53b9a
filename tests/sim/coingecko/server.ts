import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Engine } from '../bybit/engine';
import { parseQuery } from '../bybit/http-util';
import { coinRows } from './coins';

const RATE_LIMIT_BODY = {
  status: {
    error_code: 429,
    error_message:
      "You've exceeded the Rate Limit. Please visit https://www.coingecko.com/en/api/pricing to subscribe to our API plans for higher rate limits.",
  },
};

/**
 * A CoinGecko-like `/api/v3/coins/markets` (docs/bybit-v5.md §7). Any demo key is accepted, header
 * `x-cg-demo-api-key` or query `x_cg_demo_api_key`; injected failures answer 429 or 500.
 */
export class CoinGeckoSim {
  private readonly failures: { status: 429 | 500; remaining: number }[] = [];
  /** Requests seen, with the demo key they carried: lets tests check the key is sent. */
  readonly requests: { path: string; demoKey: string | null }[] = [];

  constructor(private readonly engine: Engine) {}

  failNext(status: 429 | 500, count = 1): void {
    this.failures.push({ status, remaining: count });
  }

  handle(req: IncomingMessage, res: ServerResponse, path: string, rawQuery: string): void {
    const q = parseQuery(rawQuery);
    const header = req.headers['x-cg-demo-api-key'];
    const demoKey = (Array.isArray(header) ? header[0] : header) ?? q.x_cg_demo_api_key ?? null;
    this.requests.push({ path, demoKey });
    if (this.requests.length > 1000) this.requests.shift();
    const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', ...headers });
      res.end(JSON.stringify(body));
    };
    const failure = this.failures[0];
    if (failure) {
      failure.remaining -= 1;
      if (failure.remaining <= 0) this.failures.shift();
      if (failure.status === 429) return json(429, RATE_LIMIT_BODY, { 'Retry-After': '1' });
      return json(500, { error: 'Internal server error' });
    }
    if (req.method !== 'GET') return json(405, { error: 'method not allowed' });
    if (path === '/api/v3/ping') return json(200, { gecko_says: '(V3) To the Moon!' });
    if (path !== '/api/v3/coins/markets') return json(404, { error: 'Not Found' });
    if (!q.vs_currency) return json(400, { error: 'Missing parameter vs_currency' });
    if (q.vs_currency !== 'usd') return json(400, { error: 'invalid vs_currency' });
    if (q.order && q.order !== 'market_cap_desc') return json(400, { error: 'invalid order' });
    const perPage = q.per_page === undefined ? 100 : Number(q.per_page);
    const page = q.page === undefined ? 1 : Number(q.page);
    if (!Number.isInteger(perPage) || perPage < 1 || !Number.isInteger(page) || page < 1) {
      return json(400, { error: 'invalid per_page or page' });
    }
    const size = Math.min(perPage, 250);
    const rows = coinRows(this.engine, Date.now());
    json(200, rows.slice((page - 1) * size, page * size));
  }
}
