import type { AccountSummary } from '../../../shared/domain/account';
import type { AccountSession } from '../bybit-account/exchange-sessions';
import type { Position } from '../exchange';
import type { ActiveProfileServiceDeps } from '../feature';
import { Coalescer, systemTimers, type CoalescerClock } from '../pnl/coalescer';
import { TickerSubscriptions } from '../pnl/ticker-subscriptions';
import { Mutex } from '../util/mutex';
import { AccountFigures } from './account-figures';

/** Follows the account of the active profile; reads Bybit only, not the User Data DB. */
export interface AccountSummaryDeps extends Omit<ActiveProfileServiceDeps, 'db'> {
  session(profileId: number): Promise<AccountSession | null>;
  /** At most one account.updated per this many ms (default 250: 4 a second). */
  emitIntervalMs?: number;
  clock?: CoalescerClock;
}

/** Where one session's figures come from, torn down when the profile or its key changes. */
interface Following {
  profileId: number;
  session: AccountSession;
  figures: AccountFigures;
  stop(): Promise<void>;
}

/** Reads a whole account over REST: the wallet, every USDT position row and the margin mode. */
export async function readAccount(session: AccountSession) {
  const gateway = session.gateway;
  const [wallet, positions, info] = await Promise.all([
    gateway.getWalletBalance(),
    gateway.getPositions({ settleCoin: 'USDT' }),
    gateway.getAccountInfo(),
  ]);
  return { wallet, positions, marginMode: info.marginMode };
}

/**
 * The account summary of the active profile, live: a REST read at start and after every private-stream
 * reconnect, then the `wallet` and `position` pushes, and the ticker stream of the symbols held (for the
 * figures that move with prices; account-figures.ts). Publishes `account.updated` at most 4 times a second,
 * however fast prices move. Another profile's summary is one REST read.
 */
export class AccountSummaryService {
  private readonly clock: CoalescerClock;
  private readonly emitter: Coalescer;
  private readonly lock = new Mutex();
  private following: Following | null = null;
  private unsubscribeEvents: (() => void) | null = null;
  private stopped = false;
  private emitted = 0;

  constructor(private readonly deps: AccountSummaryDeps) {
    this.clock = deps.clock ?? systemTimers;
    this.emitter = new Coalescer(deps.emitIntervalMs ?? 250, () => this.publish(), this.clock);
  }

  /** account.updated events published so far (for the bench). */
  get updatesEmitted(): number {
    return this.emitted;
  }

  async start(): Promise<void> {
    this.unsubscribeEvents = this.deps.events.subscribe((event) => {
      if (event === 'profiles.changed') void this.reload();
    });
    await this.reload();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribeEvents?.();
    this.emitter.stop();
    await this.lock.run(async () => {
      await this.following?.stop();
      this.following = null;
    });
  }

  async summary(profileId?: number): Promise<AccountSummary | null> {
    const id = profileId ?? (await this.deps.activeProfileId());
    const following = this.following;
    if (following && following.profileId === id && following.figures.seeded)
      return following.figures.summary(id);
    const session = await this.deps.session(id);
    if (!session) return null;
    const figures = new AccountFigures();
    figures.seed(await readAccount(session), this.clock.now());
    figures.live = false;
    return figures.summary(id);
  }

  /** Bybit's open rows of the followed account (liqPrice, IM, MM), or null when it is not followed. */
  rows(profileId: number): { rows: Position[]; markOf(symbol: string): string | null } | null {
    const following = this.following;
    if (!following || following.profileId !== profileId || !following.figures.seeded) return null;
    return {
      rows: following.figures.openRows(),
      markOf: (symbol) => following.figures.markOf(symbol)?.toFixed() ?? null,
    };
  }

  /** Follows the active profile's account (at start, and when profiles or keys change). */
  reload(): Promise<void> {
    return this.lock.run(async () => {
      if (this.stopped) return;
      let profileId: number;
      try {
        profileId = await this.deps.activeProfileId();
      } catch {
        return; // no profile yet
      }
      const session = await this.deps.session(profileId).catch(() => null);
      if (this.following?.profileId === profileId && this.following.session === session) return;
      await this.following?.stop();
      this.following = null;
      if (session) this.following = await this.follow(profileId, session);
      this.emitter.request();
    });
  }

  private async follow(profileId: number, session: AccountSession): Promise<Following> {
    const figures = new AccountFigures();
    const streams = session.streams();
    const changed = () => {
      tickers.sync(figures.held());
      this.emitter.request();
    };
    const tickers = new TickerSubscriptions(
      (tick) => {
        if (figures.mark(tick.symbol, tick.markPrice, this.clock.now())) this.emitter.request();
      },
      this.deps.logger,
      this.clock.now,
    );
    await tickers.setSource({
      subscribeTickers: (symbols, onTick) => streams.subscribeTickers(symbols, onTick),
    });
    let reading: Promise<void> | null = null;
    const readRest = () =>
      (reading ??= (async () => {
        const askedAt = this.clock.now();
        try {
          figures.seed(await readAccount(session), askedAt);
          changed();
        } catch (error) {
          this.deps.logger.warn('could not read the account summary', { profileId, error: String(error) });
        }
      })().finally(() => (reading = null)));
    const unsubscribeState = streams.onState((stream, state) => {
      if (stream !== 'private') return;
      const live = state === 'connected' || state === 'resubscribed';
      if (figures.live !== live) {
        figures.live = live;
        this.emitter.request();
      }
      // What the stream missed while away: the whole account again.
      if (state === 'resubscribed') void readRest();
    });
    let unsubscribePrivate: (() => Promise<void>) | null = null;
    try {
      unsubscribePrivate = await streams.subscribePrivate({
        onWallet: (wallets) => {
          const wallet = wallets.find((w) => w.accountType === 'UNIFIED') ?? wallets[0];
          if (!wallet) return;
          figures.pushedWallet(wallet, this.clock.now());
          changed();
        },
        onPositions: (rows) => {
          figures.pushedPositions(rows, this.clock.now());
          changed();
        },
      });
      figures.live = true;
    } catch (error) {
      this.deps.logger.warn('private stream unavailable; the account summary is read over REST only', {
        profileId,
        error: String(error),
      });
    }
    await readRest();
    return {
      profileId,
      session,
      figures,
      stop: async () => {
        unsubscribeState();
        await unsubscribePrivate?.().catch(() => undefined);
        await tickers.dropAll();
      },
    };
  }

  private publish(): void {
    const following = this.following;
    if (this.stopped || !following?.figures.seeded) return;
    this.emitted += 1;
    this.deps.events.emit('account.updated', following.figures.summary(following.profileId));
  }
}
