import type { PrivateTopic } from './bybit/engine';
import type { SimExecution, SimOrder } from './bybit/orders';
import type { StreamFaultKind } from './bybit/stream-faults';

export type { PrivateTopic, SimExecution, SimOrder, StreamFaultKind };

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

export interface SimControl {
  createKey(opts?: CreateKeyOpts): SimKey;
  /** Sets last/mark/index (bid/ask around it) and pins the symbol: the random walk no longer moves it. */
  setPrice(symbol: string, price: string): void;
  /** Sets the mark price alone (tick-rounded) and pins it; the last price keeps walking unless pinned. */
  setMarkPrice(symbol: string, price: string): void;
  /**
   * A thin book on the symbol: exactly `levels` levels of `levelSize` (on the qtyStep) each side, so IOC
   * and market orders fill partly and the rest is cancelled. Neither field restores the default book.
   */
  setBookDepth(opts: { symbol: string; levelSize?: string; levels?: number }): void;
  /** Added to every Bybit REST response and every WS send. */
  setLatency(ms: number): void;
  failNext(opts: { path: string; kind: FaultKind; count?: number }): void;
  /** Drops every queued fault, so one test's leftovers cannot reach the next. */
  clearFaults(): void;
  /** Rejects the next orders on the symbol (all of them until cleared with retCode 0, or `count`). */
  rejectSymbol(symbol: string, retCode: number, retMsg: string, count?: number): void;
  /**
   * The next `count` (default 1; 0 clears) orders on the symbol pass every check and are acknowledged
   * (retCode 0, orderId), stay New for `delayMs` (default 50), then end `status` with no fill, pushed on
   * the order stream and shown by lookups. rejectReason defaults to EC_Others (Rejected) or EC_NoError
   * (Cancelled); cancelType (Cancelled only) to CancelByAdmin.
   */
  rejectAfterAck(opts: {
    symbol: string;
    status: 'Rejected' | 'Cancelled';
    rejectReason?: string;
    cancelType?: string;
    count?: number;
    delayMs?: number;
  }): void;
  disconnectWebSockets(): void;
  /**
   * Seeded transport faults on private pushes, per frame and connection: probabilities (sum ≤ 1) of
   * dropping it, sending it twice, or holding it until the next frame on that connection went out (or
   * 250 ms). Replaces the previous rates; all zero turns them off. `topics` defaults to all four,
   * `apiKey` limits them to that key's account, `seed` defaults to 1. REST and every seq stay truthful.
   */
  setPrivateStreamFaults(opts: {
    drop?: number;
    duplicate?: number;
    reorder?: number;
    topics?: PrivateTopic[];
    apiKey?: string;
    seed?: number;
  }): void;
  /** The next `count` (default 1) frames of the topic (to `apiKey`'s account, or any) get this fault. */
  privateStreamFaultNext(opts: {
    topic: PrivateTopic;
    kind: StreamFaultKind;
    count?: number;
    apiKey?: string;
  }): void;
  /** Drops the rates and every queued one-shot stream fault. */
  clearPrivateStreamFaults(): void;
  setRateLimit(path: string, perSecond: number): void;
  /** Also lifts current IP bans. `banMs` (extension) defaults to 10 minutes. */
  setIpLimit(perFiveSeconds: number, banMs?: number): void;
  coingeckoFailNext(status: 429 | 500, count?: number): void;
  /** Extension: the last CoinGecko requests (path and demo key sent, or null), oldest first. */
  coingeckoRequests(): { path: string; demoKey: string | null }[];
  /** Fills in `executions`; Funding settlements (not fills) in `funding`. */
  ledger(): { orders: SimOrder[]; executions: SimExecution[]; funding: SimExecution[] };
  /**
   * Compresses funding: an 8 h interval lasts `ms` of wall time from now (a 4 h one half of that);
   * null returns to Bybit's real settlement times (every fundingInterval since the epoch, server clock).
   */
  setFundingPeriod(ms: number | null): void;
  /** Settles funding now for every trading perpetual (or one symbol); returns the Funding executions. */
  settleFunding(symbol?: string): SimExecution[];
  /** Sets the funding rate of a perpetual ("-0.0003"; within ±0.02); tickers show it. */
  setFundingRate(symbol: string, rate: string): void;
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
