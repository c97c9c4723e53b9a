import type { EventName, EventPayload } from '../../../shared/contract';
import { Dec } from '../../../shared/decimal';
import type { Alert } from '../../../shared/domain/alerts';
import type { PnlTick } from '../../../shared/domain/pnl';
import type { Position } from '../../../shared/domain/positions';
import type { Settings } from '../../../shared/domain/settings';
import { signedAmount } from '../pnl/tray-view';
import type { NotificationSink } from './notification-sink';
import { LiquidationWatch } from './liquidation-watch';
import { ThresholdAlarm } from './threshold-alarm';

export interface AlertServiceDeps {
  sinks: () => readonly NotificationSink[];
  alertSettings: () => Settings['alerts'];
  now?: () => number;
}

/**
 * Turns core events into notifications: an execution done or failed, a position altered, a PnL threshold
 * crossed (per position or total, in % or USDT), market data gone stale. Each is keyed and sent once per
 * occurrence; thresholds use hysteresis and a 10-minute cool-down (threshold-alarm.ts), staleness fires
 * again only after the figure was live again and 10 minutes passed. While alerts are paused the states
 * still move, so resuming brings no flood.
 */
export class AlertService {
  private readonly statuses = new Map<number, { status: string; altered: boolean }>();
  private readonly alarms = new Map<string, ThresholdAlarm>();
  private readonly stale = new Map<number, boolean>();
  private readonly staleToldAt = new Map<number, number>();
  private readonly sent = new Set<string>();
  private readonly names = new Map<number, string>();
  private readonly liquidation = new LiquidationWatch();
  private readonly now: () => number;

  constructor(private readonly deps: AlertServiceDeps) {
    this.now = deps.now ?? (() => Date.now());
  }

  onEvent(event: EventName, payload: unknown): void {
    if (event === 'positions.updated') this.positionUpdated(payload as EventPayload<'positions.updated'>);
    if (event === 'pnl.tick') this.pnlTick(payload as EventPayload<'pnl.tick'>);
    if (event === 'positions.event') this.positionEvent(payload as EventPayload<'positions.event'>);
    if (event === 'account.updated') this.liquidationRisk(payload as EventPayload<'account.updated'>);
  }

  /** A held coin's mark within the Settings distance of its liquidation price: told once per crossing. */
  private liquidationRisk(summary: EventPayload<'account.updated'>): void {
    const limit = this.deps.alertSettings().liquidationDistancePercent;
    for (const crossing of this.liquidation.update(summary.liquidation, limit))
      this.fire(
        `liq:${crossing.symbol}:${this.now()}`,
        'liquidation.risk',
        'error',
        `${crossing.symbol} is ${crossing.distancePercent} % from liquidation`,
        `Mark ${crossing.markPrice}, Bybit's liquidation price ${crossing.liqPrice} (within the ${limit} % set in Settings).`,
        null,
      );
  }

  /** What Bybit did to a position (liquidation, ADL, delivery, delisting) or a key of another account. */
  private positionEvent(event: EventPayload<'positions.event'>): void {
    const told = positionEventAlerts[event.kind];
    if (!told) return;
    const name = this.names.get(event.positionId) ?? `Position #${event.positionId}`;
    this.fire(
      `event:${event.positionId}:${event.kind}:${event.symbol ?? ''}:${event.at}`,
      'position.event',
      told.level,
      `${name}: ${event.symbol && event.kind !== 'account_mismatch' ? `${event.symbol} ` : ''}${told.title}`,
      event.message,
      event.positionId,
    );
  }

  private positionUpdated(position: Position): void {
    this.names.set(position.id, `${position.indexName} #${position.id}`);
    const before = this.statuses.get(position.id);
    this.statuses.set(position.id, { status: position.status, altered: position.isAltered });
    const name = `${position.indexName} #${position.id}`;
    const told = statusAlerts[position.status];
    if (
      before &&
      before.status !== position.status &&
      told &&
      (!told.from || told.from.includes(before.status))
    )
      this.fire(
        `${told.key}:${position.id}`,
        told.kind,
        told.level,
        `${name} ${told.title}`,
        told.body(position),
        position.id,
      );
    // The status is remembered above even when drift warnings are off, so turning them on later does not
    // announce a position that was already altered.
    if (position.isAltered && !(before?.altered ?? false) && this.deps.alertSettings().drift)
      this.fire(
        `altered:${position.id}:${position.updatedAt}`,
        'position.altered',
        'warning',
        `${name} is altered`,
        alteredBody(position),
        position.id,
      );
  }

  private pnlTick(tick: PnlTick): void {
    const settings = this.deps.alertSettings();
    for (const position of tick.positions) {
      const name = `${position.name} #${position.id}`;
      this.threshold(
        `pos-usdt:${position.id}`,
        new Dec(position.unrealizedPnl),
        settings.pnlPositionUsdt,
        (side) => [
          `${name}: PnL ${side === 'above' ? 'above' : 'below'} ${side === 'above' ? '+' : '-'}${settings.pnlPositionUsdt} USDT`,
          `Unrealised ${signedAmount(position.unrealizedPnl)} USDT (${signedAmount(position.percent)} %).`,
          position.id,
        ],
      );
      this.threshold(
        `pos-pct:${position.id}`,
        new Dec(position.percent),
        percent(settings.pnlMovePercent),
        (side) => [
          `${name}: PnL ${side === 'above' ? 'above +' : 'below -'}${settings.pnlMovePercent} %`,
          `Unrealised ${signedAmount(position.unrealizedPnl)} USDT (${signedAmount(position.percent)} %).`,
          position.id,
        ],
      );
      this.staleness(position.id, position.stale, name);
    }
    if (tick.positions.length === 0) return;
    const total = tick.total;
    this.threshold('total-usdt', new Dec(total.unrealizedPnl), settings.pnlTotalUsdt, (side) => [
      `Total PnL ${side === 'above' ? 'above +' : 'below -'}${settings.pnlTotalUsdt} USDT`,
      `Unrealised ${signedAmount(total.unrealizedPnl)} USDT over ${tick.positions.length} positions.`,
      null,
    ]);
    this.threshold('total-pct', new Dec(total.percent), percent(settings.pnlTotalPercent), (side) => [
      `Total PnL ${side === 'above' ? 'above +' : 'below -'}${settings.pnlTotalPercent} %`,
      `Unrealised ${signedAmount(total.unrealizedPnl)} USDT (${signedAmount(total.percent)} %).`,
      null,
    ]);
  }

  private threshold(
    key: string,
    value: Dec,
    limit: string | null,
    describe: (side: 'above' | 'below') => [string, string, number | null],
  ): void {
    if (limit === null) {
      this.alarms.delete(key);
      return;
    }
    let alarm = this.alarms.get(key);
    if (!alarm) this.alarms.set(key, (alarm = new ThresholdAlarm()));
    const side = alarm.update(value, new Dec(limit), this.now());
    if (!side) return;
    const [title, body, positionId] = describe(side);
    // Each crossing is its own occurrence: the key carries when it happened.
    this.fire(
      `${key}:${side}:${this.now()}`,
      'pnl.threshold',
      side === 'above' ? 'success' : 'warning',
      title,
      body,
      positionId,
    );
  }

  /** Fires when a live figure turns stale; again only after it was live in between, and not within 10 minutes. */
  private staleness(id: number, stale: boolean, name: string): void {
    const before = this.stale.get(id);
    this.stale.set(id, stale);
    if (!stale || before !== false) return;
    // A feed flapping between live and stale is told at most once per quiet period, not at every flap.
    const last = this.staleToldAt.get(id);
    if (last !== undefined && this.now() - last < staleQuietMs) return;
    this.staleToldAt.set(id, this.now());
    this.fire(
      `stale:${id}:${this.now()}`,
      'market.stale',
      'warning',
      `${name}: prices are stale`,
      'No market data for 30 seconds: the PnL shown is not live.',
      id,
    );
  }

  private fire(
    key: string,
    kind: Alert['kind'],
    level: Alert['level'],
    title: string,
    body: string,
    positionId: number | null,
  ): void {
    if (this.sent.has(key)) return;
    this.sent.add(key);
    if (this.sent.size > 5000) this.sent.delete(this.sent.values().next().value!);
    if (this.deps.alertSettings().paused) return;
    const alert: Alert = {
      key,
      kind,
      level,
      title,
      body,
      positionId,
      at: new Date(this.now()).toISOString(),
    };
    for (const sink of this.deps.sinks()) sink.notify(alert);
  }
}

const staleQuietMs = 10 * 60_000;

/** Which position events are told as alerts, how loudly and in what words. */
const positionEventAlerts: Partial<
  Record<EventPayload<'positions.event'>['kind'], { level: Alert['level']; title: string }>
> = {
  liquidation: { level: 'error', title: 'liquidated' },
  adl: { level: 'error', title: 'auto-deleveraged' },
  delivery: { level: 'warning', title: 'settled at delivery' },
  delisting: { level: 'warning', title: 'to be delisted' },
  closed_outside: { level: 'warning', title: 'closed outside Synthex' },
  account_mismatch: { level: 'error', title: 'lives on another Bybit account than the key' },
  risk_trigger: { level: 'warning', title: 'risk rule' },
  risk_stale: { level: 'warning', title: 'stops paused: prices are stale' },
};

/** How a status change of a position is told (`from`: only when it comes from one of these statuses). */
interface StatusAlert {
  key: string;
  kind: Alert['kind'];
  level: Alert['level'];
  title: string;
  body: (position: Position) => string;
  from?: readonly string[];
}

/** Which status changes of a position are told as alerts, and in what words. */
const statusAlerts: Partial<Record<Position['status'], StatusAlert>> = {
  ACTIVE: {
    key: 'done',
    kind: 'execution.done',
    level: 'success',
    title: 'is open',
    body: () => `Every leg is filled.`,
    from: ['EXECUTING', 'PENDING'],
  },
  CLOSED: {
    key: 'closed',
    kind: 'execution.done',
    level: 'success',
    title: 'is closed',
    body: (position) => `Realised PnL ${signedAmount(position.realizedPnl)} USDT.`,
  },
  FAILED: {
    key: 'failed',
    kind: 'execution.failed',
    level: 'error',
    title: 'failed',
    body: (position) => position.failureReason ?? 'The position could not be opened.',
  },
};

const percent = (value: number | null) => (value === null ? null : String(value));

/** Names the coins that differ, as the reconciler reported them. */
function alteredBody(position: Position): string {
  const legs = position.alteration?.legs ?? [];
  if (legs.length === 0) return 'Its real holdings no longer match what it should hold.';
  const coins = legs.map((leg) => `${leg.symbol} (expected ${leg.expected}, Bybit ${leg.actual})`);
  return `Bybit's holdings differ on ${coins.join(', ')}.`;
}
