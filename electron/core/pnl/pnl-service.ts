import type { EventPayload } from '../../../shared/contract';
import { Dec } from '../../../shared/decimal';
import type { PnlHistory, PnlTick } from '../../../shared/domain/pnl';
import type { ActiveProfileServiceDeps } from '../feature';
import { Mutex } from '../util/mutex';
import { Coalescer, systemTimers, type CoalescerClock } from './coalescer';
import { PnlBook } from './pnl-book';
import { activePnlInputs, positionPnlInput } from './pnl-inputs';
import { PnlRecorder } from './pnl-recorder';
import { positionHistory, totalHistory } from './pnl-repository';
import { TickerSubscriptions, type TickerSource } from './ticker-subscriptions';

/** Where mark prices come from for one profile: its Bybit session's streams. */
export interface MarketSource extends TickerSource {
  /** The same value while the source is the same connection (a new API key makes a new one). */
  key: unknown;
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

/** Follows the ACTIVE positions of the active profile. */
export interface PnlServiceDeps extends ActiveProfileServiceDeps {
  market(profileId: number): Promise<MarketSource | null>;
  /**
   * Funding settled while nobody listened, read over REST for the profile's account and shared out (the
   * positions engine follows funding for every account; docs/pnl.md). Positions it changes are re-read.
   */
  catchUpFunding?(profileId: number): Promise<void>;
  options?: PnlServiceOptions;
}

const staleCheckMs = 1000;

/**
 * What the risk rules hang on the PnL engine (docs/risk.md): called after every fold with the book as it
 * now stands (no extra reads), and asked for each position's one-line risk summary for pnl.tick and the tray.
 */
export interface FoldHooks {
  afterFold(book: PnlBook, now: number, staleAfterMs: number): void;
  label(positionId: number): string | undefined;
}
const isFinal = (status: string) => status === 'CLOSED' || status === 'FAILED';

/**
 * The live PnL of the active profile's ACTIVE positions. It follows positions.updated (a fill, a status
 * change) by re-reading that one position's trades, subscribes to the ticker stream of exactly the symbols
 * held, folds marks into the book and publishes `pnl.tick` at most 4 times a second; the recorder writes
 * the figures (pnl-recorder.ts).
 */
export class PnlService {
  readonly book = new PnlBook();
  private readonly clock: CoalescerClock;
  private readonly emitter: Coalescer;
  private readonly recorder: PnlRecorder;
  private readonly tickers: TickerSubscriptions;
  /** Every change of the book from the database goes through this lock, in order. */
  private readonly lock = new Mutex();
  private source: MarketSource | null = null;
  private profileId: number | null = null;
  private lastStale = '';
  private ticks = 0;
  private staleTimer: NodeJS.Timeout | null = null;
  private unsubscribeEvents: (() => void) | null = null;
  private stopped = false;
  private hooks: FoldHooks | null = null;

  constructor(private readonly deps: PnlServiceDeps) {
    this.clock = deps.options?.clock ?? systemTimers;
    this.emitter = new Coalescer(deps.options?.emitIntervalMs ?? 250, () => this.publish(), this.clock);
    this.recorder = new PnlRecorder({
      db: deps.db,
      logger: deps.logger,
      book: this.book,
      current: () => this.current(),
      now: this.clock.now,
      persistIntervalMs: deps.options?.persistIntervalMs ?? 5000,
      keepDays: deps.options?.keepDays ?? 90,
    });
    this.tickers = new TickerSubscriptions(this.onTick, deps.logger, this.clock.now);
  }

  private get staleAfterMs(): number {
    return this.deps.options?.staleAfterMs ?? 30_000;
  }

  /** Ticks received since start (for the bench and the storm test). */
  get ticksReceived(): number {
    return this.ticks;
  }

  async start(): Promise<void> {
    this.unsubscribeEvents = this.deps.events.subscribe((event, payload) => {
      if (event === 'positions.updated') this.positionChanged(payload as EventPayload<'positions.updated'>);
      if (event === 'profiles.changed') void this.reload();
    });
    this.staleTimer = setInterval(() => this.checkStale(), staleCheckMs);
    this.staleTimer.unref();
    await this.reload();
    await this.recorder.start();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribeEvents?.();
    if (this.staleTimer) clearInterval(this.staleTimer);
    this.emitter.stop();
    this.recorder.stop();
    await this.lock.run(async () => {
      await this.recorder.persist();
      await this.tickers.dropAll();
    });
  }

  /** The risk engine's evaluation after each fold, and its labels on the figures. */
  setFoldHooks(hooks: FoldHooks | null): void {
    this.hooks = hooks;
  }

  /** The figures as of now (what a page that just opened shows before the next tick). */
  current(): PnlTick {
    this.book.fold();
    const now = this.clock.now();
    const hooks = this.hooks;
    if (!hooks) return this.book.snapshot(now, this.staleAfterMs);
    hooks.afterFold(this.book, now, this.staleAfterMs);
    const tick = this.book.snapshot(now, this.staleAfterMs);
    for (const position of tick.positions) {
      const label = hooks.label(position.id);
      if (label) position.risk = label;
    }
    return tick;
  }

  async history(request: { positionIds?: number[]; hours: number }): Promise<PnlHistory> {
    const profileId = await this.deps.activeProfileId();
    const since = new Date(this.clock.now() - request.hours * 3600_000);
    const [total, series] = await Promise.all([
      totalHistory(this.deps.db(), profileId, since),
      positionHistory(this.deps.db(), profileId, request.positionIds ?? [], since),
    ]);
    return { total, positions: [...series].map(([id, points]) => ({ id, points })) };
  }

  // ---- following positions ------------------------------------------------------------------------

  /** Re-reads every ACTIVE position of the active profile (at start, and when profiles or keys change). */
  async reload(): Promise<void> {
    const profileId = await this.lock.run(async () => {
      if (this.stopped) return null;
      let profileId: number;
      try {
        profileId = await this.deps.activeProfileId();
      } catch {
        return null; // no profile yet
      }
      if (profileId !== this.profileId) {
        await this.recorder.persist();
        for (const id of this.book.positionIds()) this.book.removePosition(id);
        this.recorder.forgetAll();
        this.profileId = profileId;
      }
      // A profile that got its key only now, or a new key (a new session), needs its streams (again).
      const source = await this.deps.market(profileId).catch(() => null);
      if (source?.key !== this.source?.key) {
        await this.tickers.setSource(source);
        this.source = source;
      }
      for (const input of await activePnlInputs(this.deps.db(), profileId)) this.book.setPosition(input);
      this.tickers.sync(this.book.heldSymbols());
      this.emitter.request();
      return profileId;
    });
    if (profileId === null) return;
    // Outside the lock: what the catch-up stores comes back as positions.updated, which takes the lock.
    void this.deps
      .catchUpFunding?.(profileId)
      .catch((error: unknown) =>
        this.deps.logger.warn('could not read past funding settlements', { error: String(error) }),
      );
  }

  private positionChanged(position: EventPayload<'positions.updated'>): void {
    if (position.profileId !== this.profileId) return;
    // A position that left the book while CLOSING still carries its last live figure: once final, its PnL
    // is all realised.
    const settle = isFinal(position.status) && !new Dec(position.unrealizedPnl).isZero();
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
      const final = found !== null && isFinal(found.row.status);
      if (found?.input) {
        this.book.setPosition(found.input);
      } else if (this.book.has(id)) {
        const last = this.current().positions.find((p) => p.id === id);
        // A closed position's PnL is all realised; a closing one keeps its last live figure.
        const value = final ? '0' : (this.book.unrealized(id)?.toDecimalPlaces(8).toFixed() ?? '0');
        await this.recorder.writeFinal(id, value);
        if (last) await this.recorder.snapshotLeaving(last);
        this.book.removePosition(id);
      } else if (final) {
        await this.recorder.writeFinal(id, '0');
      }
      this.tickers.sync(this.book.heldSymbols());
      this.emitter.request();
    });
  }

  // ---- prices -------------------------------------------------------------------------------------

  private readonly onTick = (tick: { symbol: string; markPrice: string }) => {
    this.ticks += 1;
    if (this.book.tick(tick.symbol, tick.markPrice, this.clock.now())) this.emitter.request();
  };

  private checkStale(): void {
    const stale = this.book.staleSymbols(this.clock.now(), this.staleAfterMs).join(',');
    if (stale !== this.lastStale) {
      this.lastStale = stale;
      this.emitter.request();
    }
    this.tickers.retryMissing(this.book.heldSymbols());
  }

  // ---- output -------------------------------------------------------------------------------------

  private publish(): void {
    if (!this.stopped) this.deps.events.emit('pnl.tick', this.current());
  }
}
