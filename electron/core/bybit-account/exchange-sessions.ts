import {
  BybitGateway,
  BybitStreams,
  type BybitGatewayOptions,
  type BybitStreamsOptions,
  type Credentials,
  type ExchangeEndpoints,
} from '../exchange';
import { PriceFeed } from '../exchange/price-feed';
import { RateLimits, WindowLimiter, systemClock } from '../exchange/rate-limiter';
import type { Logger } from '../util/logger';

/** What a session is built from: the profile's stored key and what it may do. */
export interface SessionAccess {
  endpoints: ExchangeEndpoints;
  /** Decrypts the key; only called when a session is (re)built. */
  credentials(): Promise<Credentials>;
  monitorOnly: boolean;
  /** Bybit UID from query-api; null on demo trading. */
  uid: string | null;
  /** The account the key trades (accountRef): positions are bound to it. */
  account: string;
  /** Changes whenever the stored key changes (its updated_at), so a replaced key gets a new session. */
  version: string;
}

/** One profile's signed access to Bybit: its gateway and, once asked for, its streams. */
export interface AccountSession {
  profileId: number;
  endpoints: ExchangeEndpoints;
  monitorOnly: boolean;
  uid: string | null;
  /** The account the key trades (accountRef): positions are bound to it. */
  account: string;
  gateway: BybitGateway;
  /** The private (order, execution, position, wallet) and public streams with this key, opened on first use. */
  streams(): BybitStreams;
}

export interface ExchangeSessionsOptions {
  logger: Logger;
  /** The profile's key, or null when it has none. */
  loadAccess(profileId: number): Promise<SessionAccess | null>;
  gateway?: Omit<BybitGatewayOptions, 'endpoints' | 'credentials' | 'logger' | 'rateLimits'>;
  streams?: Omit<BybitStreamsOptions, 'endpoints' | 'credentials' | 'logger' | 'gateway'>;
  /** The price feeds' clock (tests age the ticks without waiting). */
  prices?: { now?: () => number };
}

/** The streams of a session, created on first use and closed with it. */
interface StreamsHolder {
  streams: BybitStreams | null;
}

interface Entry {
  version: string;
  session: Promise<AccountSession>;
  holder: StreamsHolder;
}

/**
 * Every connection Synthex keeps to Bybit. Bybit limits requests per UID and per IP, so everything that
 * calls Bybit for one account shares one gateway (and so one limiter): previews, positions, reconciliation
 * and PnL all come here. Public market data goes through one unsigned gateway per environment. All of
 * them share the process-wide IP limiter.
 */
export class ExchangeSessions {
  private readonly ip = new WindowLimiter(550, 5000, systemClock);
  private readonly limitsByAccount = new Map<string, RateLimits>();
  private readonly markets = new Map<string, BybitGateway>();
  private readonly feeds = new Map<string, { streams: BybitStreams; feed: PriceFeed }>();
  private readonly accounts = new Map<number, Entry>();
  private closed = false;

  constructor(private readonly options: ExchangeSessionsOptions) {}

  /** Unsigned market data (instruments, tickers) for an environment. */
  market(endpoints: ExchangeEndpoints): BybitGateway {
    let gateway = this.markets.get(endpoints.restUrl);
    if (!gateway) {
      gateway = new BybitGateway({
        ...this.options.gateway,
        endpoints,
        credentials: null,
        logger: this.options.logger,
        rateLimits: new RateLimits({ ip: this.ip }),
      });
      this.markets.set(endpoints.restUrl, gateway);
    }
    return gateway;
  }

  /** Live prices for an environment, shared by every profile trading there (public data, no key). */
  prices(endpoints: ExchangeEndpoints): PriceFeed {
    let entry = this.feeds.get(endpoints.publicWsUrl);
    if (!entry) {
      const streams = new BybitStreams({
        ...this.options.streams,
        endpoints,
        credentials: null,
        logger: this.options.logger,
      });
      entry = { streams, feed: new PriceFeed(streams, this.market(endpoints), this.options.prices) };
      this.feeds.set(endpoints.publicWsUrl, entry);
    }
    return entry.feed;
  }

  /** The profile's signed session, built (clock synced) on first use and rebuilt when its key changed. */
  async account(profileId: number): Promise<AccountSession | null> {
    if (this.closed) return null;
    const access = await this.options.loadAccess(profileId);
    const current = this.accounts.get(profileId);
    if (!access) {
      if (current) await this.drop(profileId);
      return null;
    }
    if (current && current.version === access.version) return current.session;
    if (current) await this.drop(profileId);
    const holder: StreamsHolder = { streams: null };
    const entry: Entry = { version: access.version, session: this.build(profileId, access, holder), holder };
    entry.session.catch(() => {
      if (this.accounts.get(profileId) === entry) this.accounts.delete(profileId);
    });
    this.accounts.set(profileId, entry);
    return entry.session;
  }

  /** Forget a profile's session (its key was deleted or replaced); its streams are closed. */
  async drop(profileId: number): Promise<void> {
    const entry = this.accounts.get(profileId);
    this.accounts.delete(profileId);
    await entry?.holder.streams?.close();
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.accounts.keys()].map((id) => this.drop(id)));
    await Promise.all([...this.feeds.values()].map((entry) => entry.streams.close()));
    this.feeds.clear();
  }

  private async build(
    profileId: number,
    access: SessionAccess,
    holder: StreamsHolder,
  ): Promise<AccountSession> {
    const credentials = await access.credentials();
    const gateway = new BybitGateway({
      ...this.options.gateway,
      endpoints: access.endpoints,
      credentials,
      logger: this.options.logger,
      rateLimits: this.limitsFor(access, profileId),
    });
    await gateway.start();
    return {
      profileId,
      endpoints: access.endpoints,
      monitorOnly: access.monitorOnly,
      uid: access.uid,
      account: access.account,
      gateway,
      streams: () =>
        (holder.streams ??= new BybitStreams({
          ...this.options.streams,
          endpoints: access.endpoints,
          credentials,
          logger: this.options.logger,
          gateway,
        })),
    };
  }

  /** One limiter per Bybit UID (and environment); a key without a known UID gets its own. */
  private limitsFor(access: SessionAccess, profileId: number): RateLimits {
    const account = `${access.endpoints.restUrl}|${access.uid ?? `profile:${profileId}`}`;
    let limits = this.limitsByAccount.get(account);
    if (!limits) {
      limits = new RateLimits({ ip: this.ip });
      this.limitsByAccount.set(account, limits);
    }
    return limits;
  }
}
