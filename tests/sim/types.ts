import type { SimExecution, SimOrder } from './bybit/orders';
import type { ScenarioControl } from './scenario-control';

export type { SimExecution, SimOrder };

export interface SimulatorOptions {
  /** 0 = a free port (default). */
  port?: number;
  /** Seeds the universe and the price walk (default 1). */
  seed?: number;
  host?: '127.0.0.1';
  /** Price walk + ticker deltas period in ms (default 100; 0 = prices only move through setPrice). */
  tickIntervalMs?: number;
  /** Wall-clock length of an 8 h funding interval (default: Bybit's real settlement times). */
  fundingPeriodMs?: number;
}

export interface SimKey {
  apiKey: string;
  apiSecret: string;
}

export interface CreateKeyOpts {
  readOnly?: boolean;
  withdraw?: boolean;
  /** A key of another environment answers 10003 on the root paths; use `${rest}/demo` or `${rest}/testnet`. */
  environment?: 'mainnet' | 'testnet' | 'demo';
  balanceUsdt?: string;
  ipRestricted?: boolean;
  expiresAt?: string | null;
  /** Extension: share the account (UID, balance, positions, rate limits) of an existing apiKey. */
  accountOf?: string;
  /** Extension: a self-generated RSA key; apiSecret is the PKCS#8 private key PEM (the SDK then signs with RSA). */
  rsa?: boolean;
}

/**
 * rateLimited answers HTTP 200 with retCode 10006 before the request is processed (nothing is booked):
 * how a public endpoint looks when Bybit sheds load, which the per-UID limiter alone never produces.
 */
export type FaultKind = 'http5xx' | 'timeoutAfterAccept' | 'dropConnection' | 'rateLimited';

/** ScenarioControl (scenario-control.ts): mark price, thin books, late rejections, stream faults, funding. */
export interface SimControl extends ScenarioControl {
  createKey(opts?: CreateKeyOpts): SimKey;
  /** Sets last/mark/index (bid/ask around it) and pins the symbol: the random walk no longer moves it. */
  setPrice(symbol: string, price: string): void;
  /** Added to every Bybit REST response and every WS send. */
  setLatency(ms: number): void;
  failNext(opts: { path: string; kind: FaultKind; count?: number }): void;
  /** Drops every queued fault, so one test's leftovers cannot reach the next. */
  clearFaults(): void;
  /** Rejects the next orders on the symbol (all of them until cleared with retCode 0, or `count`). */
  rejectSymbol(symbol: string, retCode: number, retMsg: string, count?: number): void;
  disconnectWebSockets(): void;
  setRateLimit(path: string, perSecond: number): void;
  /** Also lifts current IP bans. `banMs` (extension) defaults to 10 minutes. */
  setIpLimit(perFiveSeconds: number, banMs?: number): void;
  coingeckoFailNext(status: 429 | 500, count?: number): void;
  /** Extension: the last CoinGecko requests (path and demo key sent, or null), oldest first. */
  coingeckoRequests(): { path: string; demoKey: string | null }[];
  /** Fills in `executions`; Funding settlements (not fills) in `funding`. */
  ledger(): { orders: SimOrder[]; executions: SimExecution[]; funding: SimExecution[] };
  clock: { offsetMs: number };
}

export interface Simulator {
  rest: string;
  ws: string;
  coingecko: string;
  apiKey: string;
  apiSecret: string;
  control: SimControl;
  close(): Promise<void>;
}
