import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import {
  CoinGeckoClient,
  coinGeckoPageSize,
  type CoinGeckoWait,
} from '../../electron/core/universe/coingecko-client';
import { silentLogger } from '../../electron/core/util/logger';

interface Seen {
  url: URL;
  key: string | undefined;
}

/** A scripted stand-in for CoinGecko: each request takes the next scripted answer. */
interface Answer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

async function scripted(answers: ((url: URL) => Answer)[]) {
  const seen: Seen[] = [];
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url!, 'http://x');
    seen.push({ url, key: request.headers['x-cg-demo-api-key'] as string | undefined });
    const answer: Answer = (answers.shift() ?? (() => ({ status: 500 })))(url);
    response.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
    response.end(JSON.stringify(answer.body ?? { status: { error_code: answer.status } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return { baseUrl: `http://127.0.0.1:${(server.address() as { port: number }).port}`, seen };
}

const servers: Server[] = [];
afterEach(() => servers.splice(0).forEach((server) => server.close()));

const coin = (n: number) => ({
  id: `coin-${n}`,
  symbol: `c${n}`,
  name: `Coin ${n}`,
  market_cap: 1e9 - n,
  market_cap_rank: n,
});
const page = (from: number, count: number) => Array.from({ length: count }, (_, i) => coin(from + i));
const noSleep = async () => {};

describe('CoinGecko client', () => {
  it('asks for every market_cap_desc page of 250 at once, with the demo key, and ends at a short page', async () => {
    // Answered by page number: the pages are in flight together, so they arrive in any order.
    const byPage = (url: URL): Answer => {
      const number = Number(url.searchParams.get('page'));
      if (number === 1) return { status: 200, body: page(1, coinGeckoPageSize) };
      if (number === 2) return { status: 200, body: page(251, 10) };
      return { status: 200, body: page(1000 + number, 5) }; // past the end: must not be ranked
    };
    const cg = await scripted([byPage, byPage, byPage, byPage]);
    const client = new CoinGeckoClient({
      baseUrl: cg.baseUrl,
      apiKey: 'demo-key',
      logger: silentLogger,
      sleep: noSleep,
    });
    let inFlight = 0;
    let mostInFlight = 0;
    const fetch: typeof globalThis.fetch = async (...args) => {
      mostInFlight = Math.max(mostInFlight, ++inFlight);
      try {
        return await globalThis.fetch(...args);
      } finally {
        inFlight--;
      }
    };
    const concurrent = new CoinGeckoClient({
      baseUrl: cg.baseUrl,
      apiKey: 'demo-key',
      logger: silentLogger,
      fetch,
    });
    const rows = await concurrent.topCoins(4);
    expect(mostInFlight).toBe(4);
    expect(rows).toHaveLength(260);
    expect(rows.at(-1)!.id).toBe('coin-260');
    expect(cg.seen.map((s) => s.url.searchParams.get('page')).sort()).toEqual(['1', '2', '3', '4']);
    const first = cg.seen.find((s) => s.url.searchParams.get('page') === '1')!;
    expect(Object.fromEntries(first.url.searchParams)).toEqual({
      vs_currency: 'usd',
      order: 'market_cap_desc',
      per_page: '250',
      page: '1',
    });
    expect(first.key).toBe('demo-key');
    expect(concurrent.roundTrips).toBe(4);
    expect(client.roundTrips).toBe(0);
  });

  it('says how long it waits before each retry, and why', async () => {
    const cg = await scripted([
      () => ({ status: 500 }),
      () => ({ status: 429, headers: { 'retry-after': '8' } }),
      () => ({ status: 200, body: page(1, 3) }),
    ]);
    const client = new CoinGeckoClient({
      baseUrl: cg.baseUrl,
      logger: silentLogger,
      backoffMs: { first: 1000, max: 60_000 },
      sleep: noSleep,
    });
    const waits: CoinGeckoWait[] = [];
    await client.topCoins(1, { onWait: (wait) => waits.push(wait) });
    expect(waits).toEqual([
      { page: 1, delayMs: 1000, status: 500, attempt: 1 },
      { page: 1, delayMs: 8000, status: 429, attempt: 2 },
    ]);
  });

  it('keeps a path in the base URL', async () => {
    const cg = await scripted([() => ({ status: 200, body: page(1, 1) })]);
    const client = new CoinGeckoClient({
      baseUrl: `${cg.baseUrl}/proxy/coingecko/`,
      logger: silentLogger,
      sleep: noSleep,
    });
    await client.topCoins(1);
    expect(cg.seen[0]!.url.pathname).toBe('/proxy/coingecko/api/v3/coins/markets');
  });

  it('waits out 429s, honouring Retry-After, and counts every round trip', async () => {
    const cg = await scripted([
      () => ({ status: 429, headers: { 'retry-after': '2' } }),
      () => ({ status: 429 }),
      () => ({ status: 200, body: page(1, 3) }),
    ]);
    const waits: number[] = [];
    const client = new CoinGeckoClient({
      baseUrl: cg.baseUrl,
      logger: silentLogger,
      backoffMs: { first: 100, max: 1000 },
      sleep: async (ms) => void waits.push(ms),
    });
    expect(await client.topCoins(1)).toHaveLength(3);
    expect(waits).toEqual([2000, 200]);
    expect(client.roundTrips).toBe(3);
    expect(cg.seen[0]!.key).toBeUndefined();
  });

  it('gives up after its attempts with a sentence that says what to do', async () => {
    const cg = await scripted(Array.from({ length: 3 }, () => () => ({ status: 429 })));
    const client = new CoinGeckoClient({
      baseUrl: cg.baseUrl,
      logger: silentLogger,
      maxAttempts: 3,
      sleep: noSleep,
    });
    await expect(client.topCoins(1)).rejects.toThrow(/429.*SYNTHEX_COINGECKO_API_KEY/);
  });

  it('does not retry a refused key, and refuses a body that is not a list', async () => {
    const refused = await scripted([() => ({ status: 401 })]);
    await expect(
      new CoinGeckoClient({ baseUrl: refused.baseUrl, logger: silentLogger, sleep: noSleep }).topCoins(1),
    ).rejects.toThrow(/refused the request \(401\)/);
    expect(refused.seen).toHaveLength(1);
    const odd = await scripted([() => ({ status: 200, body: { error: 'nope' } })]);
    await expect(
      new CoinGeckoClient({ baseUrl: odd.baseUrl, logger: silentLogger, sleep: noSleep }).topCoins(1),
    ).rejects.toThrow(/other than a list/);
  });
});
