import type { Kysely } from 'kysely';
import { SynthexError } from '../../../shared/contract';
import type { RebalancePlan, RepairPlan } from '../../../shared/domain/drift';
import { adoptHoldings } from '../drift/adopt';
import type { Position, PositionProgress, PositionsOpenRequest } from '../../../shared/domain/positions';
import type { AccountSession, ExchangeSessions } from '../bybit-account/exchange-sessions';
import type { UserDb } from '../db';
import { ExchangeError } from '../exchange';
import type { PreviewService } from '../indices/preview-service';
import type { EventBus } from '../rpc/event-bus';
import type { Logger } from '../util/logger';
import { Mutex } from '../util/mutex';
import { Reconciler, type ReconcilerOptions } from '../drift/reconciler';
import { BusySymbols } from './busy-symbols';
import { FillTracker } from './fill-tracker';
import { flatten } from './flatten-step';
import { executeOpen, prepareLeverage } from './open-step';
import { executeRepair, planRepair } from './repair-step';
import { executeRebalance, planRebalance, startRebalance } from './rebalance-step';
import { newLinkKey } from './order-link-id';
import { OrderRunner, StuckError, type OrderRunnerOptions } from './order-runner';
import {
  beginClosing,
  claimAction,
  createPosition,
  findPositionByRequest,
  getPositionRow,
  orderRows,
  unfinishedPositionRows,
  type PositionRow,
} from './position-repository';
import { positionNotFound, positionViewById, positionViews } from './position-queries';
import { attemptsUsed, type StepContext } from './step-context';
import { SymbolState } from './symbol-state';

export interface PositionEngineOptions {
  /** Attempts per leg (open) and per close round (default 3). */
  maxAttempts?: number;
  /** Pause before a retry attempt (default 400 ms). */
  retryPauseMs?: number;
  runner?: OrderRunnerOptions;
  /** Back-off before driving a stuck position again (default 2 s doubling to 60 s). */
  retryDelayMs?: { first: number; max: number };
  /** Delay that coalesces bursts of fills into one positions.updated per position (default 25 ms). */
  updateCoalesceMs?: number;
  reconciler?: ReconcilerOptions;
}

export interface PositionEngineDeps {
  db: () => Kysely<UserDb>;
  sessions: ExchangeSessions;
  previews: PreviewService;
  events: EventBus;
  logger: Logger;
  activeProfileId(): Promise<number>;
  options?: PositionEngineOptions;
}

/** Per account: the fill tracker on its private stream, what is known of its symbols, its order lock. */
interface AccountWork {
  tracker: FillTracker;
  symbols: SymbolState;
  lock: Mutex;
  reconciler: Reconciler;
  busy: BusySymbols;
}

const finalStatuses = new Set(['ACTIVE', 'CLOSED', 'FAILED']);

/**
 * Synthetic positions from one click to their end. Each position is driven by one loop at a time
 * (PENDING → EXECUTING → ACTIVE, ACTIVE → CLOSING → CLOSED, or a rollback to FAILED), and every step
 * starts from what the database says: orders an earlier run left open are looked up by their orderLinkId
 * and their fills fetched before anything new is sent. A process killed at any instant therefore resumes
 * at the next start without sending an order twice or losing a fill.
 */
export class PositionEngine {
  private readonly startedAt = Date.now();
  private readonly work = new Map<AccountSession, Promise<AccountWork>>();
  private readonly locks = new Map<string, Mutex>();
  private readonly driving = new Map<number, { again: boolean; done: Promise<void> }>();
  private readonly retries = new Map<number, { timer: NodeJS.Timeout | null; delay: number }>();
  private readonly closeRounds = new Map<number, Map<number, number>>();
  private readonly pendingUpdates = new Map<number, NodeJS.Timeout>();
  /** Per position, the last positions.updated on its way: events of one position go out in order. */
  private readonly publishing = new Map<number, Promise<void>>();
  private readonly maxAttempts: number;
  private stopped = false;

  constructor(private readonly deps: PositionEngineDeps) {
    this.maxAttempts = deps.options?.maxAttempts ?? 3;
  }

  // ---- the contract's actions ---------------------------------------------------------------------

  /**
   * Recomputes the preview with fresh prices, refuses when anything blocks it, and answers as soon as the
   * PENDING position and its components are committed; the orders go out in the background. The same
   * requestId twice is one position.
   */
  async open(request: PositionsOpenRequest): Promise<Position> {
    const db = this.deps.db();
    const profileId = request.profileId ?? (await this.deps.activeProfileId());
    const existing = await findPositionByRequest(db, profileId, request.requestId);
    if (existing) return positionViewById(db, existing.id);
    const { preview, session } = await this.deps.previews.compute({
      profileId,
      indexId: request.indexId,
      usdtSize: request.usdtSize,
      direction: request.direction,
      leverage: request.leverage,
      strict: request.strict,
      maxSlippagePercent: request.maxSlippagePercent,
    });
    if (preview.problems.length > 0 || !session)
      throw new SynthexError(
        'CONFLICT',
        `The position was not opened: ${preview.problems.map((p) => p.message).join(' ') || 'no Bybit key.'}`,
      );
    let row: PositionRow;
    try {
      row = await createPosition(db, {
        userId: profileId,
        requestId: request.requestId,
        linkKey: newLinkKey(),
        indexId: preview.indexId,
        indexName: preview.indexName,
        usdtSize: preview.usdtSize,
        direction: preview.direction,
        leverage: preview.leverage,
        maxSlippagePercent: preview.maxSlippagePercent,
        onPartialFailure: request.onPartialFailure,
        environment: session.endpoints.environment,
        components: preview.legs.map((leg) => ({
          symbol: leg.symbol,
          expectedQuantity: leg.side === 'Buy' ? leg.quantity : `-${leg.quantity}`,
          targetWeight: leg.targetWeight,
          referencePrice: leg.price,
        })),
      });
    } catch (error) {
      // The same request arriving twice at once: the second insert meets the first one's row.
      if ((error as { constraint?: string }).constraint === 'synthetic_positions_user_id_request_id_key') {
        const first = await findPositionByRequest(db, profileId, request.requestId);
        if (first) return positionViewById(db, first.id);
      }
      throw error;
    }
    this.deps.logger.info('position opening', {
      positionId: row.id,
      indexId: row.index_id,
      legs: preview.legs.length,
      usdtSize: row.usdt_size,
    });
    this.updated(row.id);
    void this.drive(row.id);
    return positionViewById(db, row.id);
  }

  /** ACTIVE → CLOSING, driven in the background; a stuck CLOSING position gets a new round of attempts. */
  async close(id: number): Promise<Position> {
    const db = this.deps.db();
    const row = await getPositionRow(db, id);
    if (!row) throw positionNotFound(id);
    if (row.status === 'PENDING' || row.status === 'EXECUTING')
      throw new SynthexError(
        'CONFLICT',
        'This position is still opening. Wait until it is ACTIVE (or has failed and rolled back) to close it.',
      );
    if (row.status === 'CLOSED' || row.status === 'FAILED')
      throw new SynthexError('CONFLICT', `This position is already ${row.status.toLowerCase()}.`);
    if (row.pending_action)
      throw new SynthexError(
        'CONFLICT',
        `A ${row.pending_action} of this position is under way; close it once that has finished.`,
      );
    if (row.status === 'ACTIVE' && !(await beginClosing(db, id))) {
      // Two closes at once are one close; a repair or rebalance that started meanwhile refuses it.
      const now = await getPositionRow(db, id);
      if (now?.status !== 'CLOSING')
        throw new SynthexError(
          'CONFLICT',
          now?.pending_action
            ? `A ${now.pending_action} of this position started; close it once that has finished.`
            : `This position is ${now?.status.toLowerCase() ?? 'gone'}.`,
        );
    }
    if (!this.driving.has(id)) this.closeRounds.set(id, await this.closeAttemptsSoFar(id));
    this.deps.logger.info('position closing', { positionId: id });
    this.updated(id);
    void this.drive(id);
    return positionViewById(db, id);
  }

  /**
   * `positions.repair`: the plan that trades an altered position's symbols back to what the open positions
   * on them should hold; with `preview` nothing is sent. Without it the repair is recorded on the position
   * (so a crash resumes it) and worked in the background through the same runner as opening.
   */
  async repair(
    id: number,
    preview: boolean,
  ): Promise<{ plan: RepairPlan; position: Position; sent: boolean }> {
    const row = await this.actionable(id, 'repair');
    if (!row.is_altered || !row.alteration)
      throw new SynthexError('CONFLICT', 'This position is not altered: its holdings match Bybit’s.');
    const context = await this.contextFor(row);
    const { plan, orders } = await planRepair(context, row);
    if (preview) return { plan, position: await positionViewById(this.deps.db(), id), sent: false };
    if (orders.length === 0)
      throw new SynthexError(
        'CONFLICT',
        `Nothing can be traded to repair this position: ${plan.legs.map((l) => `${l.symbol}: ${l.problem ?? 'in line'}`).join('; ') || 'every leg is in line now'}.`,
      );
    if (!(await claimAction(this.deps.db(), id, 'repair')))
      throw new SynthexError('CONFLICT', 'This position is no longer ACTIVE with nothing under way.');
    this.deps.logger.info('position repairing', { positionId: id, legs: plan.legs.length });
    this.updated(id);
    void this.drive(id);
    return { plan, position: await positionViewById(this.deps.db(), id), sent: true };
  }

  /** `positions.adopt`: today's holdings become the expected ones (docs/drift.md), under the account's lock. */
  async adopt(id: number): Promise<Position> {
    const row = await this.actionable(id, 'adopt');
    const context = await this.contextFor(row);
    const legs = await context.accountLock.run(() => adoptHoldings(this.deps.db(), context.session, row));
    this.deps.logger.info('position adopted the holdings', {
      positionId: id,
      symbols: legs.map((l) => `${l.symbol} ${l.expected}→${l.actual}`),
    });
    await this.work.get(context.session)?.then((work) => work.reconciler.trigger());
    this.updated(id);
    return positionViewById(this.deps.db(), id);
  }

  /** `positions.rebalance`: the position brought to its index's composition today (preview: the plan). */
  async rebalance(
    id: number,
    preview: boolean,
  ): Promise<{ plan: RebalancePlan; position: Position; sent: boolean }> {
    const row = await this.actionable(id, 'rebalance');
    const context = await this.contextFor(row);
    const { plan, components } = await planRebalance(context, row, this.deps.previews);
    if (preview || plan.problems.length > 0) {
      if (!preview) throw new SynthexError('CONFLICT', `Cannot rebalance: ${plan.problems.join(' ')}`);
      return { plan, position: await positionViewById(this.deps.db(), id), sent: false };
    }
    await startRebalance(this.deps.db(), row, components);
    this.deps.logger.info('position rebalancing', { positionId: id, turnover: plan.turnover });
    this.updated(id);
    void this.drive(id);
    return { plan, position: await positionViewById(this.deps.db(), id), sent: true };
  }

  /** An ACTIVE position with nothing else under way, or a CONFLICT saying why not. */
  private async actionable(id: number, action: string): Promise<PositionRow> {
    const row = await getPositionRow(this.deps.db(), id);
    if (!row) throw positionNotFound(id);
    if (row.status !== 'ACTIVE')
      throw new SynthexError(
        'CONFLICT',
        `Only an ACTIVE position can be ${action === 'repair' ? 'repaired' : action === 'adopt' ? 'adopted' : 'rebalanced'}; this one is ${row.status.toLowerCase()}.`,
      );
    if (row.pending_action)
      throw new SynthexError('CONFLICT', `A ${row.pending_action} of this position is already under way.`);
    return row;
  }

  /** Every position an earlier run left unfinished is driven again; start-up does not wait for Bybit. */
  async resumeUnfinished(): Promise<void> {
    const rows = await unfinishedPositionRows(this.deps.db());
    if (rows.length > 0)
      this.deps.logger.info('resuming unfinished positions', {
        positions: rows.map((r) => `${r.id}:${r.status}`),
      });
    for (const row of rows) {
      this.deps.events.emit('positions.progress', {
        positionId: row.id,
        stage: 'resuming',
        legsDone: 0,
        legsTotal: 0,
        message: `Resuming a position left ${row.status} by the last run`,
      });
      void this.drive(row.id);
    }
  }

  /**
   * Every account with an open position gets its private stream and its reconciler (docs/drift.md): the
   * full read at start compares Bybit with the positions before anything else happens.
   */
  async watchAccounts(): Promise<void> {
    const rows = await this.deps
      .db()
      .selectFrom('synthetic_positions')
      .select('user_id')
      .distinct()
      .where('status', 'in', ['ACTIVE', 'EXECUTING', 'CLOSING'])
      .execute();
    await Promise.all(rows.map(async (row) => this.reconcilerFor(row.user_id).catch(() => null)));
  }

  /** The profile's reconciler, started with its account's private stream; null without a key. */
  async reconcilerFor(profileId: number): Promise<Reconciler | null> {
    const session = await this.deps.sessions.account(profileId);
    if (!session) return null;
    return (await this.workFor(session)).reconciler;
  }

  /** Stops driving at the next safe point; what is unfinished resumes at the next start. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const retry of this.retries.values()) if (retry.timer) clearTimeout(retry.timer);
    for (const timer of this.pendingUpdates.values()) clearTimeout(timer);
    const running = [...this.driving.values()].map((d) => d.done);
    await Promise.race([
      Promise.allSettled(running),
      new Promise((resolve) => setTimeout(resolve, 3000).unref()),
    ]);
    await Promise.all(
      [...this.work.values()].map((work) =>
        work
          .then((w) => {
            w.reconciler.stop();
            return w.tracker.stop();
          })
          .catch(() => undefined),
      ),
    );
  }

  /** True while some position of the account is placing orders (an update must not restart then). */
  busy(): boolean {
    return this.driving.size > 0;
  }

  // ---- driving ------------------------------------------------------------------------------------

  /** Runs the position's state machine; a call while it runs makes it run once more afterwards. */
  drive(id: number): Promise<void> {
    const current = this.driving.get(id);
    if (current) {
      current.again = true;
      return current.done;
    }
    const entry = { again: false, done: Promise.resolve() };
    entry.done = (async () => {
      do {
        entry.again = false;
        await this.step(id);
      } while (entry.again && !this.stopped);
      this.retries.delete(id);
    })()
      .catch((error: unknown) => this.stuck(id, error))
      .finally(() => this.driving.delete(id));
    this.driving.set(id, entry);
    return entry.done;
  }

  private async step(id: number): Promise<void> {
    let row = await getPositionRow(this.deps.db(), id);
    if (!row || this.stopped) return;
    if (finalStatuses.has(row.status) && !(row.status === 'ACTIVE' && row.pending_action)) return;
    const context = await this.contextFor(row);
    await this.settleLeftovers(context, row);
    if (row.status === 'ACTIVE' && row.pending_action) {
      if (row.pending_action === 'repair') await executeRepair(context, row);
      else await executeRebalance(context, row);
      await this.work.get(context.session)?.then((work) => work.reconciler.trigger());
      return;
    }
    if (row.status === 'PENDING') row = await prepareLeverage(context, row);
    if (row.status === 'EXECUTING') row = await executeOpen(context, row);
    if (row.status === 'CLOSING') {
      const round = this.closeRounds.get(id) ?? (await this.closeAttemptsSoFar(id));
      this.closeRounds.set(id, round);
      await flatten(context, row, round);
    }
  }

  /** Orders a crashed or stuck run left without an end: looked up and settled, never sent again. */
  private async settleLeftovers(context: StepContext, row: PositionRow): Promise<void> {
    const orders = await orderRows(this.deps.db(), row.id);
    const open = orders.filter(
      (o) => o.state === 'intent' || o.state === 'accepted' || o.state === 'unknown',
    );
    if (open.length === 0) return;
    context.progress({
      positionId: row.id,
      stage: 'resuming',
      legsDone: 0,
      legsTotal: open.length,
      message: `Looking up ${open.length} orders an earlier run left unconfirmed`,
    });
    // Any send of these happened before now: once absence is provable from now on, it stays proven.
    const sentAt = Math.max(this.startedAt, Date.now());
    await Promise.all(open.map((order) => context.runner.settleExisting(order, sentAt)));
    this.updated(row.id);
  }

  private async closeAttemptsSoFar(id: number): Promise<Map<number, number>> {
    const orders = await orderRows(this.deps.db(), id);
    const round = new Map<number, number>();
    for (const order of orders)
      round.set(order.component_id, attemptsUsed(orders, order.component_id, 'close'));
    return round;
  }

  private stuck(id: number, error: unknown): void {
    if (this.stopped) return;
    const known =
      error instanceof StuckError || error instanceof ExchangeError || error instanceof SynthexError;
    const message = known ? (error as Error).message : 'Synthex met an unexpected error; it will try again.';
    if (known) this.deps.logger.warn('position waits', { positionId: id, message });
    else this.deps.logger.error('position step failed', { positionId: id, error: String(error) });
    this.deps.events.emit('positions.progress', {
      positionId: id,
      stage: 'stuck',
      legsDone: 0,
      legsTotal: 0,
      message,
    });
    const { first, max } = this.deps.options?.retryDelayMs ?? { first: 2000, max: 60_000 };
    const previous = this.retries.get(id);
    const delay = previous ? Math.min(max, previous.delay * 2) : first;
    const timer = setTimeout(() => {
      const retry = this.retries.get(id);
      if (retry) retry.timer = null;
      void this.drive(id);
    }, delay);
    timer.unref();
    this.retries.set(id, { timer, delay });
  }

  private async contextFor(row: PositionRow): Promise<StepContext> {
    const session = await this.deps.sessions.account(row.user_id);
    if (!session)
      throw new StuckError(
        'This position’s profile has no Bybit API key. Add the key in Settings → Account.',
      );
    if (session.endpoints.environment !== row.environment)
      throw new StuckError(
        `This position trades on ${row.environment}, but the profile’s key is for ${session.endpoints.environment}. Store a ${row.environment} key to work it.`,
      );
    const work = await this.workFor(session);
    return {
      db: this.deps.db,
      session,
      prices: this.deps.sessions.prices(session.endpoints),
      runner: new OrderRunner(
        { db: this.deps.db, session, tracker: work.tracker, logger: this.deps.logger, busy: work.busy },
        this.deps.options?.runner,
      ),
      symbols: work.symbols,
      accountLock: work.lock,
      logger: this.deps.logger,
      maxAttempts: this.maxAttempts,
      retryPauseMs: this.deps.options?.retryPauseMs ?? 400,
      stopping: () => this.stopped,
      updated: (positionId, committed) => this.updated(positionId, committed),
      progress: (event) => this.progress(event),
    };
  }

  private workFor(session: AccountSession): Promise<AccountWork> {
    let work = this.work.get(session);
    if (!work) {
      // A replaced key is a new session: the old one's reconciler stops comparing with the old key.
      for (const [older, olderWork] of this.work)
        if (older.profileId === session.profileId && older !== session)
          void olderWork.then((w) => w.reconciler.stop()).catch(() => undefined);
      work = (async () => {
        const symbols = new SymbolState(session);
        const busy = new BusySymbols();
        const reconciler = new Reconciler({
          db: this.deps.db,
          session,
          logger: this.deps.logger,
          busy,
          changed: (positionId) => this.updated(positionId),
          options: this.deps.options?.reconciler,
        });
        const tracker = new FillTracker({
          db: this.deps.db,
          session,
          logger: this.deps.logger,
          onTrade: (positionId) => this.updated(positionId),
          onOutside: (executions) => void reconciler.outside(executions),
          onPositions: (rows) => {
            symbols.observe(rows);
            reconciler.pushed(rows);
          },
          onWallet: (wallets) => {
            const unified = wallets.find((w) => w.accountType === 'UNIFIED') ?? wallets[0];
            if (unified) this.deps.previews.noteWallet(session, unified);
          },
        });
        await tracker.start();
        reconciler.start();
        // One lock per Bybit account: two profiles with keys of one UID share its nets.
        const lockKey = `${session.endpoints.restUrl}|${session.uid ?? `profile:${session.profileId}`}`;
        let lock = this.locks.get(lockKey);
        if (!lock) this.locks.set(lockKey, (lock = new Mutex()));
        return { tracker, symbols, lock, reconciler, busy };
      })();
      work.catch(() => this.work.delete(session));
      this.work.set(session, work);
    }
    return work;
  }

  // ---- events -------------------------------------------------------------------------------------

  /**
   * positions.updated for the position, coalesced: a burst of fills is one event. A status change passes the
   * row it just committed and is published at once from that row, so no status is ever coalesced away (a
   * later read could already see the next status, and a watcher waiting for ACTIVE would never see it).
   */
  updated(positionId: number, committed?: PositionRow): void {
    if (this.stopped) return;
    if (committed) {
      clearTimeout(this.pendingUpdates.get(positionId));
      this.pendingUpdates.delete(positionId);
      this.publish(positionId, committed);
      return;
    }
    if (this.pendingUpdates.has(positionId)) return;
    const timer = setTimeout(() => {
      this.pendingUpdates.delete(positionId);
      this.publish(positionId);
    }, this.deps.options?.updateCoalesceMs ?? 25);
    timer.unref();
    this.pendingUpdates.set(positionId, timer);
  }

  private publish(positionId: number, committed?: PositionRow): void {
    const read = async () => {
      const db = this.deps.db();
      return committed ? (await positionViews(db, [committed]))[0]! : positionViewById(db, positionId);
    };
    const next = (this.publishing.get(positionId) ?? Promise.resolve())
      .then(read)
      .then((position) => this.deps.events.emit('positions.updated', position))
      .catch((error: unknown) =>
        this.deps.logger.warn('could not publish a position', { positionId, error: String(error) }),
      )
      .finally(() => {
        if (this.publishing.get(positionId) === next) this.publishing.delete(positionId);
      });
    this.publishing.set(positionId, next);
  }

  /**
   * A stage never runs ahead of the status the trader sees: while the position's publication is under way
   * (a status change just committed), its progress waits in the same queue, so the page's badge and its
   * progress banner always agree (no "Active · every leg holds" beside an EXECUTING badge).
   */
  private progress(event: PositionProgress): void {
    if (this.stopped) return;
    const id = event.positionId;
    const pending = this.publishing.get(id);
    if (!pending) {
      this.deps.events.emit('positions.progress', event);
      return;
    }
    const next = pending
      .then(() => {
        if (!this.stopped) this.deps.events.emit('positions.progress', event);
      })
      .finally(() => {
        if (this.publishing.get(id) === next) this.publishing.delete(id);
      });
    this.publishing.set(id, next);
  }
}
