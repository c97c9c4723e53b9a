import { Account } from './accounts';
import { D, type Dec } from './decimal';
import { type Instrument, buildInstruments } from './instruments';
import { Delistings } from './delisting';
import { type Environment, KeyStore, type KeyRecord } from './keys';
import { Funding } from './funding';
import { LookupLag } from './lookup-lag';
import type { AccountKind, MarginMode } from './margin';
import { MarketHistory } from './history';
import { Market } from './market';
import { TimerSet } from './timers';
import type { OrderRecord, SimExecution } from './orders';
import { buildUniverse, type CoinSpec } from './universe';

export type PrivateTopic = 'order' | 'execution' | 'position' | 'wallet';
export type PrivateListener = (uid: string, topic: PrivateTopic, data: unknown[]) => void;

export interface CreateKeyOptions {
  readOnly?: boolean;
  withdraw?: boolean;
  environment?: Environment;
  balanceUsdt?: string;
  ipRestricted?: boolean;
  expiresAt?: string | null;
  /** Share the account (UID) of this existing apiKey instead of opening a new one. */
  accountOf?: string;
  /** A self-generated RSA key: apiSecret is then the private key PEM. */
  rsa?: boolean;
  /** A new account's kind (default 'uta2'); ignored with accountOf. */
  accountKind?: AccountKind;
  /** A new account's margin mode (default REGULAR_MARGIN; unified accounts only); ignored with accountOf. */
  marginMode?: MarginMode;
}

/** An order that is acknowledged, then ends Rejected or Cancelled without a fill. */
export interface AckRejection {
  status: 'Rejected' | 'Cancelled';
  rejectReason: string;
  cancelType: string;
  delayMs: number;
}

interface SymbolRejection {
  retCode: number;
  retMsg: string;
  /** Orders still to reject; null = until cleared. */
  remaining: number | null;
}

/**
 * All exchange state in one place: the universe, instruments, prices, keys and accounts, plus the
 * listeners that turn account changes into private WebSocket pushes.
 */
export class Engine {
  readonly universe: CoinSpec[];
  readonly instruments: Instrument[];
  readonly instrumentsBySymbol: Map<string, Instrument>;
  readonly market: Market;
  readonly keys = new KeyStore();
  readonly accounts = new Map<string, Account>();
  readonly rejections = new Map<string, SymbolRejection>();
  /** Per symbol, the next orders to end Rejected/Cancelled after their acknowledgement (one entry each). */
  readonly ackRejections = new Map<string, AckRejection[]>();
  readonly clock = { offsetMs: 0 };
  /** Every accepted order and every fill, across accounts, in order: the "never sent twice" ledger. */
  readonly ledgerOrders: OrderRecord[] = [];
  readonly ledgerExecutions: SimExecution[] = [];
  /** Every Funding execution, across accounts (they are not fills, so not in ledgerExecutions). */
  readonly ledgerFunding: SimExecution[] = [];
  readonly funding: Funding;
  readonly delistings: Delistings;
  /** How late the order and execution lookups see what was booked (0-2 s per order by default). */
  readonly lookupLag: LookupLag;
  /** The past served by the market-history endpoints (history.ts). */
  readonly history: MarketHistory;
  private readonly listeners: PrivateListener[] = [];
  private nextUid = 100_000_001;
  private execSeq = 1;

  /** Every delayed action (late order states, held stream messages) goes through here, cancelled on close. */
  constructor(
    seed: number,
    readonly timers: TimerSet = new TimerSet(),
  ) {
    this.universe = buildUniverse(seed);
    this.instruments = buildInstruments(this.universe, seed);
    this.instrumentsBySymbol = new Map(this.instruments.map((i) => [i.symbol, i]));
    this.funding = new Funding(this);
    this.delistings = new Delistings(this);
    this.market = new Market(this.instruments, seed, this.funding.clock);
    this.lookupLag = new LookupLag(seed);
    this.history = new MarketHistory(this, seed);
  }

  /** Server time as Bybit would see it (Date.now() plus the injected skew). */
  now(): number {
    return Date.now() + this.clock.offsetMs;
  }

  nextExecSeq(): number {
    return this.execSeq++;
  }

  createKey(opts: CreateKeyOptions = {}): KeyRecord {
    let uid: string;
    if (opts.accountOf) {
      const owner = this.keys.get(opts.accountOf);
      if (!owner) throw new Error(`accountOf: unknown apiKey ${opts.accountOf}`);
      uid = owner.uid;
    } else {
      uid = String(this.nextUid++);
      const balance = new D(opts.balanceUsdt ?? '100000');
      const kind = opts.accountKind ?? 'uta2';
      if (kind === 'classic' && opts.marginMode && opts.marginMode !== 'REGULAR_MARGIN')
        throw new Error('a classic account has no account-wide margin mode');
      const account = new Account(uid, balance, kind);
      account.marginMode = opts.marginMode ?? 'REGULAR_MARGIN';
      this.accounts.set(uid, account);
    }
    return this.keys.create({
      uid,
      readOnly: opts.readOnly ?? false,
      withdraw: opts.withdraw ?? false,
      environment: opts.environment ?? 'mainnet',
      ipRestricted: opts.ipRestricted ?? false,
      expiresAt: opts.expiresAt === undefined ? null : opts.expiresAt,
      rsa: opts.rsa ?? false,
    });
  }

  account(uid: string): Account {
    const a = this.accounts.get(uid);
    if (!a) throw new Error(`no account ${uid}`);
    return a;
  }

  instrument(symbol: string): Instrument | undefined {
    return this.instrumentsBySymbol.get(symbol);
  }

  setPrice(symbol: string, price: string): void {
    this.market.setPrice(symbol, new D(price));
  }

  rejectSymbol(symbol: string, retCode: number, retMsg: string, count?: number): void {
    if (retCode === 0) this.rejections.delete(symbol);
    else this.rejections.set(symbol, { retCode, retMsg, remaining: count ?? null });
  }

  /** Consumes one injected rejection for the symbol, if any. */
  takeRejection(symbol: string): { retCode: number; retMsg: string } | null {
    const r = this.rejections.get(symbol);
    if (!r) return null;
    if (r.remaining !== null) {
      r.remaining -= 1;
      if (r.remaining <= 0) this.rejections.delete(symbol);
    }
    return { retCode: r.retCode, retMsg: r.retMsg };
  }

  /** Queues `count` late rejections for the symbol; count 0 clears them. */
  rejectAfterAck(symbol: string, rejection: AckRejection, count: number): void {
    if (count === 0) this.ackRejections.delete(symbol);
    else
      this.ackRejections.set(symbol, [
        ...(this.ackRejections.get(symbol) ?? []),
        ...Array(count).fill(rejection),
      ]);
  }

  takeAckRejection(symbol: string): AckRejection | null {
    const queue = this.ackRejections.get(symbol);
    const next = queue?.shift() ?? null;
    if (queue && queue.length === 0) this.ackRejections.delete(symbol);
    return next;
  }

  onPrivate(listener: PrivateListener): void {
    this.listeners.push(listener);
  }

  publish(uid: string, topic: PrivateTopic, data: unknown[]): void {
    for (const l of this.listeners) l(uid, topic, data);
  }

  walletValue(uid: string): Dec {
    return this.account(uid).wallet;
  }
}
