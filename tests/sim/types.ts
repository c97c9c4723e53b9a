import type { SimExecution, SimOrder } from './bybit/orders';
import type { Sighting } from './bybit/sightings';
import type { EventControl } from './event-control';
import type { HistoryControl } from './history-control';
import type { ScenarioControl } from './scenario-control';

export type { SimExecution, SimOrder };

export interface SimulatorOptions {
  /** 0 = a free port (default; with a saved state, the port it had when it can). */
  port?: number;
  /**
   * Extension: the simulator's state is kept in this file (bybit/sim-state.ts): loaded at start when it
   * exists, saved after every account change, every 2 s and on close. A restart is the same exchange.
   */
  stateFile?: string;
  /** Seeds the universe and the price walk (default 1; a saved state keeps its own). */
  seed?: number;
  host?: '127.0.0.1';
  /** Price walk + ticker deltas period in ms (default 100; 0 = prices only move through setPrice). */
  tickIntervalMs?: number;
  /** Wall-clock length of an 8 h funding interval (default: Bybit's real settlement times). */
  fundingPeriodMs?: number;
  /** The lookup lag to start with (see SimControl.setLookupLag); default a random 0-2000 ms per order. */
  lookupLag?: number | { maxMs: number; seed?: number };
  /** Whole UTC days of mark-price klines and funding history before the start day (default 30). */
  historyDays?: number;
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
  /**
   * A new account's kind: 'uta2' (default, unified trading account 2.0), 'uta1' or 'classic' (query-api
   * `uta` 0, account/info `unifiedMarginStatus` 1, wallet `accountType` CONTRACT).
   */
  accountKind?: 'classic' | 'uta1' | 'uta2';
  /** A new unified account's margin mode (default REGULAR_MARGIN); PORTFOLIO_MARGIN is computed as cross. */
  marginMode?: 'REGULAR_MARGIN' | 'ISOLATED_MARGIN' | 'PORTFOLIO_MARGIN';
}

/**
 * rateLimited answers HTTP 200 with retCode 10006 before the request is processed (nothing is booked):
 * how a public endpoint looks when Bybit sheds load, which the per-UID limiter alone never produces.
 */
export type FaultKind =
  'http5xx' | 'timeoutAfterAccept' | 'dropConnection' | 'rateLimited' | AcceptedThenFaultKind;

/**
 * Faults where the request IS processed (an order is booked) but the client cannot tell:
 * `bookAfterTimeout` holds the request without an answer and processes it `delayMs` (default 1000) after it
 * arrived, its timestamp checked on arrival as Bybit does, so it is booked after the client gave up;
 * the others answer HTTP 503, retCode 10000 / 10016, or a 200 whose body is not JSON.
 */
export type AcceptedThenFaultKind =
  | 'bookAfterTimeout'
  | 'http5xxAfterAccept'
  | 'retCode10000AfterAccept'
  | 'retCode10016AfterAccept'
  | 'nonJsonAfterAccept';

/** One orderLinkId as it reached /v5/order/create or /v5/order/create-batch, before any check. */
export interface WireSend {
  path: string;
  orderLinkId: string;
  /** The X-BAPI-API-KEY header as sent ('' without one). */
  apiKey: string;
  /** Local ms when it arrived. */
  at: number;
  /**
   * True when this very send booked the order; false when it was refused or never processed (10006, a
   * fault, a 110072 duplicate). A second send after a booked one is the duplicate 110072 would hide.
   */
  booked: boolean;
}

/**
 * ScenarioControl (scenario-control.ts): mark price, thin books, late rejections, stream faults, funding.
 * EventControl (event-control.ts): liquidation, auto-deleveraging, delisting.
 * HistoryControl (history-control.ts): the simulated past of mark prices and funding.
 */
export interface SimControl extends ScenarioControl, EventControl, HistoryControl {
  createKey(opts?: CreateKeyOpts): SimKey;
  /**
   * Sets last/mark/index (bid/ask around it) and pins the symbol: the random walk no longer moves it. A mark
   * that reaches a position's liquidation price liquidates it at once.
   */
  setPrice(symbol: string, price: string): void;
  /** Added to every Bybit REST response and every WS send. */
  setLatency(ms: number): void;
  /** `delayMs` is for `bookAfterTimeout`: how long after arrival the held request is processed. */
  failNext(opts: { path: string; kind: FaultKind; count?: number; delayMs?: number }): void;
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
  /**
   * Orders clients placed in `orders` (not the liquidation and ADL orders Bybit's engine creates); every
   * execution that changes a position in `executions` (Trade, BustTrade, AdlTrade, Delivery); Funding
   * settlements in `funding`.
   */
  ledger(): { orders: SimOrder[]; executions: SimExecution[]; funding: SimExecution[] };
  /**
   * Orders and their fills become visible in /v5/order/realtime, /v5/order/history and
   * /v5/execution/list only some time after they were booked, as on Bybit: a number = every order lags
   * that many ms (0 turns the lag off); `{maxMs, seed?}` = each order draws its own lag from 0 to maxMs
   * (seeded). Default `{maxMs: 2000}`, seeded by the simulator's seed.
   */
  setLookupLag(lag: number | { maxMs: number; seed?: number }): void;
  /**
   * Extension: every orderLinkId received by order create / create-batch, in arrival order, recorded before
   * any check (so a resend that 110072 refused, or one that met a fault, still counts). The ledger cannot
   * prove that nothing was sent twice; this can.
   */
  wireSends(): WireSend[];
  /**
   * Extension: every private execution or position push that went out (not one the transport dropped) and
   * every REST read of the account's positions, so a judge can tell when a client could first have seen a fill.
   */
  sightings(): Sighting[];
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
