import type { Kysely } from 'kysely';
import type { EventPayload } from '../../../shared/contract';
import { Dec } from '../../../shared/decimal';
import type { PnlHistory, PnlTick } from '../../../shared/domain/pnl';
import type { UserDb } from '../db';
import type { EventBus } from '../rpc/event-bus';
import type { Logger } from '../util/logger';
import { Mutex } from '../util/mutex';
import { Coalescer, systemTimers, type CoalescerClock } from './coalescer';
import { shareFunding, type FundingExecution } from './funding-shares';
import { PnlBook } from './pnl-book';
import { activePnlInputs, positionPnlInput } from './pnl-inputs';
import {
  insertFundingShares,
  positionHistory,
  pruneSnapshots,
  totalHistory,
  writeSnapshots,
  writeUnrealized,
} from './pnl-repository';

/** Where mark prices and funding come from for one profile: its Bybit session's streams. */
export interface MarketSource {
  /** The same value while the source is the same connection (a new API key makes a new one). */
  key: unknown;
  subscribeTickers(
    symbols: string[],
    onTick: (tick: { symbol: string; markPrice: string }) => void,
  ): Promise<() => Promise<void>>;
  /** Funding settlements (execType Funding) on the account; optional (monitor-only sources may lack it). */
  subscribeFunding?(onFunding: (executions: FundingExecution[]) => void): Promise<() => Promise<void>>;
}

export interface PnlServiceOptions {
  /** At most one pnl.tick per this many ms (default 250: 4 a second). */
  emitIntervalMs?: number;
  /** unrealized_pnl is written at most this often (default 5 s), and at close and stop. */
  persistIntervalMs?: number;
  /** A symbol without a tick for this long is stale (default 30 s). */
  staleAfterMs?: number;
  /** History is kept this many days (default 90). */
  keepDays?: number;
  clock?: CoalescerClock;
}

export interface PnlServiceDeps {
  db: () => Kysely<UserDb>;
  events: EventBus;
  logger: Logger;
  /** The profile whose ACTIVE positions are followed (the one the windows show). */
  activeProfileId(): Promise<number>;
  market(profileId: number): Promise<MarketSource | null>;
  options?: PnlServiceOptions;
}

const staleCheckMs = 1000;
const pruneEveryMs = 6 * 3600_000;
const resubscribeAfterMs = 10_000;

/**
 * The live PnL of the active profile's ACTIVE positions. It follows positions.updated (a fill, a status
 * change) by re-reading that one position's trades, subscribes to the ticker stream of exactly the symbols
 * held, folds marks into the book and publishes `pnl.tick` at most 4 times a second. unrealized_pnl is
 * written for all positions in one statement every few seconds, and minute snapshots feed the charts.
 */
export class PnlService {
  readonly book = new PnlBook();
  private readonly clock: CoalescerClock;
  private readonly emitter: Coalescer;
  private readonly lock = new Mutex();
  private readonly subscriptions = new Map<string, Promise<(() => Promise<void>) | null>>();
  private readonly written = new Map<number, string>();
  private unsubscribeFunding: (() => Promise<void>) | null = null;
  private source: MarketSource | null = null;
  private profileId: number | null = null;
  private lastStale = '';
  private lastResubscribe = 0;
  private latest: PnlTick;
  private timers: NodeJS.Timeout[] = [];
  private minuteTimer: NodeJS.Timeout | null = null;
  private unsubscribeEvents: (() => void) | null = null;
  private stopped = false;

  constructor(private readonly deps: PnlServiceDeps) {
    this.clock = deps.options?.clock ?? systemTimers;
    this.emitter = new Coalescer(deps.options?.emitIntervalMs ?? 250, () => this.publish(), this.clock);
    this.latest = this.book.snapshot(this.clock.now(), this.staleAfterMs);
  }

  private get staleAfterMs(): number {
    return this.deps.options?.staleAfterMs ?? 30_000;
  }

  async start(): Promise<void> {
    this.unsubscribeEvents = this.deps.events.subscribe((event, payload) => {
      if (event === 'positions.updated') this.positionChanged(payload as EventPayload<'positions.updated'>);
      if (event === 'profiles.changed') void this.reload();
    });
    const every = (ms: number, task: () => void) => {
      const timer = setInterval(task, ms);
      timer.unref();
      this.timers.push(timer);
    };
    every(staleCheckMs, () => this.checkStale());
    every(this.deps.options?.persistIntervalMs ?? 5000, () => void this.persist());
    every(pruneEveryMs, () => void this.prune());
    this.armMinute();
    await this.reload();
    await this.prune();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribeEvents?.();
    for (const timer of this.timers) clearInterval(timer);
    if (this.minuteTimer) clearTimeout(this.minuteTimer);
    this.emitter.stop();
    await this.lock.run(async () => {
      await this.persist();
      await this.dropSubscriptions();
    });
  }

  /** The figures as of now (what a page that just opened shows before the next tick). */
  current(): PnlTick {
    this.book.fold();
    this.latest = this.book.snapshot(this.clock.now(), this.staleAfterMs);
    return this.latest;
  }

  async history(request: { positionIds?: number[]; hours: number }): Promise<PnlHistory> {
    const profileId = await this.deps.activeProfileId();
    const since = new Date(this.clock.now() - request.hours * 3600_000);
    const ids = request.positionIds ?? [];
    const [total, series] = await Promise.all([
      totalHistory(this.deps.db(), profileId, since),
      positionHistory(this.deps.db(), profileId, ids, since),
    ]);
    return { total, positions: [...series].map(([id, points]) => ({ id, points })) };
  }

  // ---- following positions ------------------------------------------------------------------------

  /** Re-reads every ACTIVE position of the active profile (at start and when the profile changes). */
  reload(): Promise<void> {
    return this.lock.run(async () => {
      if (this.stopped) return;
      let profileId: number;
      try {
        profileId = await this.deps.activeProfileId();
      } catch {
        return; // no profile yet
      }
      if (profileId !== this.profileId) {
        await this.persist();
        for (const id of this.book.positionIds()) this.book.removePosition(id);
        this.written.clear();
        this.profileId = profileId;
      }
      // A profile that got its key only now, or a new key (a new session), needs its streams (again).
      const source = await this.deps.market(profileId).catch(() => null);
      if (source?.key !== this.source?.key) {
        await this.dropSubscriptions();
        this.source = source;
        await this.followFunding();
      }
      for (const input of await activePnlInputs(this.deps.db(), profileId)) this.book.setPosition(input);
      await this.syncSubscriptions();
      this.emitter.request();
    });
  }

  private positionChanged(position: EventPayload<'positions.updated'>): void {
    if (position.profileId !== this.profileId) return;
    const final = position.status === 'CLOSED' || position.status === 'FAILED';
    // A position that left the book while CLOSING still carries its last live figure: once it is final,
    // its PnL is all realised.
    const settle = final && !this.book.has(position.id) && !new Dec(position.unrealizedPnl).isZero();
    if (position.status !== 'ACTIVE' && !this.book.has(position.id) && !settle) return;
    void this.refresh(position.id).catch((error: unknown) =>
      this.deps.logger.warn('could not follow a position for PnL', {
        positionId: position.id,
        error: String(error),
      }),
    );
  }

  /** One position again from its trades; one that left ACTIVE gets its last figure written and leaves. */
  private refresh(id: number): Promise<void> {
    return this.lock.run(async () => {
      if (this.stopped) return;
      const found = await positionPnlInput(this.deps.db(), id);
      if (found?.input) {
        this.book.setPosition(found.input);
      } else if (this.book.has(id)) {
        this.book.fold();
        const final = found && (found.row.status === 'CLOSED' || found.row.status === 'FAILED');
        // A closed position's PnL is all realised; a closing one keeps its last live figure.
        const value = final ? '0' : (this.book.unrealized(id)?.toDecimalPlaces(8).toFixed() ?? '0');
        await writeUnrealized(this.deps.db(), new Map([[id, value]]));
        this.book.removePosition(id);
        this.written.delete(id);
      } else if (found && (found.row.status === 'CLOSED' || found.row.status === 'FAILED')) {
        await writeUnrealized(this.deps.db(), new Map([[id, '0']]));
      }
      await this.syncSubscriptions();
      this.emitter.request();
    });
  }

  // ---- prices -------------------------------------------------------------------------------------

  private ticks = 0;

  private readonly onTick = (tick: { symbol: string; markPrice: string }) => {
    this.ticks += 1;
    if (this.book.tick(tick.symbol, tick.markPrice, this.clock.now())) this.emitter.request();
  };

  /** Ticks received since start (for the bench and the storm test). */
  get ticksReceived(): number {
    return this.ticks;
  }

  /** Ticker subscriptions follow the symbols held: new ones are subscribed, unheld ones dropped. */
  private async syncSubscriptions(): Promise<void> {
    const source = this.source;
    if (!source) return;
    const wanted = new Set(this.book.heldSymbols());
    for (const [symbol, subscription] of this.subscriptions) {
      if (wanted.has(symbol)) continue;
      this.subscriptions.delete(symbol);
      void subscription.then((unsubscribe) => unsubscribe?.()).catch(() => undefined);
    }
    const fresh = [...wanted].filter((symbol) => !this.subscriptions.has(symbol));
    if (fresh.length === 0) return;
    this.lastResubscribe = this.clock.now();
    const pending = source.subscribeTickers(fresh, this.onTick).catch((error: unknown) => {
      // Refused or unconfirmed: the figures turn stale, and the stale check subscribes again later.
      this.deps.logger.warn('could not subscribe to tickers for PnL', {
        symbols: fresh,
        error: String(error),
      });
      for (const symbol of fresh)
        if (this.subscriptions.get(symbol) === pending) this.subscriptions.delete(symbol);
      return null;
    });
    for (const symbol of fresh) this.subscriptions.set(symbol, pending);
  }

  private async dropSubscriptions(): Promise<void> {
    const handles = new Set(this.subscriptions.values());
    this.subscriptions.clear();
    await Promise.all(
      [...handles].map((h) => h.then((unsubscribe) => unsubscribe?.()).catch(() => undefined)),
    );
    await this.unsubscribeFunding?.().catch(() => undefined);
    this.unsubscribeFunding = null;
  }

  private checkStale(): void {
    const now = this.clock.now();
    const stale = this.book.staleSymbols(now, this.staleAfterMs).join(',');
    if (stale !== this.lastStale) {
      this.lastStale = stale;
      this.emitter.request();
    }
    const missing = this.book.heldSymbols().some((symbol) => !this.subscriptions.has(symbol));
    if (missing && now - this.lastResubscribe >= resubscribeAfterMs)
      void this.lock.run(() => this.syncSubscriptions());
  }

  // ---- funding ------------------------------------------------------------------------------------

  private async followFunding(): Promise<void> {
    if (!this.source?.subscribeFunding) return;
    try {
      this.unsubscribeFunding = await this.source.subscribeFunding(
        (executions) => void this.onFunding(executions),
      );
    } catch (error) {
      this.deps.logger.warn('funding settlements are not followed', { error: String(error) });
    }
  }

  /** Shares each Funding settlement out to the positions holding the symbol, stores it once, re-reads them. */
  private onFunding(executions: FundingExecution[]): Promise<void> {
    return this.lock.run(async () => {
      const shares = executions.flatMap((execution) =>
        shareFunding(execution, this.book.holders(execution.symbol)),
      );
      if (shares.length === 0) return;
      await insertFundingShares(this.deps.db(), shares);
      const ids = new Set(shares.map((share) => share.positionId));
      for (const id of ids) {
        const found = await positionPnlInput(this.deps.db(), id);
        if (found?.input) this.book.setPosition(found.input);
      }
      this.emitter.request();
    });
  }

  // ---- output -------------------------------------------------------------------------------------

  private publish(): void {
    if (this.stopped) return;
    this.deps.events.emit('pnl.tick', this.current());
  }

  /** unrealized_pnl of every position whose figure changed since the last write, in one statement. */
  private async persist(): Promise<void> {
    this.book.fold();
    const changed = new Map<number, string>();
    for (const id of this.book.positionIds()) {
      const value = this.book.unrealized(id)!.toDecimalPlaces(8).toFixed();
      if (this.written.get(id) !== value) changed.set(id, value);
    }
    if (changed.size === 0) return;
    try {
      await writeUnrealized(this.deps.db(), changed);
      for (const [id, value] of changed) this.written.set(id, value);
    } catch (error) {
      this.deps.logger.warn('could not store unrealized PnL', { error: String(error) });
    }
  }

  /** One snapshot per position at each whole minute. */
  private armMinute(): void {
    if (this.stopped) return;
    const now = this.clock.now();
    const next = Math.floor(now / 60_000) * 60_000 + 60_000;
    this.minuteTimer = setTimeout(() => {
      void this.snapshotMinute(new Date(next)).finally(() => this.armMinute());
    }, next - now);
    this.minuteTimer.unref();
  }

  private async snapshotMinute(minute: Date): Promise<void> {
    const tick = this.current();
    try {
      await writeSnapshots(
        this.deps.db(),
        minute,
        tick.positions.map((p) => ({
          positionId: p.id,
          unrealizedPnl: p.unrealizedPnl,
          realizedPnl: p.realizedPnl,
        })),
      );
    } catch (error) {
      this.deps.logger.warn('could not store a PnL snapshot', { error: String(error) });
    }
  }

  private async prune(): Promise<void> {
    try {
      const removed = await pruneSnapshots(
        this.deps.db(),
        new Date(this.clock.now()),
        this.deps.options?.keepDays ?? 90,
      );
      if (removed > 0) this.deps.logger.info('pruned PnL history', { removed });
    } catch (error) {
      this.deps.logger.warn('could not prune PnL history', { error: String(error) });
    }
  }
}
