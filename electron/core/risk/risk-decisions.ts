import type { Kysely } from 'kysely';
import type { Dec } from '../../../shared/decimal';
import type { RiskAction, RiskRuleName, RiskRules } from '../../../shared/domain/risk';
import type { UserDb } from '../db';
import type { PositionEngine } from '../positions/position-engine';
import type { NewPositionEvent } from '../positions/position-events';
import { getPositionRow } from '../ledger/position-repository';
import type { EventBus } from '../rpc/event-bus';
import type { Logger } from '../util/logger';
import type { ArmedPosition } from './armed-position';
import { act, finish, type ActionStep } from './risk-actions';
import { insertTrigger, saveMemory, type TriggerRow } from './risk-repository';
import { ruleWords, triggerView } from './risk-view';

/** A rule that fired, as it is committed (position_risk_triggers) before anything is sent. */
export interface Decision {
  rule: RiskRuleName;
  action: RiskAction;
  /** What makes the decision unique: a rule fires once per slot (a close once per arming). */
  slot: string;
  slotAt?: number;
  pnl: Dec | null;
  level: Dec | null;
  message: string;
  /** The marks the PnL seen was folded from, taken with it (later folds may move the book before the commit). */
  marks?: Record<string, string>;
}

export interface DecisionDeps {
  db: () => Kysely<UserDb>;
  events: EventBus;
  logger: Logger;
  engine: Pick<PositionEngine, 'close' | 'rebalance'>;
  now(): number;
  /** The rules of an armed position (a scheduled rebalance reads its buffer and minimum turnover). */
  rules(positionId: number): RiskRules | undefined;
  /** The marks the PnL engine last folded for the position (when the decision did not bring its own). */
  marks(positionId: number): Record<string, string>;
  /** Bybit's stops of the position removed before it closes. */
  removeProtection(positionId: number, reason: string): Promise<void>;
  /** History lines (and their events and alerts). */
  tell(events: readonly NewPositionEvent[]): Promise<void>;
  changed(positionId: number): void;
  /** A rebalance decision ended: the position's coins and targets are read again. */
  compositionChanged(positionId: number): Promise<void>;
  /** A decision whose action met a passing failure is tried again after this (ms). */
  retryMs: number;
}

/**
 * Commits decisions and carries their actions to the end (docs/risk.md "Execution"): nothing is sent before
 * the decision is in the database, one action step at a time per position, and a decision found open at
 * start is resumed, never decided again.
 */
export class DecisionRunner {
  /** Each position's decision not yet ended (decided or handed). */
  readonly open = new Map<number, TriggerRow>();
  private readonly deciding = new Set<number>();
  private readonly acting = new Map<number, Promise<void>>();
  private readonly retries = new Map<number, NodeJS.Timeout>();
  private stopped = false;

  constructor(private readonly deps: DecisionDeps) {}

  /** A decision is being committed or carried out for the position: no rule is evaluated for it. */
  busy(positionId: number): boolean {
    return this.open.has(positionId) || this.deciding.has(positionId);
  }

  /** Decisions found open at start (a crash after their commit): their actions are resumed. */
  resume(triggers: readonly TriggerRow[]): void {
    for (const trigger of triggers) {
      this.open.set(trigger.position_id, trigger);
      this.advance(trigger.position_id);
    }
  }

  /** No new step starts; waits (at most 3 s) for the steps under way. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.retries.values()) clearTimeout(timer);
    await Promise.race([
      Promise.allSettled([...this.acting.values()]),
      new Promise((resolve) => setTimeout(resolve, 3000).unref()),
    ]);
  }

  /** Commits the decision (nothing is sent before it is in the database), tells it, then acts on it. */
  async decide(armed: ArmedPosition, decision: Decision): Promise<void> {
    const id = armed.positionId;
    if (this.busy(id) || this.stopped) return;
    this.deciding.add(id);
    try {
      const db = this.deps.db();
      const row = await getPositionRow(db, id);
      if (!row || row.status !== 'ACTIVE') return;
      if (decision.rule === 'rebalanceThreshold') armed.lastThresholdAt = this.deps.now();
      if (decision.slotAt !== undefined && decision.rule === 'rebalanceCalendar')
        armed.lastCalendarSlot = decision.slotAt;
      if (armed.peakDirty && armed.memory.peak) {
        armed.peakDirty = false;
        await saveMemory(db, id, { peakPnl: armed.memory.peak.toDecimalPlaces(8).toFixed() });
      }
      const trigger = await insertTrigger(db, {
        positionId: id,
        rule: decision.rule,
        action: decision.action,
        slot: decision.slot,
        slotAt: decision.slotAt === undefined ? null : new Date(decision.slotAt),
        pnlSeen: decision.pnl?.toDecimalPlaces(8).toFixed() ?? null,
        level: decision.level?.toDecimalPlaces(8).toFixed() ?? null,
        marks: decision.marks ?? this.deps.marks(id),
        componentSnapshot: row.component_snapshot,
      });
      if (!trigger) return; // decided already: a rule fires once
      this.open.set(id, trigger);
      this.deps.logger.info('risk rule fired', {
        positionId: id,
        rule: decision.rule,
        action: decision.action,
      });
      await this.report(trigger, decision.message);
      this.advance(id);
    } catch (error) {
      this.deps.logger.warn('could not commit a risk decision', { positionId: id, message: String(error) });
    } finally {
      this.deciding.delete(id);
    }
  }

  /** Moves the position's open decision as far as it can go now; one step at a time per position. */
  advance(positionId: number): void {
    if (this.stopped) return;
    const run = (this.acting.get(positionId) ?? Promise.resolve()).then(() => this.step(positionId));
    const tail = run.catch((error: unknown) => {
      this.deps.logger.warn('a risk action waits', { positionId, message: String(error) });
      clearTimeout(this.retries.get(positionId));
      const timer = setTimeout(() => this.advance(positionId), this.deps.retryMs);
      timer.unref();
      this.retries.set(positionId, timer);
    });
    this.acting.set(positionId, tail);
    void tail.then(() => {
      if (this.acting.get(positionId) === tail) this.acting.delete(positionId);
    });
  }

  private async step(positionId: number): Promise<void> {
    let trigger = this.open.get(positionId);
    const actionDeps = {
      db: this.deps.db,
      engine: this.deps.engine,
      logger: this.deps.logger,
      removeProtection: (id: number, reason: string) => this.deps.removeProtection(id, reason),
    };
    while (trigger && !this.stopped) {
      const rules = this.deps.rules(positionId);
      const scheduled = trigger.rule === 'rebalanceCalendar' || trigger.rule === 'rebalanceThreshold';
      const step: ActionStep =
        trigger.state === 'decided'
          ? await act(actionDeps, trigger, {
              bufferRanks: rules?.rebalance?.bufferRanks,
              minTurnoverUsdt: scheduled ? rules?.rebalance?.minTurnoverUsdt : undefined,
            })
          : await finish(actionDeps, trigger);
      trigger = step.trigger;
      if (step.message) await this.report(trigger, step.message);
      if (trigger.state !== 'decided' && trigger.state !== 'handed') {
        this.open.delete(positionId);
        if (trigger.action === 'rebalance') await this.deps.compositionChanged(positionId);
        this.deps.changed(positionId);
        return;
      }
      this.open.set(positionId, trigger);
      if (!step.message) return; // waits for the position to move on
    }
  }

  /**
   * A decision's line in the history and its alert (positions.event), and `risk.triggered`: when it is
   * decided and when it ends (what it did and cost); handing it over is only told to the windows.
   */
  private async report(trigger: TriggerRow, message: string): Promise<void> {
    const words = ruleWords[trigger.rule as RiskRuleName];
    const line = trigger.state === 'decided' ? message : `${words}: ${message}`;
    if (trigger.state !== 'handed')
      await this.deps.tell([
        {
          positionId: trigger.position_id,
          kind: 'risk_trigger',
          message: line,
          detail: { triggerId: trigger.id },
        },
      ]);
    this.deps.events.emit('risk.triggered', { ...triggerView(trigger), message: line });
    this.deps.changed(trigger.position_id);
  }
}
