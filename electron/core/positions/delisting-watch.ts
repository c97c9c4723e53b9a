import type { Kysely } from 'kysely';
import type { UserDb } from '../db';
import { livePositions, type AccountScope } from '../ledger/account-reads';
import { delistingAt, utcMinute, type BybitGateway } from '../exchange';
import type { Logger } from '../util/logger';
import { hasPositionEvent, recordPositionEvents, type NewPositionEvent } from './position-events';
import { componentRows } from '../ledger/position-repository';

export interface DelistingWatchDeps {
  db: () => Kysely<UserDb>;
  scope: AccountScope;
  gateway: BybitGateway;
  logger: Logger;
  /** How often the instrument list is read again (default 10 minutes; Bybit announces days ahead). */
  periodMs?: number;
  /** New events on positions (each told once). */
  announce(events: NewPositionEvent[]): void;
}

/**
 * Perpetuals Bybit schedules for delisting (an instrument with a deliveryTime) or no longer trades (gone
 * from the Trading list): each open position holding such a coin is told once, in its history and by an
 * alert, with the time. The leg then settles by Bybit's Delivery execution at that time, unless it is
 * closed or rebalanced out before; the rest of the position trades as usual.
 */
export class DelistingWatch {
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(private readonly deps: DelistingWatchDeps) {}

  start(): void {
    const tick = () => {
      this.timer = setTimeout(() => void this.check().finally(() => !this.stopped && tick()), this.period);
      this.timer.unref();
    };
    void this.check();
    tick();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }

  private get period(): number {
    return this.deps.periodMs ?? 10 * 60_000;
  }

  async check(): Promise<void> {
    try {
      const db = this.deps.db();
      const positions = await livePositions(db, this.deps.scope);
      if (positions.length === 0) return;
      const instruments = new Map(
        (await this.deps.gateway.getInstruments({ refresh: true })).map((i) => [i.symbol, i]),
      );
      const components = await componentRows(
        db,
        positions.map((p) => p.id),
      );
      const fresh: NewPositionEvent[] = [];
      for (const component of components) {
        const instrument = instruments.get(component.symbol);
        const at = instrument ? delistingAt(instrument) : null;
        if (instrument && at === null) continue;
        if (await hasPositionEvent(db, component.position_id, 'delisting', component.symbol)) continue;
        fresh.push({
          positionId: component.position_id,
          kind: 'delisting',
          symbol: component.symbol,
          // The risk rule "exit N hours before delivery" reads the time from here (docs/risk.md).
          detail: at !== null ? { deliveryTime: at } : null,
          message:
            at !== null
              ? `Bybit delists ${component.symbol} on ${utcMinute(at)}: this leg settles then at Bybit's delivery price unless it is closed or rebalanced out before. New positions leave it out.`
              : `Bybit no longer trades ${component.symbol}: this leg settles by Bybit's delivery; the other legs trade as usual.`,
        });
      }
      if (fresh.length === 0) return;
      await recordPositionEvents(db, fresh);
      this.deps.announce(fresh);
    } catch (error) {
      this.deps.logger.warn('could not check instruments for delistings', { message: String(error) });
    }
  }
}
