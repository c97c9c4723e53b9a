import type { Kysely } from 'kysely';
import type { PositionProgress } from '../../../shared/domain/positions';
import type { UserDb } from '../db';
import type { EventBus } from '../rpc/event-bus';
import type { Logger } from '../util/logger';
import type { AdverseOutcome } from './adverse-events';
import type { PositionEngineOptions } from './position-engine-options';
import type { NewPositionEvent } from './position-events';
import type { PositionRow } from '../ledger/position-repository';
import { positionViewById, positionViews } from './position-queries';

export interface PositionPublisherDeps {
  db: () => Kysely<UserDb>;
  events: EventBus;
  logger: Logger;
  options?: Pick<PositionEngineOptions, 'updateCoalesceMs'>;
  /** True once the engine is stopping: nothing more is told to the windows. */
  stopped(): boolean;
}

/** What the windows hear of positions: positions.updated, positions.progress and positions.event. */
export class PositionPublisher {
  private readonly pendingUpdates = new Map<number, NodeJS.Timeout>();
  /** Per position, the last positions.updated on its way: events of one position go out in order. */
  private readonly publishing = new Map<number, Promise<void>>();

  constructor(private readonly deps: PositionPublisherDeps) {}

  /**
   * positions.updated for the position, coalesced: a burst of fills is one event. A status change passes the
   * row it just committed and is published at once from that row, so no status is ever coalesced away (a
   * later read could already see the next status, and a watcher waiting for ACTIVE would never see it).
   */
  updated(positionId: number, committed?: PositionRow): void {
    if (this.deps.stopped()) return;
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
  progress(event: PositionProgress): void {
    if (this.deps.stopped()) return;
    const id = event.positionId;
    const pending = this.publishing.get(id);
    if (!pending) {
      this.deps.events.emit('positions.progress', event);
      return;
    }
    const next = pending
      .then(() => {
        if (!this.deps.stopped()) this.deps.events.emit('positions.progress', event);
      })
      .finally(() => {
        if (this.publishing.get(id) === next) this.publishing.delete(id);
      });
    this.publishing.set(id, next);
  }

  /** Events found by an account's watchers (a delisting): told to the windows and as an alert. */
  announce(events: readonly NewPositionEvent[]): void {
    const at = new Date().toISOString();
    for (const event of events) {
      this.deps.events.emit('positions.event', { ...event, symbol: event.symbol ?? null, at });
      this.updated(event.positionId);
    }
  }

  /** Bybit took (part of) positions' legs: their history says so and an alert fires. */
  adverse(outcome: AdverseOutcome): void {
    for (const event of outcome.events) this.deps.events.emit('positions.event', event);
    for (const id of new Set(outcome.positionIds)) this.updated(id);
  }

  /** Drops the updates still waiting out their coalescing delay (the engine is stopping). */
  stop(): void {
    for (const timer of this.pendingUpdates.values()) clearTimeout(timer);
  }
}
