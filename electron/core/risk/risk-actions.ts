import type { Kysely } from 'kysely';
import { SynthexError } from '../../../shared/contract';
import { Dec } from '../../../shared/decimal';
import type { TriggerState } from '../../../shared/domain/risk';
import type { UserDb } from '../db';
import type { PositionEngine, RebalanceOptions } from '../positions/position-engine';
import { getPositionRow, type PositionRow } from '../ledger/position-repository';
import type { Logger } from '../util/logger';
import { fillsSince, updateTrigger, type TriggerRow } from './risk-repository';

export interface ActionDeps {
  db: () => Kysely<UserDb>;
  engine: Pick<PositionEngine, 'close' | 'rebalance'>;
  logger: Logger;
  /** Bybit's stops of the position removed before it closes (in its account's queue). */
  removeProtection(positionId: number, reason: string): Promise<void>;
}

/** Where a decision stands after a step: its row, and what to tell when it moved. */
export interface ActionStep {
  trigger: TriggerRow;
  /** Set when the state changed: the history line, the alert, the event. */
  message: string | null;
}

const usdt = (value: string | Dec) => `${new Dec(value).toDecimalPlaces(2).toFixed(2)} USDT`;

async function move(db: Kysely<UserDb>, trigger: TriggerRow, state: TriggerState, outcome: string) {
  return { trigger: await updateTrigger(db, trigger.id, { state, outcome }), message: outcome };
}

const wait = (trigger: TriggerRow): ActionStep => ({ trigger, message: null });

/**
 * Hands a committed decision to the ordinary close or rebalance (docs/risk.md "Execution"): they run in the
 * account's queue and through the pre-trade guard like any other. Safe to call again after a crash or while
 * waiting: the position's row says whether the action started (CLOSING; a rebalance's new component snapshot)
 * and nothing is started twice. Errors the engine may get past (the exchange unreachable) are thrown, and
 * the caller tries again later; a refusal in words ends the decision as skipped or failed.
 */
export async function act(
  deps: ActionDeps,
  trigger: TriggerRow,
  rebalance: RebalanceOptions,
): Promise<ActionStep> {
  const db = deps.db();
  const row = await getPositionRow(db, trigger.position_id);
  if (!row) return move(db, trigger, 'failed', 'The position no longer exists.');
  if (trigger.action === 'close') {
    if (row.status === 'CLOSED' || row.status === 'FAILED')
      return move(db, trigger, 'done', `The position was already ${row.status.toLowerCase()}.`);
    if (row.status === 'CLOSING') return move(db, trigger, 'handed', 'Closing the position.');
    // Still opening, or a repair or rebalance under way: the close waits for it (the next update wakes it).
    if (row.status !== 'ACTIVE' || row.pending_action) return wait(trigger);
    await deps.removeProtection(row.id, 'the position is closing').catch((error: unknown) =>
      deps.logger.warn('could not remove Bybit stops before a close', {
        positionId: row.id,
        message: String(error),
      }),
    );
    try {
      await deps.engine.close(row.id);
      return move(db, trigger, 'handed', 'Closing the position.');
    } catch (error) {
      if (!(error instanceof SynthexError) || error.code !== 'CONFLICT') throw error;
      const now = await getPositionRow(db, row.id);
      if (now?.status === 'CLOSING') return move(db, trigger, 'handed', 'Closing the position.');
      if (now?.status === 'ACTIVE' && now.pending_action) return wait(trigger);
      return move(db, trigger, 'failed', `The close was refused: ${error.message}`);
    }
  }
  if (row.status !== 'ACTIVE') {
    if (row.status === 'PENDING' || row.status === 'EXECUTING') return wait(trigger);
    return move(db, trigger, 'skipped', `Nothing was traded: the position is ${row.status.toLowerCase()}.`);
  }
  // A crash after the rebalance was recorded (a new component snapshot) and before this row said so.
  if (row.component_snapshot > trigger.component_snapshot)
    return move(db, trigger, 'handed', 'Rebalancing the position.');
  if (row.pending_action) return wait(trigger);
  try {
    const { plan, sent } = await deps.engine.rebalance(row.id, false, rebalance);
    if (!sent) return move(db, trigger, 'skipped', `Nothing was traded: ${plan.problems.join(' ')}`);
    return move(
      db,
      trigger,
      'handed',
      `Rebalancing: turnover about ${usdt(plan.turnover)}, tracking error ${plan.trackingErrorBefore} % → ${plan.trackingErrorAfter} %.`,
    );
  } catch (error) {
    if (!(error instanceof SynthexError) || error.code !== 'CONFLICT') throw error;
    const now = await getPositionRow(db, row.id);
    if (now && now.component_snapshot > trigger.component_snapshot)
      return move(db, trigger, 'handed', 'Rebalancing the position.');
    if (now?.pending_action) return wait(trigger);
    return move(
      db,
      trigger,
      'skipped',
      `Nothing was traded: ${error.message.replace(/^Cannot rebalance: /, '')}`,
    );
  }
}

/** Ends a handed decision once its action is over, with what it did and what it cost. */
export async function finish(deps: ActionDeps, trigger: TriggerRow): Promise<ActionStep> {
  const db = deps.db();
  const row = await getPositionRow(db, trigger.position_id);
  if (!row) return move(db, trigger, 'failed', 'The position no longer exists.');
  if (trigger.action === 'close') {
    if (row.status !== 'CLOSED') return wait(trigger);
    return move(db, trigger, 'done', await closeOutcome(db, row, trigger));
  }
  const over =
    row.status !== 'ACTIVE' ||
    (row.pending_action === null && row.component_snapshot > trigger.component_snapshot);
  if (!over) return wait(trigger);
  const cost = await fillsSince(db, row.id, 'rebalance', new Date(trigger.decided_at));
  const short = row.failure_reason?.startsWith('Rebalance left') ? ` ${row.failure_reason}.` : '';
  return move(
    db,
    trigger,
    'done',
    `Rebalanced: ${cost.fills} fills, turnover ${usdt(cost.notional)}, fees ${usdt(cost.fees)}.${short}`,
  );
}

async function closeOutcome(db: Kysely<UserDb>, row: PositionRow, trigger: TriggerRow): Promise<string> {
  const cost = await fillsSince(db, row.id, 'close', new Date(trigger.decided_at));
  return `Closed: realised PnL ${usdt(row.realized_pnl ?? '0')}; the close took ${cost.fills} fills and paid ${usdt(cost.fees)} in fees.`;
}
