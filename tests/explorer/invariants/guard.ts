import { Dec } from '../../../shared/decimal';
import { componentGoals } from './component-goals';
import { linkResolver } from './link-ids';
import {
  adverseExecTypes,
  type LedgerExecution,
  type PositionRecord,
  type SightingRecord,
  type TradeRecord,
  type Violation,
  type World,
} from './world';

/**
 * I3, the pre-trade guard as the exchange saw it. Every fill of the account is replayed in ledger order,
 * per account, symbol and hedge row (one-way mode is row 0). For a fill of a Synthex order, with A the
 * account's quantity on that row just before it and A' just after, T is what Synthex's positions expected
 * there then:
 *
 * - the order's own position: its goal (0 for a close or rollback, the component's target for an open or
 *   a rebalance, what it holds for a repair);
 * - every other live position on that account: what its own fills hold up to then (repair fills excluded;
 *   adoptions, legs recorded as gone and its shares of liquidations, ADL and deliveries included, as the
 *   app derives it).
 *
 * A' must lie between A and T: towards it, never past it, never across zero unless T is across. An order
 * that adds to its own position's exposure (an open, a rebalance that grows a leg) may instead add up to
 * that position's own remaining quantity on top of whatever else the account holds. And an order of a
 * position only ever reaches the account the position's first fill was on (the account binding).
 *
 * Holdings come from the ledger, not from `trades`, so a fill counts from the instant it happened: a
 * repair that sells what another position's open bought a moment ago is caught even before the app has
 * stored that open's fill.
 *
 * What the app could not have known is not held against it: a fill of another client (a hand trade, a
 * liquidation) that the app could first have seen after the order was sent, or less than `unforeseeableMs`
 * before it, may or may not have been in the guard's view: the order passes if it is right on the account as
 * it was, or as it was without those fills. The app first sees a fill when a private push naming it (or a
 * position state after it) reaches it, or a REST read of positions made after it answers
 * (the world's `sightings`): with the stream's latency, or later when a stream fault dropped those pushes.
 */
export const unforeseeableMs = 1_000;

export function checkGuard(world: World): Violation[] {
  return new GuardFold().advance(world, Number.POSITIVE_INFINITY);
}

type Event = { at: number; fill: LedgerExecution } | { at: number; adopt: TradeRecord };

/** A fill of another client on a row, and when the app could first have seen it. */
interface OutsideMove {
  at: number;
  change: Dec;
  fill: LedgerExecution;
  knowableAt: number;
}

/** True when the sighting showed the fill: it named it, or showed its symbol's state after it. */
function shows(sighting: SightingRecord, fill: LedgerExecution): boolean {
  if (sighting.uid !== fill.uid) return false;
  if (sighting.execIds.includes(fill.execId)) return true;
  return (
    sighting.stateAt !== null &&
    sighting.stateAt >= fill.execTime &&
    (sighting.symbols === null || sighting.symbols.includes(fill.symbol))
  );
}

/** Book entries without an execution: an adoption, or a leg recorded as gone (`outside:`/`marked:`). */
const bookKinds = new Set(['adopt', 'outside']);
const adverseKinds = new Set(['liquidation', 'adl', 'delivery']);

/** The app's shares of Bybit's adverse executions, by the execution's id (`<execId>/<positionId>`). */
function adverseShares(trades: readonly TradeRecord[]): Map<string, TradeRecord[]> {
  const shares = new Map<string, TradeRecord[]>();
  for (const trade of trades) {
    if (trade.orderLinkId || !adverseKinds.has(trade.kind)) continue;
    const execId = trade.execId.replace(/\/\d+$/, '');
    shares.set(execId, [...(shares.get(execId) ?? []), trade]);
  }
  return shares;
}

/**
 * The replay behind `checkGuard`, kept between calls so a long run judges each fill once: `advance`
 * takes the fills (and adoptions) up to `until` that it has not seen yet.
 */
export class GuardFold {
  /** Account quantity per `uid|symbol|row`, signed (row 2, hedge short, is negative). */
  private readonly rows = new Map<string, Dec>();
  /** Per `uid|symbol|row`, what each position's own fills hold there. */
  private readonly held = new Map<string, Map<number, Dec>>();
  private readonly hedge = new Set<string>();
  /** The account each position's first fill was on. */
  private readonly home = new Map<number, string>();
  private readonly done = new Set<string>();
  private readonly rowOfOrder = new Map<string, 0 | 1 | 2>();
  /** Per `uid|symbol|row`, the recent fills of other clients (and Bybit's own), by when they happened. */
  private readonly outsideMoves = new Map<string, OutsideMove[]>();
  /** Outside fills the app has not been shown yet, and how many of the world's sightings were matched. */
  private unseen: OutsideMove[] = [];
  private sightingsRead = 0;
  /**
   * Bybit's own executions already replayed, by id: the row they moved and which way. The app may share one
   * out long after it happened (it was down, or its stream dropped the push), so a share can turn up after
   * its execution was judged; it counts from the read that first has it.
   */
  private readonly adverseFills = new Map<string, { key: string; sign: 1 | -1 }>();
  private readonly sharesCounted = new Set<string>();

  advance(world: World, until: number): Violation[] {
    this.sightingsSeen(world);
    for (const order of world.ledger.orders) this.rowOfOrder.set(order.orderId, order.positionIdx);
    const resolve = linkResolver(world.db.positions);
    const goalAt = componentGoals(world);
    const orders = new Map(world.db.orders.map((o) => [o.orderLinkId, o]));
    const positions = new Map(world.db.positions.map((p) => [p.id, p]));
    const owners = adverseShares(world.db.trades);
    for (const [execId, fill] of this.adverseFills) this.countShares(owners.get(execId), fill);
    const firstSend = new Map<string, number>();
    for (const send of world.wireSends)
      firstSend.set(send.orderLinkId, Math.min(send.at, firstSend.get(send.orderLinkId) ?? send.at));
    const violations: Violation[] = [];
    for (const event of this.pending(world, until)) {
      if ('adopt' in event) {
        this.adopt(event.adopt);
        continue;
      }
      const fill = event.fill;
      const row = this.rowOf(fill);
      const key = `${fill.uid}|${fill.symbol}|${row}`;
      const change = new Dec(fill.execQty).mul(fill.side === 'Buy' ? 1 : -1);
      const before = this.rows.get(key) ?? new Dec(0);
      const after = before.plus(change);
      this.rows.set(key, after);
      const ours = resolve(fill.orderLinkId);
      if (!ours) {
        this.outsideMoved(key, fill, change, world);
        // An adverse event (liquidation, ADL, delivery) the app shared out among positions counts in each
        // one's holding by its share; anything else only moves the account.
        if (adverseExecTypes.has(fill.execType)) {
          const adverse = { key, sign: change.isNeg() ? (-1 as const) : (1 as const) };
          this.adverseFills.set(fill.execId, adverse);
          this.countShares(owners.get(fill.execId), adverse);
        }
        continue;
      }
      const { position, parts } = ours;
      const home = this.home.get(position.id);
      if (home === undefined) this.home.set(position.id, fill.uid);
      else if (home !== fill.uid)
        violations.push({
          invariant: 'I3',
          key: `I3|binding|${position.id}|${fill.uid}`,
          at: fill.execTime,
          message: `position ${position.id} lives on account ${home}, but its ${parts.kind} order ${fill.orderLinkId} filled ${fill.side} ${fill.execQty} ${fill.symbol} on account ${fill.uid}`,
        });
      const own = this.held.get(key)?.get(position.id) ?? new Dec(0);
      const { total: others, each } = this.othersOn(key, position.id, fill.execTime, positions);
      let goal: Dec;
      if (parts.kind === 'close') goal = new Dec(0);
      else if (parts.kind === 'repair') goal = own;
      else {
        const order = orders.get(fill.orderLinkId);
        const target = goalAt(position.id, parts.componentId, order?.createdAt ?? fill.execTime);
        goal = share(new Dec(target ?? '0'), row);
      }
      const target = others.plus(goal);
      const sentAt = firstSend.get(fill.orderLinkId) ?? fill.execTime;
      const unforeseen = this.outsideSince(key, sentAt - unforeseeableMs);
      // Judged on the account as it was, and as the app may have seen it without those fills.
      const views = unforeseen.isZero()
        ? [{ from: before, to: after }]
        : [
            { from: before, to: after },
            { from: before.minus(unforeseen), to: after.minus(unforeseen) },
          ];
      const remaining = goal.minus(own);
      const adds =
        (parts.kind === 'open' || parts.kind === 'rebalance') &&
        goal.abs().gt(own.abs()) &&
        !remaining.isZero() &&
        remaining.isNeg() === change.isNeg();
      const allowed = views.some(
        ({ from, to }) => within(to, from, target) || (adds && within(to, from, from.plus(remaining))),
      );
      if (!allowed)
        violations.push({
          invariant: 'I3',
          key: `I3|${position.id}|${parts.kind}`,
          at: fill.execTime,
          message:
            `position ${position.id}'s ${parts.kind} order ${fill.orderLinkId} filled ${fill.side} ${fill.execQty} ` +
            `${fill.symbol} (account ${fill.uid}, row ${row}) and moved the account from ${before.toFixed()} to ` +
            `${after.toFixed()}${unforeseen.isZero() ? '' : ` (${unforeseen.toFixed()} of it other clients' fills it could not have seen)`}` +
            `; Synthex's positions expected ${target.toFixed()} there (this position ` +
            `${goal.toFixed()}, holding ${own.toFixed()}; the others ${others.toFixed()}${each.length ? `: ${each.join(', ')}` : ''})` +
            this.outsideNote(key, sentAt),
        });
      if (parts.kind !== 'repair') this.hold(position.id, key, change);
    }
    return violations;
  }

  /** Fills (not funding), adoptions and legs recorded as gone up to `until` not judged yet, in the order they happened. */
  private pending(world: World, until: number): Event[] {
    const events: Event[] = [];
    for (const fill of world.ledger.executions)
      if (fill.execType !== 'Funding' && fill.execTime <= until && !this.done.has(fill.execId))
        events.push({ at: fill.execTime, fill });
    for (const adopt of world.db.trades)
      if (bookKinds.has(adopt.kind) && adopt.timestamp <= until && !this.done.has(adopt.execId))
        events.push({ at: adopt.timestamp, adopt });
    for (const event of events) this.done.add('fill' in event ? event.fill.execId : event.adopt.execId);
    // Stable: fills keep the ledger's order among themselves.
    return events.sort((a, b) => a.at - b.at);
  }

  /** The hedge row a fill traded: its order's positionIdx; without an order, the row it reduces. */
  private rowOf(fill: LedgerExecution): 0 | 1 | 2 {
    const symbolKey = `${fill.uid}|${fill.symbol}`;
    const known = this.rowOfOrder.get(fill.orderId);
    if (known !== undefined) {
      if (known !== 0) this.hedge.add(symbolKey);
      return known;
    }
    if (!this.hedge.has(symbolKey)) return 0;
    return fill.side === 'Sell' ? 1 : 2;
  }

  private outsideMoved(key: string, fill: LedgerExecution, change: Dec, world: World): void {
    const at = fill.execTime;
    const moves = (this.outsideMoves.get(key) ?? []).filter((m) => m.knowableAt > at - 60_000);
    // Without sightings every fill counts as seen when it happened; with them, at the first that showed it.
    const knowableAt = world.sightings
      ? Math.min(...world.sightings.filter((s) => shows(s, fill)).map((s) => s.deliveredAt))
      : at;
    const move = { at, change, fill, knowableAt };
    moves.push(move);
    this.outsideMoves.set(key, moves);
    if (knowableAt === Number.POSITIVE_INFINITY) this.unseen.push(move);
  }

  /** Sightings recorded since the last advance: the outside fills they show were seen then. */
  private sightingsSeen(world: World): void {
    const sightings = world.sightings ?? [];
    const fresh = sightings.slice(this.sightingsRead);
    this.sightingsRead = sightings.length;
    if (fresh.length === 0 || this.unseen.length === 0) return;
    for (const move of this.unseen)
      for (const sighting of fresh)
        if (shows(sighting, move.fill)) move.knowableAt = Math.min(move.knowableAt, sighting.deliveredAt);
    this.unseen = this.unseen.filter((move) => move.knowableAt === Number.POSITIVE_INFINITY);
  }

  /** The row's recent outside fills, timed from the order's send: when each happened and was first shown. */
  private outsideNote(key: string, sentAt: number): string {
    const moves = this.outsideMoves.get(key) ?? [];
    if (moves.length === 0) return '';
    const ms = (t: number) => (t === Number.POSITIVE_INFINITY ? 'never' : `${t - sentAt} ms`);
    const each = moves.map((m) => `${m.change.toFixed()} at ${ms(m.at)}, shown at ${ms(m.knowableAt)}`);
    return `; other clients' fills on the row, from its send: ${each.join('; ')}`;
  }

  /** What other clients' fills on the row that the app could first have seen at or after `since` moved it by. */
  private outsideSince(key: string, since: number): Dec {
    let moved = new Dec(0);
    for (const move of this.outsideMoves.get(key) ?? [])
      if (move.knowableAt >= since) moved = moved.plus(move.change);
    return moved;
  }

  /** Counts the shares of an adverse execution not counted yet in their positions' holdings. */
  private countShares(shares: TradeRecord[] | undefined, fill: { key: string; sign: 1 | -1 }): void {
    for (const share of shares ?? []) {
      if (this.sharesCounted.has(share.execId)) continue;
      this.sharesCounted.add(share.execId);
      this.hold(share.positionId, fill.key, new Dec(share.quantity).mul(fill.sign));
    }
  }

  private adopt(trade: TradeRecord): void {
    const uid = this.home.get(trade.positionId);
    if (uid === undefined) return;
    const change = new Dec(trade.quantity).mul(trade.side === 'Long' ? 1 : -1);
    const row = this.hedge.has(`${uid}|${trade.symbol}`) ? (trade.side === 'Long' ? 1 : 2) : 0;
    this.hold(trade.positionId, `${uid}|${trade.symbol}|${row}`, change);
  }

  private hold(positionId: number, key: string, change: Dec): void {
    const byPosition = this.held.get(key) ?? new Map<number, Dec>();
    byPosition.set(positionId, (byPosition.get(positionId) ?? new Dec(0)).plus(change));
    this.held.set(key, byPosition);
  }

  /** What the other positions still open at `at` hold on the row. */
  private othersOn(
    key: string,
    self: number,
    at: number,
    positions: ReadonlyMap<number, PositionRecord>,
  ): { total: Dec; each: string[] } {
    let total = new Dec(0);
    const each: string[] = [];
    for (const [id, quantity] of this.held.get(key) ?? []) {
      const closedAt = positions.get(id)?.closedAt ?? null;
      if (id === self || (closedAt !== null && at >= closedAt) || quantity.isZero()) continue;
      total = total.plus(quantity);
      each.push(`position ${id} ${quantity.toFixed()}`);
    }
    return { total, each };
  }
}

/** A symbol-level signed goal on one row: one-way takes it whole, hedge rows their own side of it. */
function share(goal: Dec, row: 0 | 1 | 2): Dec {
  if (row === 0) return goal;
  if (row === 1) return Dec.max(goal, 0);
  return Dec.min(goal, 0);
}

function within(value: Dec, a: Dec, b: Dec): boolean {
  return value.gte(Dec.min(a, b)) && value.lte(Dec.max(a, b));
}
