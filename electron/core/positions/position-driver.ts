import type { Kysely } from 'kysely';
import { Dec } from '../../../shared/decimal';
import { SynthexError } from '../../../shared/contract';
import type { PositionProgress } from '../../../shared/domain/positions';
import type { ExchangeSessions } from '../bybit-account/exchange-sessions';
import type { UserDb } from '../db';
import { ExchangeError } from '../exchange';
import type { EventBus } from '../rpc/event-bus';
import type { Logger } from '../util/logger';
import { describeAccount } from '../bybit-account/account-ref';
import type { AccountLifecycle } from './account-lifecycle';
import { flatten } from './flatten-step';
import { executeOpen, prepareLeverage } from './open-step';
import { executeRepair } from './repair-step';
import { executeRebalance } from './rebalance-step';
import { OrderRunner, StuckError } from './order-runner';
import type { PositionEngineOptions } from './position-engine-options';
import {
  closingPositionIds,
  getPositionRow,
  orderRows,
  storedFillsByOrder,
  unfinishedPositionRows,
  type OrderRow,
  type PositionRow,
} from '../ledger/position-repository';
import { attemptsUsed, type StepContext } from './step-context';

export interface PositionDriverDeps {
  db: () => Kysely<UserDb>;
  sessions: ExchangeSessions;
  events: EventBus;
  logger: Logger;
  options?: Pick<PositionEngineOptions, 'maxAttempts' | 'retryPauseMs' | 'runner' | 'retryDelayMs' | 'trace'>;
  accounts: Pick<AccountLifecycle, 'workFor' | 'noteMismatch' | 'reconcileNow'>;
  /** positions.updated; pass the row just committed when the status changed, so it is published as is. */
  updated(positionId: number, committed?: PositionRow): void;
  progress(event: PositionProgress): void;
  /** True once the engine is stopping: a loop ends at its next safe point. */
  stopped(): boolean;
}

const finalStatuses = new Set(['ACTIVE', 'CLOSED', 'FAILED']);

/** `waiting`: the position stays CLOSING on a wait that may end without a word (see retryLater). */
type StepEnd = 'done' | 'waiting';

/**
 * One loop per position that runs its state machine from what the database says, settles what an earlier
 * run left open before anything new is sent, and tries a stuck position again after a back-off.
 */
export class PositionDriver {
  private readonly startedAt = Date.now();
  private readonly driving = new Map<number, { again: boolean; done: Promise<void> }>();
  private readonly retries = new Map<number, { timer: NodeJS.Timeout | null; delay: number }>();
  private readonly closeRounds = new Map<number, Map<number, number>>();
  private readonly maxAttempts: number;

  constructor(private readonly deps: PositionDriverDeps) {
    this.maxAttempts = deps.options?.maxAttempts ?? 3;
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

  /** True while some position of the account is placing orders (an update must not restart then). */
  busy(): boolean {
    return this.driving.size > 0;
  }

  /** Runs the position's state machine; a call while it runs makes it run once more afterwards. */
  drive(id: number): Promise<void> {
    const current = this.driving.get(id);
    if (current) {
      current.again = true;
      return current.done;
    }
    const entry = { again: false, done: Promise.resolve() };
    entry.done = (async () => {
      let end: StepEnd;
      do {
        entry.again = false;
        end = await this.step(id);
      } while (entry.again && !this.deps.stopped());
      if (end === 'waiting') this.retryLater(id);
      else this.forgetRetry(id);
    })()
      .catch((error: unknown) => this.stuck(id, error))
      .finally(() => this.driving.delete(id));
    this.driving.set(id, entry);
    return entry.done;
  }

  /** A close asked for while no loop drives the position: a stuck CLOSING one gets a new round of attempts. */
  async newCloseRound(id: number): Promise<void> {
    if (!this.driving.has(id)) this.closeRounds.set(id, await this.closeAttemptsSoFar(id));
  }

  /** Positions Bybit took legs of: a CLOSING one waiting on that goes on. */
  closingMayGoOn(positionIds: readonly number[]): void {
    for (const id of new Set(positionIds))
      void getPositionRow(this.deps.db(), id).then((row) => {
        if (row?.status === 'CLOSING') this.goOn(id);
      });
  }

  /**
   * A CLOSING position may go on now. One whose step is under way runs once more after it: that step may
   * have read the account before what it waited on happened, and would otherwise stay waiting for good.
   */
  private goOn(id: number): void {
    void this.drive(id);
  }

  private async step(id: number): Promise<StepEnd> {
    let row = await getPositionRow(this.deps.db(), id);
    if (!row || this.deps.stopped()) return 'done';
    if (finalStatuses.has(row.status) && !(row.status === 'ACTIVE' && row.pending_action)) return 'done';
    const context = await this.contextFor(row);
    await this.settleLeftovers(context, row);
    if (row.status === 'ACTIVE' && row.pending_action) {
      if (row.pending_action === 'repair') await executeRepair(context, row);
      else await executeRebalance(context, row);
      await this.deps.accounts.reconcileNow(context.session);
      return 'done';
    }
    if (row.status === 'PENDING') row = await prepareLeverage(context, row);
    if (row.status === 'EXECUTING') row = await executeOpen(context, row);
    if (row.status === 'CLOSING') {
      const round = this.closeRounds.get(id) ?? (await this.closeAttemptsSoFar(id));
      this.closeRounds.set(id, round);
      if ((await flatten(context, row, round)) === 'waiting') return 'waiting';
    }
    return 'done';
  }

  /** Orders a crashed or stuck run left without an end: looked up and settled, never sent again. */
  private async settleLeftovers(context: StepContext, row: PositionRow): Promise<void> {
    const [orders, stored] = await Promise.all([
      orderRows(this.deps.db(), row.id),
      storedFillsByOrder(this.deps.db(), row.id),
    ]);
    // An order written final whose fills were not all stored yet (a crash between the two) is settled
    // again: its fills are fetched, never its order sent.
    const unstored = (o: OrderRow) =>
      (o.state === 'filled' || o.state === 'cancelled') &&
      new Dec(o.filled_quantity).gt(stored.get(o.order_link_id) ?? '0');
    const open = orders.filter(
      (o) => o.state === 'intent' || o.state === 'accepted' || o.state === 'unknown' || unstored(o),
    );
    if (open.length === 0) return;
    context.progress({
      positionId: row.id,
      stage: 'resuming',
      legsDone: 0,
      legsTotal: open.length,
      message: `Looking up ${open.length} orders an earlier run left unconfirmed`,
    });
    // Any send of these happened before now: once absence is provable from now on, it stays proven. Settled
    // in the account's queue: no other order is planned against an account these may still be moving.
    const sentAt = Math.max(this.startedAt, Date.now());
    await context.desk.round(() =>
      Promise.all(open.map((order) => context.runner.settleExisting(order, sentAt))),
    );
    this.deps.updated(row.id);
  }

  private async closeAttemptsSoFar(id: number): Promise<Map<number, number>> {
    const orders = await orderRows(this.deps.db(), id);
    const round = new Map<number, number>();
    for (const order of orders)
      round.set(order.component_id, attemptsUsed(orders, order.component_id, 'close'));
    return round;
  }

  private stuck(id: number, error: unknown): void {
    if (this.deps.stopped()) return;
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
    this.retryLater(id);
  }

  /**
   * Drives the position again after a back-off that doubles while it keeps waiting or failing. A wait is
   * also ended by the event it waits on (closingMayGoOn, another position ending); the timer is for the one
   * whose news was lost or never comes as an event (a fill stored after the round that found it unsettled).
   */
  private retryLater(id: number): void {
    if (this.deps.stopped()) return;
    const { first, max } = this.deps.options?.retryDelayMs ?? { first: 2000, max: 60_000 };
    const previous = this.retries.get(id);
    if (previous?.timer) clearTimeout(previous.timer);
    const delay = previous ? Math.min(max, previous.delay * 2) : first;
    const timer = setTimeout(() => {
      const retry = this.retries.get(id);
      if (retry) retry.timer = null;
      void this.drive(id);
    }, delay);
    timer.unref();
    this.retries.set(id, { timer, delay });
  }

  private forgetRetry(id: number): void {
    const retry = this.retries.get(id);
    if (retry?.timer) clearTimeout(retry.timer);
    this.retries.delete(id);
  }

  /** What a step of the position works with, on its own account's work; StuckError when the key cannot reach it. */
  async contextFor(row: PositionRow): Promise<StepContext> {
    const session = await this.deps.sessions.account(row.user_id);
    if (!session)
      throw new StuckError(
        'This position’s profile has no Bybit API key. Add the key in Settings → Account.',
      );
    if (session.endpoints.environment !== row.environment)
      throw new StuckError(
        `This position trades on ${row.environment}, but the profile’s key is for ${session.endpoints.environment}. Store a ${row.environment} key to work it.`,
      );
    if (row.bybit_account && session.account !== row.bybit_account) {
      await this.deps.accounts.noteMismatch(row, session.account);
      throw new StuckError(
        `This position lives on ${describeAccount(row.bybit_account)}, but the profile’s key is for ${describeAccount(session.account)}; nothing is sent until a key of its account is stored again.`,
      );
    }
    const work = await this.deps.accounts.workFor(session);
    return {
      db: this.deps.db,
      session,
      prices: this.deps.sessions.prices(session.endpoints),
      runner: new OrderRunner(
        {
          db: this.deps.db,
          session,
          tracker: work.tracker,
          logger: this.deps.logger,
          busy: work.busy,
          trace: (stage) => this.deps.options?.trace?.(row.id, stage),
        },
        this.deps.options?.runner,
      ),
      symbols: work.symbols,
      desk: work.desk,
      catchUpExecutions: (_symbols, since) => work.catchUp(since),
      logger: this.deps.logger,
      maxAttempts: this.maxAttempts,
      retryPauseMs: this.deps.options?.retryPauseMs ?? 400,
      stopping: () => this.deps.stopped(),
      updated: (positionId, committed) => this.deps.updated(positionId, committed),
      finished: (final) => void this.wakeWaiting(final),
      trace: (stage) => this.deps.options?.trace?.(row.id, stage),
      progress: (event) => this.deps.progress(event),
    };
  }

  /** A position of the account reached its end: CLOSING positions of the account waiting on it go on. */
  private async wakeWaiting(final: PositionRow): Promise<void> {
    const ids = await closingPositionIds(this.deps.db(), final.environment, final.id).catch(() => []);
    for (const id of ids) this.goOn(id);
  }

  /**
   * Stops trying stuck positions again and waits (3 s at most) for the loops under way to reach their next
   * safe point; what is unfinished resumes at the next start.
   */
  async stop(): Promise<void> {
    for (const retry of this.retries.values()) if (retry.timer) clearTimeout(retry.timer);
    const running = [...this.driving.values()].map((d) => d.done);
    await Promise.race([
      Promise.allSettled(running),
      new Promise((resolve) => setTimeout(resolve, 3000).unref()),
    ]);
  }
}
