import type { Kysely, Transaction } from 'kysely';
import { Dec } from '../../../shared/decimal';
import { SynthexError } from '../../../shared/contract';
import type { RebalancePlan, RepairPlan } from '../../../shared/domain/drift';
import { adoptHoldings } from '../drift/adopt';
import type { Position, PositionsOpenRequest } from '../../../shared/domain/positions';
import type { ExchangeSessions } from '../bybit-account/exchange-sessions';
import type { UserDb } from '../db';
import type { PreviewContext, PreviewService } from '../indices/preview-service';
import type { Logger } from '../util/logger';
import { describeAccount } from '../bybit-account/account-ref';
import type { AccountLifecycle } from './account-lifecycle';
import { planRepair } from './repair-step';
import { planRebalance, startRebalance } from './rebalance-step';
import { assertAcknowledged } from './open-checks';
import { newLinkKey } from './order-link-id';
import type { PositionDriver } from './position-driver';
import type { PositionEngineOptions } from './position-engine-options';
import {
  beginClosing,
  claimAction,
  createPosition,
  findPositionByRequest,
  getPositionRow,
  type PositionRow,
} from '../ledger/position-repository';
import { positionNotFound, positionViewById } from './position-queries';
import { markClosedOutside } from './mark-closed-outside';

/** A rebalance's rank buffer and the turnover below which it trades nothing (a risk rule's, docs/risk.md). */
export interface RebalanceOptions {
  bufferRanks?: number;
  minTurnoverUsdt?: string;
}

/** Checks and stores the risk rules an open carries, inside the transaction that creates the position. */
export interface OpenRiskRules {
  check(request: PositionsOpenRequest, preview: PreviewContext): void;
  store(trx: Transaction<UserDb>, positionId: number, request: PositionsOpenRequest): Promise<void>;
}

export interface PositionActionsDeps {
  db: () => Kysely<UserDb>;
  sessions: ExchangeSessions;
  previews: PreviewService;
  logger: Logger;
  activeProfileId(): Promise<number>;
  options?: Pick<PositionEngineOptions, 'trace'>;
  /** The risk rules an open carries, once the risk engine attached them (null before). */
  openRisk(): OpenRiskRules | null;
  driver: Pick<PositionDriver, 'contextFor' | 'drive' | 'newCloseRound'>;
  accounts: Pick<AccountLifecycle, 'reconcileNow'>;
  /** positions.updated; pass the row just committed when the status changed, so it is published as is. */
  updated(positionId: number, committed?: PositionRow): void;
}

/**
 * The contract's actions on positions: each checks what the position and its account allow, commits what
 * it decided, and leaves the orders to the position's loop (position-driver.ts) in the background.
 */
export class PositionActions {
  constructor(private readonly deps: PositionActionsDeps) {}

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
    this.deps.updated(row.id);
    void this.deps.driver.drive(row.id);
    return positionViewById(db, row.id);
  }

  private requireRisk(): OpenRiskRules {
    const openRisk = this.deps.openRisk();
    if (!openRisk) throw new SynthexError('UNAVAILABLE', 'Risk rules are not available in this build.');
    return openRisk;
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
    await this.deps.driver.newCloseRound(id);
    this.deps.logger.info('position closing', { positionId: id });
    this.deps.updated(id);
    void this.deps.driver.drive(id);
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
    const context = await this.deps.driver.contextFor(row);
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
    this.deps.updated(id);
    void this.deps.driver.drive(id);
    return { plan, position: await positionViewById(this.deps.db(), id), sent: true };
  }

  /** `positions.adopt`: today's holdings become the expected ones (docs/drift.md), under the account's lock. */
  async adopt(id: number): Promise<Position> {
    const row = await this.actionable(id, 'adopt');
    const context = await this.deps.driver.contextFor(row);
    const legs = await context.desk.round(() => adoptHoldings(this.deps.db(), context.session, row));
    this.deps.logger.info('position adopted the holdings', {
      positionId: id,
      symbols: legs.map((l) => `${l.symbol} ${l.expected}→${l.actual}`),
    });
    await this.deps.accounts.reconcileNow(context.session);
    this.deps.updated(id);
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
    const context = await this.deps.driver.contextFor(row);
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
    this.deps.updated(id);
    void this.deps.driver.drive(id);
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
    this.deps.updated(id, final);
    return positionViewById(this.deps.db(), id);
  }
}
