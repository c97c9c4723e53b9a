import { createHmac } from 'node:crypto';
import { RestClientV5, WebsocketClient, type OrderParamsV5, type WsKey } from 'bybit-api';
import Decimal from 'decimal.js';
import { afterEach, expect } from 'vitest';
import { fileFixture } from '../../support/file-fixture';
import { waitFor as sharedWaitFor } from '../../support/wait-for';
import { type SimKey, type Simulator, type SimulatorOptions, startSimulator } from '../index';

export const silentLogger = { trace: () => {}, info: () => {}, error: () => {} };

export function rest(
  sim: Simulator,
  key: SimKey = sim,
  extra: { baseUrl?: string; timeoutMs?: number } = {},
): RestClientV5 {
  return new RestClientV5(
    { key: key.apiKey, secret: key.apiSecret, baseUrl: extra.baseUrl ?? sim.rest, parseAPIRateLimits: true },
    { timeout: extra.timeoutMs ?? 10_000 },
  );
}

/** The SDK's `wsUrl` overrides every connection; point public and private keys at their own paths instead. */
export class SimWsClient extends WebsocketClient {
  constructor(
    private readonly baseWs: string,
    key?: SimKey,
  ) {
    super(key ? { key: key.apiKey, secret: key.apiSecret } : {}, silentLogger);
  }

  protected override async getWsUrl(wsKey: WsKey): Promise<string> {
    return wsKey === 'v5Private' || wsKey === 'v5PrivateTrade'
      ? `${this.baseWs}/v5/private`
      : `${this.baseWs}/v5/public/linear`;
  }
}

/**
 * One simulator for a test file: started before its tests with `options` (files that read the books right
 * after each action pass `lookupLag: 0`; lookup-lag.test.ts covers the lag itself), given `prices`, then
 * `prepare`d, and closed after them. `sim` stands for it from the file's beforeAll on; the WebSocket
 * clients a test puts into `clients` (`privateUpdates` does) are closed after each test.
 */
export function useSimulator(
  options: SimulatorOptions,
  setup: { prices?: Record<string, string>; prepare?: (sim: Simulator) => void } = {},
): { sim: Simulator; clients: SimWsClient[] } {
  const clients: SimWsClient[] = [];
  const sim = fileFixture(
    async () => {
      const started = await startSimulator(options);
      for (const [symbol, price] of Object.entries(setup.prices ?? {}))
        started.control.setPrice(symbol, price);
      setup.prepare?.(started);
      return started;
    },
    async (started) => {
      await started?.close();
    },
  );
  afterEach(() => {
    for (const c of clients.splice(0)) c.closeAll(true);
  });
  return { sim, clients };
}

/**
 * `useSimulator` for a file whose simulator moves only when a test moves it: no price ticks
 * (`tickIntervalMs: 0`) and the books read right after each action (`lookupLag: 0`).
 */
export function useStillSimulator(
  seed: number,
  setup: Parameters<typeof useSimulator>[1] = {},
): ReturnType<typeof useSimulator> {
  return useSimulator({ seed, tickIntervalMs: 0, lookupLag: 0 }, setup);
}

/** The shared bounded poll (tests/support/wait-for.ts) with this suite's default of 5 s. */
export function waitFor<T>(fn: () => T | undefined | null | false, timeoutMs = 5000): Promise<T> {
  return sharedWaitFor(fn, { timeoutMs, intervalMs: 10 }) as Promise<T>;
}

/** A hand-signed request, to test the exact rules (raw query, raw body, headers) without the SDK. */
export async function signedFetch(
  sim: Simulator,
  opts: {
    method: 'GET' | 'POST';
    path: string;
    query?: string;
    body?: string;
    key?: SimKey;
    timestamp?: number;
    recvWindow?: number;
    signOver?: string;
    base?: string;
  },
): Promise<{ status: number; json: Record<string, unknown> | null; text: string; headers: Headers }> {
  const key = opts.key ?? sim;
  const ts = String(opts.timestamp ?? Date.now());
  const rw = String(opts.recvWindow ?? 5000);
  const payload = opts.signOver ?? (opts.method === 'GET' ? (opts.query ?? '') : (opts.body ?? ''));
  const sign = createHmac('sha256', key.apiSecret)
    .update(ts + key.apiKey + rw + payload)
    .digest('hex');
  const url = `${opts.base ?? sim.rest}${opts.path}${opts.query ? `?${opts.query}` : ''}`;
  const res = await fetch(url, {
    method: opts.method,
    headers: {
      'X-BAPI-API-KEY': key.apiKey,
      'X-BAPI-TIMESTAMP': ts,
      'X-BAPI-RECV-WINDOW': rw,
      'X-BAPI-SIGN': sign,
      'X-BAPI-SIGN-TYPE': '2',
      'Content-Type': 'application/json',
    },
    body: opts.method === 'POST' ? (opts.body ?? '') : undefined,
  });
  const text = await res.text();
  let json: Record<string, unknown> | null = null;
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    json = null;
  }
  return { status: res.status, json, text, headers: res.headers };
}

export async function control(
  sim: Simulator,
  name: string,
  body: unknown = {},
): Promise<{ status: number; json: { ok: boolean; result?: unknown; error?: string } }> {
  const res = await fetch(`${sim.rest}/__sim/${name}`, { method: 'POST', body: JSON.stringify(body) });
  return {
    status: res.status,
    json: (await res.json()) as { ok: boolean; result?: unknown; error?: string },
  };
}

/** A linear market order; `extra` adds orderLinkId, reduceOnly, positionIdx and the like. */
export const marketOrder = (
  symbol: string,
  side: 'Buy' | 'Sell',
  qty: string,
  extra: Partial<OrderParamsV5> = {},
): OrderParamsV5 => ({ category: 'linear', symbol, side, orderType: 'Market', qty, ...extra });

/** A linear limit order at `price`; `extra` as for marketOrder. */
export const limitOrder = (
  symbol: string,
  side: 'Buy' | 'Sell',
  qty: string,
  price: string,
  extra: Partial<OrderParamsV5> = {},
): OrderParamsV5 => ({ category: 'linear', symbol, side, orderType: 'Limit', qty, price, ...extra });

/** The key's row of `symbol` (the one-way row, or the first of hedge mode's). */
export async function positionRow(sim: Simulator, key: SimKey, symbol: string) {
  return (await rest(sim, key).getPositionInfo({ category: 'linear', symbol })).result.list[0]!;
}

/** The key's unified wallet balance (NaN when Bybit listed no account). */
export async function walletBalance(sim: Simulator, key: SimKey): Promise<Decimal> {
  const w = (await rest(sim, key).getWalletBalance({ accountType: 'UNIFIED' })).result.list[0];
  return new Decimal(w?.totalWalletBalance ?? 'NaN');
}

/** A new account of 100 000 USDT in hedge mode on `symbol`, `long` bought on row 1 and `short` sold on row 2. */
export async function hedgedAccount(
  sim: Simulator,
  symbol: string,
  long: string,
  short: string,
): Promise<{ key: SimKey; c: RestClientV5 }> {
  const key = sim.control.createKey({ balanceUsdt: '100000' });
  const c = rest(sim, key);
  expect((await c.switchPositionMode({ category: 'linear', symbol, mode: 3 })).retCode).toBe(0);
  await c.submitOrder(marketOrder(symbol, 'Buy', long, { positionIdx: 1 }));
  await c.submitOrder(marketOrder(symbol, 'Sell', short, { positionIdx: 2 }));
  return { key, c };
}

/**
 * A cross account of 300 USDT long 400 LINKUSDT from a price of 10 at 20×: thin enough that its
 * liquidation price lies in the price range.
 */
export async function thinLinkLong(sim: Simulator): Promise<{ key: SimKey; c: RestClientV5 }> {
  sim.control.setPrice('LINKUSDT', '10');
  const key = sim.control.createKey({ balanceUsdt: '300' });
  const c = rest(sim, key);
  await c.setLeverage({ category: 'linear', symbol: 'LINKUSDT', buyLeverage: '20', sellLeverage: '20' });
  expect((await c.submitOrder(marketOrder('LINKUSDT', 'Buy', '400.0'))).retCode).toBe(0);
  return { key, c };
}

/** One private push as the SDK emits it. */
export interface PrivateUpdate {
  topic: string;
  data: Record<string, unknown>[];
}

/**
 * A private connection for `key` subscribed to `topics` (order, execution, position and wallet unless
 * told); resolves once Bybit acknowledged the subscription, with the array its pushes land in (in arrival
 * order). The client goes into `clients`, for the test file to close.
 */
export async function privateUpdates(
  sim: Simulator,
  key: SimKey,
  clients: SimWsClient[],
  topics: string[] = ['order', 'execution', 'position', 'wallet'],
): Promise<PrivateUpdate[]> {
  const ws = new SimWsClient(sim.ws, key);
  clients.push(ws);
  const updates: PrivateUpdate[] = [];
  const acks: Record<string, unknown>[] = [];
  ws.on('update', (u: PrivateUpdate) => updates.push(u));
  ws.on('response', (r: Record<string, unknown>) => acks.push(r));
  await Promise.all(ws.subscribeV5(topics, 'linear', true));
  await waitFor(() => acks.some((a) => a.op === 'subscribe' && a.success === true));
  return updates;
}

/** A new account of `balanceUsdt`, its REST client, and its private pushes (see privateUpdates). */
export async function streamedAccount(
  sim: Simulator,
  clients: SimWsClient[],
  balanceUsdt = '100000',
): Promise<{ key: SimKey; c: RestClientV5; updates: PrivateUpdate[] }> {
  const key = sim.control.createKey({ balanceUsdt });
  const c = rest(sim, key);
  const updates = await privateUpdates(sim, key, clients);
  return { key, c, updates };
}

/** The key's account id as the ledger writes it (query-api's userID). */
export async function uidOf(sim: Simulator, key: SimKey): Promise<string> {
  return String((await rest(sim, key).getQueryApiKey()).result.userID);
}
