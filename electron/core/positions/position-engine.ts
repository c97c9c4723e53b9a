import type { Kysely } from 'kysely';
import type { RebalancePlan, RepairPlan } from '../../../shared/domain/drift';
import type { Position, PositionsOpenRequest } from '../../../shared/domain/positions';
import type { AccountSession, ExchangeSessions } from '../bybit-account/exchange-sessions';
import type { UserDb } from '../db';
import type { PreviewService } from '../indices/preview-service';
import type { EventBus } from '../rpc/event-bus';
import type { Logger } from '../util/logger';
import type { Reconciler } from '../drift/reconciler';
import { AccountLifecycle } from './account-lifecycle';
import type { AccountWorkDeps } from './account-work';
import type { Round } from './guard/account-desk';
import { getPositionRow, type PositionRow } from '../ledger/position-repository';
import { PositionActions, type OpenRiskRules, type RebalanceOptions } from './position-actions';
import { PositionDriver } from './position-driver';
import type { PositionEngineOptions } from './position-engine-options';
import { PositionPublisher } from './position-publisher';
import { positionNotFound } from './position-queries';

export type { PositionEngineOptions } from './position-engine-options';
export type { OpenRiskRules, RebalanceOptions } from './position-actions';

export interface PositionEngineDeps {
  db: () => Kysely<UserDb>;
  sessions: ExchangeSessions;
  previews: PreviewService;
  events: EventBus;
  logger: Logger;
  activeProfileId(): Promise<number>;
  options?: PositionEngineOptions;
}

/** Work in a Bybit account's queue (account-desk.ts), and what the risk engine needs there. */
export type AccountRoundWork<T> = (round: Round, session: AccountSession) => Promise<T>;

/**
 * Synthetic positions from one click to their end. Each position is driven by one loop at a time
 * (PENDING → EXECUTING → ACTIVE, ACTIVE → CLOSING → CLOSED, or a rollback to FAILED), and every step
 * starts from what the database says: orders an earlier run left open are looked up by their orderLinkId
 * and their fills fetched before anything new is sent. A process killed at any instant therefore resumes
 * at the next start without sending an order twice or losing a fill.
 *
 * The engine puts four parts together: the contract's actions (position-actions.ts), the loop that drives
 * each position (position-driver.ts), each Bybit account's work (account-lifecycle.ts) and what the windows
 * hear (position-publisher.ts).
 */
export class PositionEngine {
  private readonly publisher: PositionPublisher;
  private readonly accounts: AccountLifecycle;
  private readonly driver: PositionDriver;
  private readonly actions: PositionActions;
  private stopped = false;
  private beforeOrders: AccountWorkDeps['beforeOrders'] = undefined;
  private openRisk: OpenRiskRules | null = null;

  constructor(private readonly deps: PositionEngineDeps) {
    const { db, sessions, events, logger, options } = deps;
    const stopped = () => this.stopped;
    this.publisher = new PositionPublisher({ db, events, logger, options, stopped });
    const updated = (positionId: number, committed?: PositionRow) =>
      this.publisher.updated(positionId, committed);
    this.accounts = new AccountLifecycle({
      db,
      sessions,
      events,
      logger,
      options,
      beforeOrders: (session, positionId, symbols) =>
        this.beforeOrders?.(session, positionId, symbols) ?? Promise.resolve(),
      updated,
      // Bybit took (part of) positions' legs: their history says so, an alert fires, a waiting close goes on.
      adverse: (outcome) => {
        this.publisher.adverse(outcome);
        this.driver.closingMayGoOn(outcome.positionIds);
      },
      announce: (found) => this.publisher.announce(found),
      wallet: (owner, wallet) => deps.previews.noteWallet(owner, wallet),
    });
    this.driver = new PositionDriver({
      db,
      sessions,
      events,
      logger,
      options,
      accounts: this.accounts,
      updated,
      progress: (event) => this.publisher.progress(event),
      stopped,
    });
    this.actions = new PositionActions({
      db,
      sessions,
      previews: deps.previews,
      logger,
      activeProfileId: () => deps.activeProfileId(),
      options,
      openRisk: () => this.openRisk,
      driver: this.driver,
      accounts: this.accounts,
      updated,
    });
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
    const context = await this.driver.contextFor(row);
    return context.desk.round((round) => work(round, context.session));
  }

  // ---- the contract's actions (position-actions.ts) -----------------------------------------------

  open(request: PositionsOpenRequest): Promise<Position> {
    return this.actions.open(request);
  }

  close(id: number): Promise<Position> {
    return this.actions.close(id);
  }

  repair(id: number, preview: boolean): Promise<{ plan: RepairPlan; position: Position; sent: boolean }> {
    return this.actions.repair(id, preview);
  }

  adopt(id: number): Promise<Position> {
    return this.actions.adopt(id);
  }

  rebalance(
    id: number,
    preview: boolean,
    options: RebalanceOptions = {},
  ): Promise<{ plan: RebalancePlan; position: Position; sent: boolean }> {
    return this.actions.rebalance(id, preview, options);
  }

  markClosedOutside(id: number): Promise<Position> {
    return this.actions.markClosedOutside(id);
  }

  // ---- accounts (account-lifecycle.ts) ------------------------------------------------------------

  watchAccounts(): Promise<void> {
    return this.accounts.watchAccounts();
  }

  catchUpAccount(profileId: number): Promise<void> {
    return this.accounts.catchUpAccount(profileId);
  }

  reconcilerFor(profileId: number): Promise<Reconciler | null> {
    return this.accounts.reconcilerFor(profileId);
  }

  keysChanged(): Promise<void> {
    return this.accounts.keysChanged();
  }

  // ---- driving (position-driver.ts) and events (position-publisher.ts) ----------------------------

  resumeUnfinished(): Promise<void> {
    return this.driver.resumeUnfinished();
  }

  drive(id: number): Promise<void> {
    return this.driver.drive(id);
  }

  busy(): boolean {
    return this.driver.busy();
  }

  updated(positionId: number, committed?: PositionRow): void {
    this.publisher.updated(positionId, committed);
  }

  /** Stops driving at the next safe point; what is unfinished resumes at the next start. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.publisher.stop();
    await this.driver.stop();
    await this.accounts.stop();
  }
}
