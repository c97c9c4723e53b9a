import type { Kysely, Transaction } from 'kysely';
import { Dec } from '../../../shared/decimal';
import { SynthexError } from '../../../shared/contract';
import type { RebalancePlan, RepairPlan } from '../../../shared/domain/drift';
import { adoptHoldings } from '../drift/adopt';
import type { Position, PositionProgress, PositionsOpenRequest } from '../../../shared/domain/positions';
import type { AccountSession, ExchangeSessions } from '../bybit-account/exchange-sessions';
import type { UserDb } from '../db';
import { ExchangeError } from '../exchange';
import type { PreviewContext, PreviewService } from '../indices/preview-service';
import type { EventBus } from '../rpc/event-bus';
import type { Logger } from '../util/logger';
import { Mutex } from '../util/mutex';
import type { Reconciler, ReconcilerOptions } from '../drift/reconciler';
import { describeAccount } from '../bybit-account/account-ref';
import { startAccountWork, type AccountWork, type AccountWorkDeps } from './account-work';
import type { Round } from './guard/account-desk';
import type { AdverseOutcome } from './adverse-events';
import { flatten } from './flatten-step';
import { executeOpen, prepareLeverage } from './open-step';
import { executeRepair, planRepair } from './repair-step';
import { executeRebalance, planRebalance, startRebalance } from './rebalance-step';
import { assertAcknowledged } from './open-checks';
import { newLinkKey } from './order-link-id';
import { OrderRunner, StuckError, type OrderRunnerOptions } from './order-runner';
import {
  beginClosing,
  claimAction,
  createPosition,
  findPositionByRequest,
  getPositionRow,
  orderRows,
  storedFillsByOrder,
  unfinishedPositionRows,
  type OrderRow,
  type PositionRow,
} from '../ledger/position-repository';
import { positionNotFound, positionViewById, positionViews } from './position-queries';
import { attemptsUsed, type StepContext } from './step-context';
import { markClosedOutside } from './mark-closed-outside';
import { hasPositionEvent, recordPositionEvents, type NewPositionEvent } from './position-events';

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
  /** How long the pre-trade guard waits for a position push that catches up with a fill (default 500 ms). */
  pushWaitMs?: number;
  /** How often each account's instruments are read for delistings (default 10 minutes). */
  delistingCheckMs?: number;
  /** Called at each stage of a position's work (the bench prints where the time goes). */
  trace?: (positionId: number, stage: string) => void;
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

const finalStatuses = new Set(['ACTIVE', 'CLOSED', 'FAILED']);

/** A rebalance's rank buffer and the turnover below which it trades nothing (a risk rule's, docs/risk.md). */
export interface RebalanceOptions {
  bufferRanks?: number;
  minTurnoverUsdt?: string;
}

/** Work in a Bybit account's queue (account-desk.ts), and what the risk engine needs there. */
export type AccountRoundWork<T> = (round: Round, session: AccountSession) => Promise<T>;

/** Checks and stores the risk rules an open carries, inside the transaction that creates the position. */
export interface OpenRiskRules {
  check(request: PositionsOpenRequest, preview: PreviewContext): void;
  store(trx: Transaction<UserDb>, positionId: number, request: PositionsOpenRequest): Promise<void>;
}

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
  /** One queue per Bybit account: every profile with a key of the account shares it. */
  private readonly queues = new Map<string, Mutex>();
  private readonly driving = new Map<number, { again: boolean; done: Promise<void> }>();
  private readonly retries = new Map<number, { timer: NodeJS.Timeout | null; delay: number }>();
  private readonly closeRounds = new Map<number, Map<number, number>>();
  private readonly pendingUpdates = new Map<number, NodeJS.Timeout>();
  /** Per position, the last positions.updated on its way: events of one position go out in order. */
  private readonly publishing = new Map<number, Promise<void>>();
  private readonly maxAttempts: number;
  private stopped = false;
  private beforeOrders: AccountWorkDeps['beforeOrders'] = undefined;
  private openRisk: OpenRiskRules | null = null;

  constructor(private readonly deps: PositionEngineDeps) {
    this.maxAttempts = deps.options?.maxAttempts ?? 3;
  }

  /** The risk engine's part (docs/risk.md): its step before a round's orders, and the rules an open carries. */
  attachRisk(hooks: {
    beforeOrders: NonNullable<AccountWorkDeps['beforeOrders']>;
    open: OpenRiskRules;
  }): void {
    this.beforeOrders = hooks.beforeOrders;
    this.openRisk = hooks.open;
  }

  /**
   * Runs `work` in the queue of the Bybit account the position lives on (refused in words when its key is
   * missing or belongs to another account), so nothing of Synthex's moves the account meanwhile.
   */
  async accountRound<T>(positionId: number, work: AccountRoundWork<T>): Promise<T> {
    const row = await getPositionRow(this.deps.db(), positionId);
    if (!row) throw positionNotFound(positionId);
    const context = await this.contextFor(row);
    return context.desk.round((round) => work(round, context.session));
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
    const computed = await this.deps.previews.compute({
      profileId,
      indexId: request.indexId,
      usdtSize: request.usdtSize,
      direction: request.direction,
      leverage: request.leverage,
      strict: request.strict,
      maxSlippagePercent: request.maxSlippagePercent,
    });
    const { preview, session } = computed;
    if (preview.problems.length > 0 || !session)
      throw new SynthexError(
        'CONFLICT',
        `The position was not opened: ${preview.problems.map((p) => p.message).join(' ') || 'no Bybit key.'}`,
      );
    assertAcknowledged(preview, request.acknowledgedDropped);
    if (request.risk) this.requireRisk().check(request, computed);
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
        bybitAccount: session.account,
        components: preview.legs.map((leg) => ({
          symbol: leg.symbol,
          expectedQuantity: leg.side === 'Buy' ? leg.quantity : `-${leg.quantity}`,
          targetWeight: leg.targetWeight,
          referencePrice: leg.price,
        })),
        inTransaction: request.risk
          ? (trx, created) => this.requireRisk().store(trx, created.id, request)
          : undefined,
      });
    } catch (error) {
      // The same request arriving twice at once: the second insert meets the first one's row.
      if ((error as { constraint?: string }).constraint === 'synthetic_positions_user_id_request_id_key') {
        const first = await findPositionByRequest(db, profileId, request.requestId);
        if (first) return positionViewById(db, first.id);
      }
      throw error;
    }
    this.deps.options?.trace?.(row.id, 'pending committed');
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

  private requireRisk(): OpenRiskRules {
    if (!this.openRisk) throw new SynthexError('UNAVAILABLE', 'Risk rules are not available in this build.');
    return this.openRisk;
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
    await this.requireOwnAccount(row, 'close');
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
    this.deps.options?.trace?.(id, 'closing committed');
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
    const { plan, orders } = await context.desk.round((round) => planRepair(context, row, round));
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
    const legs = await context.desk.round(() => adoptHoldings(this.deps.db(), context.session, row));
    this.deps.logger.info('position adopted the holdings', {
      positionId: id,
      symbols: legs.map((l) => `${l.symbol} ${l.expected}→${l.actual}`),
    });
    await this.work.get(context.session)?.then((work) => work.reconciler.trigger());
    this.updated(id);
    return positionViewById(this.deps.db(), id);
  }

  /**
   * `positions.rebalance`: the position brought to its index's composition today (preview: the plan). A risk
   * rule's rebalance passes its rank buffer and its minimum turnover, below which nothing is sent.
   */
  async rebalance(
    id: number,
    preview: boolean,
    options: RebalanceOptions = {},
  ): Promise<{ plan: RebalancePlan; position: Position; sent: boolean }> {
    const row = await this.actionable(id, 'rebalance');
    const context = await this.contextFor(row);
    const planned = await planRebalance(context, row, this.deps.previews, options);
    const { components } = planned;
    let { plan } = planned;
    const minimum = options.minTurnoverUsdt ?? '0';
    if (plan.problems.length === 0 && new Dec(plan.turnover).lt(minimum))
      plan = {
        ...plan,
        problems: [
          `The turnover (${new Dec(plan.turnover).toDecimalPlaces(2).toFixed(2)} USDT) is below the minimum of ${minimum} USDT: nothing is traded.`,
        ],
      };
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
    await this.requireOwnAccount(row, action);
    return row;
  }

  /**
   * Refuses any order for a position while the profile's key belongs to another Bybit account than the one
   * the position lives on (docs/architecture.md §7b "Account binding"), saying what the trader can do.
   */
  private async requireOwnAccount(row: PositionRow, action: string): Promise<void> {
    const session = await this.deps.sessions.account(row.user_id).catch(() => null);
    if (!row.bybit_account || !session || session.account === row.bybit_account) return;
    throw new SynthexError(
      'CONFLICT',
      `Cannot ${action} this position: it lives on ${describeAccount(row.bybit_account)}, but the profile’s API key is for ${describeAccount(session.account)}; nothing was sent. Store a key of ${describeAccount(row.bybit_account)} again to work it, or mark it closed outside Synthex.`,
    );
  }

  /**
   * `positions.markClosedOutside`: a position whose account Synthex cannot reach any more (the key is gone or
   * belongs to another account) is recorded as closed outside Synthex: nothing is sent; what its legs still
   * held is booked at the latest mark price as closed outside, and the position becomes CLOSED.
   */
  async markClosedOutside(id: number): Promise<Position> {
    const row = await getPositionRow(this.deps.db(), id);
    if (!row) throw positionNotFound(id);
    const session = await this.deps.sessions.account(row.user_id).catch(() => null);
    const reachable = session !== null && (!row.bybit_account || session.account === row.bybit_account);
    if (reachable)
      throw new SynthexError(
        'CONFLICT',
        'This position’s account is reachable with the profile’s key: close it instead, so its legs are really closed on Bybit.',
      );
    if (row.status !== 'ACTIVE' && row.status !== 'CLOSING')
      throw new SynthexError(
        'CONFLICT',
        `Only an open position can be marked closed; this one is ${row.status.toLowerCase()}.`,
      );
    const final = await markClosedOutside(this.deps.db(), row, this.deps.sessions, this.deps.logger);
    this.updated(id, final);
    return positionViewById(this.deps.db(), id);
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

  /**
   * The profile's account read again over REST (its executions since the oldest open position: fills,
   * Bybit's own events and funding the stream missed), then compared with the positions.
   */
  async catchUpAccount(profileId: number): Promise<void> {
    await (await this.reconcilerFor(profileId))?.fullRead();
  }

  /** The profile's reconciler, started with its account's private stream; null without a key. */
  async reconcilerFor(profileId: number): Promise<Reconciler | null> {
    const session = await this.deps.sessions.account(profileId);
    if (!session) return null;
    return (await this.workFor(session)).reconciler;
  }

  /**
   * Profiles or their keys changed (a key stored, replaced, removed): open positions are published again, so
   * one that now lives on another account than its profile's key reads so at once (and says so in its
   * history), and a new key's account gets its stream and reconciliation.
   */
  async keysChanged(): Promise<void> {
    const rows = await this.deps
      .db()
      .selectFrom('synthetic_positions')
      .selectAll()
      .where('status', 'in', ['PENDING', 'EXECUTING', 'ACTIVE', 'CLOSING'])
      .execute();
    for (const profileId of new Set(rows.map((r) => r.user_id))) {
      const session = await this.deps.sessions.account(profileId).catch(() => null);
      for (const row of rows.filter((r) => r.user_id === profileId)) {
        if (row.bybit_account && session && session.account !== row.bybit_account)
          await this.noteMismatch(row, session.account);
        this.updated(row.id);
      }
      if (session) await this.workFor(session).catch(() => undefined);
    }
  }

  private async noteMismatch(row: PositionRow, keyAccount: string): Promise<void> {
    const db = this.deps.db();
    if (await hasPositionEvent(db, row.id, 'account_mismatch', keyAccount)) return;
    const event = {
      positionId: row.id,
      kind: 'account_mismatch' as const,
      symbol: keyAccount,
      message: `The profile’s API key now belongs to ${describeAccount(keyAccount)}, but this position lives on ${describeAccount(row.bybit_account!)}. Synthex sends nothing for it until a key of that account is stored again; or mark it closed outside Synthex.`,
    };
    await recordPositionEvents(db, [event]);
    this.deps.events.emit('positions.event', { ...event, at: new Date().toISOString() });
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
      [...this.work.values()].map((work) => work.then((w) => w.stop()).catch(() => undefined)),
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
    if (row.bybit_account && session.account !== row.bybit_account) {
      await this.noteMismatch(row, session.account);
      throw new StuckError(
        `This position lives on ${describeAccount(row.bybit_account)}, but the profile’s key is for ${describeAccount(session.account)}; nothing is sent until a key of its account is stored again.`,
      );
    }
    const work = await this.workFor(session);
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
      stopping: () => this.stopped,
      updated: (positionId, committed) => this.updated(positionId, committed),
      finished: (final) => void this.wakeWaiting(final),
      trace: (stage) => this.deps.options?.trace?.(row.id, stage),
      progress: (event) => this.progress(event),
    };
  }

  /** A position of the account reached its end: CLOSING positions of the account waiting on it go on. */
  private async wakeWaiting(final: PositionRow): Promise<void> {
    const rows = await this.deps
      .db()
      .selectFrom('synthetic_positions')
      .select('id')
      .where('status', '=', 'CLOSING')
      .where('environment', '=', final.environment)
      .where('id', '!=', final.id)
      .execute()
      .catch(() => []);
    for (const { id } of rows) if (!this.driving.has(id)) void this.drive(id);
  }

  private workFor(session: AccountSession): Promise<AccountWork> {
    let work = this.work.get(session);
    if (!work) {
      // A replaced key is a new session: the old one's reconciler stops comparing with the old key.
      for (const [older, olderWork] of this.work)
        if (older.profileId === session.profileId && older !== session)
          void olderWork.then((w) => w.reconciler.stop()).catch(() => undefined);
      // One queue per Bybit account: two profiles with keys of one UID share its nets.
      const queueKey = `${session.endpoints.restUrl}|${session.account}`;
      let queue = this.queues.get(queueKey);
      if (!queue) this.queues.set(queueKey, (queue = new Mutex()));
      work = startAccountWork(session, {
        db: this.deps.db,
        logger: this.deps.logger,
        queue,
        reconciler: this.deps.options?.reconciler,
        beforeOrders: (session, positionId, symbols) =>
          this.beforeOrders?.(session, positionId, symbols) ?? Promise.resolve(),
        pushWaitMs: this.deps.options?.pushWaitMs,
        delistingCheckMs: this.deps.options?.delistingCheckMs,
        updated: (positionId) => this.updated(positionId),
        adverse: (outcome) => this.adverse(outcome),
        announce: (events) => this.announce(events),
        wallet: (owner, wallet) => this.deps.previews.noteWallet(owner, wallet),
      });
      work.catch(() => this.work.delete(session));
      this.work.set(session, work);
    }
    return work;
  }

  /** Events found by an account's watchers (a delisting): told to the windows and as an alert. */
  private announce(events: readonly NewPositionEvent[]): void {
    const at = new Date().toISOString();
    for (const event of events) {
      this.deps.events.emit('positions.event', { ...event, symbol: event.symbol ?? null, at });
      this.updated(event.positionId);
    }
  }

  /** Bybit took (part of) positions' legs: their history says so, an alert fires, a waiting close goes on. */
  private adverse(outcome: AdverseOutcome): void {
    for (const event of outcome.events) this.deps.events.emit('positions.event', event);
    for (const id of new Set(outcome.positionIds)) {
      this.updated(id);
      void getPositionRow(this.deps.db(), id).then((row) => {
        if (row?.status === 'CLOSING' && !this.driving.has(id)) void this.drive(id);
      });
    }
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
