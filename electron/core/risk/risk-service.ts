import type { Kysely } from 'kysely';
import type { EventPayload } from '../../../shared/contract';
import { Dec } from '../../../shared/decimal';
import type { Position } from '../../../shared/domain/positions';
import type { RiskRules } from '../../../shared/domain/risk';
import type { UserDb } from '../db';
import type { PnlBook } from '../pnl/pnl-book';
import type { PnlService } from '../pnl/pnl-service';
import type { PositionEngine } from '../positions/position-engine';
import { recordPositionEvents, type NewPositionEvent } from '../positions/position-events';
import type { EventBus } from '../rpc/event-bus';
import type { Logger } from '../util/logger';
import { composition, loadArmed, type ArmedPosition } from './armed-position';
import { decisionWords } from './decision-words';
import { ProtectionKeeper } from './protection-keeper';
import { DecisionRunner, type Decision } from './risk-decisions';
import { evaluatePrices, type PriceDecision } from './risk-evaluator';
import { liveRulesRows, openTriggers, saveMemory, type TriggerRow } from './risk-repository';
import { summaryOf } from './risk-view';
import { timeDecision } from './time-rules';

export interface RiskOptions {
  /** The clock of the time rules (tests compress it); default Date.now. */
  now?: () => number;
  /** How often time rules (close at, calendar, delivery) are checked, in ms (default 1000). */
  checkIntervalMs?: number;
  /** After a tracking-error rebalance, the drift is measured again only after this long (default 1 h). */
  thresholdCooldownMs?: number;
  /** A decision whose action met a passing failure (Bybit unreachable) is tried again after this (default 5 s). */
  retryMs?: number;
}

export interface RiskServiceDeps {
  db: () => Kysely<UserDb>;
  events: EventBus;
  logger: Logger;
  engine: PositionEngine;
  pnl: PnlService;
  options?: RiskOptions;
}

const staleQuietMs = 10 * 60_000;
const peakWriteMs = 5000;
const final = (status: string) => status === 'CLOSED' || status === 'FAILED';
const priceRules = (rules: RiskRules) =>
  Boolean(
    rules.stopLoss ||
    rules.takeProfit ||
    rules.trailingStop ||
    rules.breakEvenAfter ||
    rules.rebalance?.trackingErrorAbove,
  );

/**
 * The basket risk engine (docs/risk.md). Rules are evaluated on every fold of the PnL engine, from the marks
 * it already folded (no Bybit read), and time rules on a clock. A rule that fires commits its decision first
 * (position_risk_triggers), then hands the action to the ordinary close or rebalance, which run in the
 * account's queue through the pre-trade guard. At start, open decisions are resumed; rules are evaluated
 * afresh, so a crash before a commit simply decides again. A stale feed never fires a price rule.
 */
export class RiskService {
  readonly armed = new Map<number, ArmedPosition>();
  readonly keeper: ProtectionKeeper;
  private readonly decisions: DecisionRunner;
  /** Positions opened with rules: loaded at their first update (after the open's transaction committed). */
  readonly pendingLoad = new Set<number>();
  private timer: NodeJS.Timeout | null = null;
  private unsubscribe: (() => void) | null = null;
  private lastPeakWrite = 0;
  private stopped = false;
  /** The book and staleness the PnL engine last folded with, for the views. */
  folded: { book: PnlBook; now: number; staleAfterMs: number } | null = null;

  constructor(private readonly deps: RiskServiceDeps) {
    this.keeper = new ProtectionKeeper({
      db: deps.db,
      engine: deps.engine,
      logger: deps.logger,
      armed: (id) => this.armed.get(id),
      allArmed: () => this.armed.values(),
      tell: (events) => this.tell(events),
      changed: (id) => this.changed(id),
    });
    this.decisions = new DecisionRunner({
      db: deps.db,
      events: deps.events,
      logger: deps.logger,
      engine: deps.engine,
      now: () => this.now(),
      rules: (id) => this.armed.get(id)?.rules,
      marks: (id) => this.marksOf(id),
      removeProtection: (id, reason) => this.keeper.remove(id, reason),
      tell: (events) => this.tell(events),
      changed: (id) => this.changed(id),
      compositionChanged: (id) => this.compositionChanged(id),
      retryMs: deps.options?.retryMs ?? 5000,
    });
  }

  /** Each position's decision not yet ended (decided or handed). */
  get open(): ReadonlyMap<number, TriggerRow> {
    return this.decisions.open;
  }

  now(): number {
    return this.deps.options?.now?.() ?? Date.now();
  }

  async start(): Promise<void> {
    const db = this.deps.db();
    for (const row of await liveRulesRows(db)) {
      const armed = await loadArmed(db, row.position_id, row);
      if (armed) this.armed.set(armed.positionId, armed);
    }
    this.unsubscribe = this.deps.events.subscribe((event, payload) => {
      if (event === 'positions.updated') this.positionUpdated(payload as Position);
      if (event === 'positions.event') this.positionEvent(payload as EventPayload<'positions.event'>);
    });
    // A crash after a decision was committed: its action is resumed, never decided again.
    this.decisions.resume(await openTriggers(db));
    this.deps.pnl.setFoldHooks({
      afterFold: (book, now, staleAfterMs) => this.afterFold(book, now, staleAfterMs),
      label: (id) => this.label(id),
    });
    this.timer = setInterval(() => this.checkTime(), this.deps.options?.checkIntervalMs ?? 1000);
    this.timer.unref();
    for (const armed of this.armed.values())
      if (armed.rules.exchangeProtection && armed.status === 'ACTIVE')
        void this.keeper.sync(armed.positionId);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.unsubscribe?.();
    this.deps.pnl.setFoldHooks(null);
    await this.decisions.stop();
    await this.writePeaks(true).catch(() => undefined);
  }

  /** Reads a position's rules again (set, cleared, opened with them, its composition changed). */
  async reload(positionId: number): Promise<ArmedPosition | null> {
    const armed = await loadArmed(this.deps.db(), positionId);
    if (armed) this.armed.set(positionId, armed);
    else this.armed.delete(positionId);
    return armed;
  }

  /** The one-line summary of a position's rules for pnl.tick and the tray. */
  label(positionId: number): string | undefined {
    const armed = this.armed.get(positionId);
    return armed ? summaryOf(armed.rules, this.open.get(positionId) ?? null) || undefined : undefined;
  }

  // ---- evaluation ---------------------------------------------------------------------------------

  /** After every fold: each ACTIVE position with price rules, from the book as it stands (O(1) per stop). */
  afterFold(book: PnlBook, now: number, staleAfterMs: number): void {
    this.folded = { book, now, staleAfterMs };
    if (this.stopped) return;
    const cooldown = this.deps.options?.thresholdCooldownMs ?? 3600_000;
    for (const armed of this.armed.values()) {
      const id = armed.positionId;
      if (armed.status !== 'ACTIVE' || this.decisions.busy(id) || !priceRules(armed.rules)) continue;
      const pnl = book.basketPnl(id);
      if (pnl === null) continue;
      if (book.positionStale(id, now, staleAfterMs)) {
        this.staleNow(armed, now);
        continue;
      }
      armed.stale = false;
      // While a repair or rebalance is under way the weights are in motion: no drift is measured.
      const prices = armed.pendingAction ? { ...armed, targets: null } : armed;
      const outcome = evaluatePrices(prices, pnl, () => book.legMarks(id), now, cooldown);
      if (outcome.peakMoved) armed.peakDirty = true;
      if (outcome.breakEven) void this.breakEvenReached(armed, outcome.breakEven, pnl);
      if (outcome.decision)
        void this.decisions.decide(armed, this.priceDecision(armed, outcome.decision, pnl));
    }
  }

  private priceDecision(armed: ArmedPosition, decision: PriceDecision, pnl: Dec): Decision {
    const threshold = decision.rule === 'rebalanceThreshold';
    return {
      ...decision,
      slot: threshold ? `threshold:${this.now()}` : `close:${armed.armedAt}`,
      pnl,
      marks: this.marksOf(armed.positionId),
      message: decisionWords(decision.rule, armed.rules, {
        pnl,
        level: decision.level,
        peak: armed.memory.peak,
      }),
    };
  }

  /** Time rules, on the clock: close at, the calendar, exits before delivery; and the best PnL written. */
  private checkTime(): void {
    if (this.stopped) return;
    const now = this.now();
    for (const armed of this.armed.values()) {
      if (armed.status !== 'ACTIVE' || this.decisions.busy(armed.positionId)) continue;
      const decision = timeDecision(armed, now, this.livePnl(armed.positionId));
      if (decision) void this.decisions.decide(armed, decision);
    }
    void this.writePeaks(false);
  }

  /** The basket's PnL when the PnL engine follows the position with live prices; null otherwise. */
  livePnl(positionId: number): Dec | null {
    const folded = this.folded;
    if (!folded || folded.book.positionStale(positionId, folded.now, folded.staleAfterMs)) return null;
    return folded.book.basketPnl(positionId);
  }

  private marksOf(positionId: number): Record<string, string> {
    const marks: Record<string, string> = {};
    for (const leg of this.folded?.book.legMarks(positionId) ?? [])
      if (leg.mark) marks[leg.symbol] = leg.mark.toFixed();
    return marks;
  }

  private staleNow(armed: ArmedPosition, now: number): void {
    if (armed.stale) return;
    armed.stale = true;
    if (armed.staleToldAt !== null && now - armed.staleToldAt < staleQuietMs) return;
    armed.staleToldAt = now;
    void this.tell([
      {
        positionId: armed.positionId,
        kind: 'risk_stale',
        message:
          'Prices of this position are stale: its stops and take-profit are not evaluated until they are live again (a stale feed never fires a stop).',
      },
    ]);
  }

  private async breakEvenReached(armed: ArmedPosition, level: Dec, pnl: Dec): Promise<void> {
    const text = level.toDecimalPlaces(8).toFixed();
    await saveMemory(this.deps.db(), armed.positionId, { breakEvenLevel: text });
    await this.tell([
      {
        positionId: armed.positionId,
        kind: 'risk_rules',
        message: `Break-even reached (PnL ${pnl.toDecimalPlaces(2).toFixed(2)} USDT): the stop moved to ${level.toDecimalPlaces(2).toFixed(2)} USDT, what closing will cost in fees.`,
      },
    ]);
    this.changed(armed.positionId);
  }

  private async writePeaks(all: boolean): Promise<void> {
    if (!all && this.now() - this.lastPeakWrite < peakWriteMs) return;
    this.lastPeakWrite = this.now();
    for (const armed of this.armed.values()) {
      if (!armed.peakDirty || !armed.memory.peak) continue;
      armed.peakDirty = false;
      await saveMemory(this.deps.db(), armed.positionId, {
        peakPnl: armed.memory.peak.toDecimalPlaces(8).toFixed(),
      });
    }
  }

  /** Writes history lines and tells the windows (an alert follows from positions.event). */
  async tell(events: readonly NewPositionEvent[]): Promise<void> {
    if (events.length === 0) return;
    await recordPositionEvents(this.deps.db(), events);
    const at = new Date().toISOString();
    for (const event of events)
      this.deps.events.emit('positions.event', {
        positionId: event.positionId,
        kind: event.kind,
        symbol: event.symbol ?? null,
        message: event.message,
        at,
      });
  }

  /** Asks for the position's view to be published again (risk.updated), read by the feature. */
  onChanged: ((positionId: number) => void) | null = null;
  changed(positionId: number): void {
    this.onChanged?.(positionId);
  }

  private async compositionChanged(positionId: number): Promise<void> {
    const armed = this.armed.get(positionId);
    if (!armed) return;
    Object.assign(armed, await composition(this.deps.db(), positionId));
  }

  // ---- following positions ------------------------------------------------------------------------

  private positionUpdated(position: Position): void {
    const id = position.id;
    if (this.pendingLoad.delete(id)) void this.reload(id).then(() => this.changed(id));
    const armed = this.armed.get(id);
    if (armed) this.follow(armed, position);
    if (this.decisions.open.has(id)) this.decisions.advance(id);
    // A position that ended may have freed coins other positions' stops were refused on.
    if (final(position.status))
      for (const other of this.armed.values())
        if (
          other.rules.exchangeProtection &&
          Object.values(other.protection).some((leg) => leg.state !== 'placed')
        )
          void this.keeper.sync(other.positionId);
  }

  private follow(armed: ArmedPosition, position: Position): void {
    const before = { status: armed.status, pending: armed.pendingAction };
    armed.status = position.status;
    armed.pendingAction = position.pendingAction;
    const id = armed.positionId;
    if (final(position.status)) {
      // Bybit dropped the stops with the flat rows; the state says so.
      void this.keeper
        .forget(id, position.status.toLowerCase())
        .catch(() => undefined)
        .finally(() => this.armed.delete(id));
      return;
    }
    if (position.status === 'CLOSING' && before.status !== 'CLOSING')
      void this.keeper.remove(id, 'the position is closing').catch(() => undefined);
    const settled = before.pending !== null && position.pendingAction === null;
    if (settled) void this.compositionChanged(id);
    if ((position.status === 'ACTIVE' && before.status !== 'ACTIVE') || settled) void this.keeper.sync(id);
    this.exchangeStopFilled(armed, position);
  }

  /** A protected leg gone from the account (Bybit's stop filled it): the rest of the basket closes. */
  private exchangeStopFilled(armed: ArmedPosition, position: Position): void {
    if (position.status !== 'ACTIVE' || !position.alteration) return;
    for (const leg of position.alteration.legs) {
      const stop = armed.protection[leg.symbol];
      if (stop?.state !== 'placed' || !new Dec(leg.actual).isZero() || new Dec(leg.expected).isZero())
        continue;
      const pnl = this.livePnl(armed.positionId);
      const message = decisionWords('exchangeStop', armed.rules, {
        pnl,
        level: null,
        peak: null,
        symbol: leg.symbol,
        price: stop.stopLoss ?? undefined,
      });
      void this.decisions.decide(armed, {
        rule: 'exchangeStop',
        action: 'close',
        slot: `close:${armed.armedAt}`,
        pnl,
        level: null,
        message,
      });
      return;
    }
  }

  private positionEvent(event: EventPayload<'positions.event'>): void {
    // A delisting announced on a position with an exit rule: its delivery time is read again.
    if (event.kind !== 'delisting' || !this.armed.get(event.positionId)?.rules.exitBeforeDelivery) return;
    void this.reload(event.positionId);
  }
}
