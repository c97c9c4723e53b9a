/** Hand-made worlds for the checkers' unit tests: positions, their orders and the fills Bybit booked. */
import { orderLinkId } from '../../../electron/core/positions/order-link-id';
import type { OrderKind } from '../../../shared/domain/positions';
import { emptyWorld, type LedgerExecution, type PositionRecord, type World } from './world';

export class WorldBuilder {
  readonly world: World = emptyWorld();
  private clock = 1_000;
  private seq = 0;
  private attempts = new Map<string, number>();

  /** A position with one component per symbol (signed expected quantities); ids follow creation order. */
  position(id: number, legs: Record<string, string>, patch: Partial<PositionRecord> = {}): this {
    this.world.db.positions.push({
      id,
      linkKey: `key${String(id).padStart(7, '0')}`,
      indexId: 'top5-equal',
      account: null,
      status: 'ACTIVE',
      pendingAction: null,
      failureReason: null,
      realizedPnl: null,
      isAltered: false,
      createdAt: this.tick(),
      closedAt: null,
      flags: {},
      ...patch,
    });
    for (const [symbol, expectedQuantity] of Object.entries(legs))
      this.world.db.components.push({
        id: this.componentId(id, symbol),
        positionId: id,
        symbol,
        expectedQuantity,
      });
    return this;
  }

  /** A fill of one of the position's orders: `quantity` signed (+ buys). */
  order(
    positionId: number,
    kind: OrderKind,
    symbol: string,
    quantity: string,
    options: { uid?: string; positionIdx?: 0 | 1 | 2; price?: string; fee?: string } = {},
  ): this {
    const linkKey = this.world.db.positions.find((p) => p.id === positionId)!.linkKey;
    const componentId = this.componentId(positionId, symbol);
    const attemptKey = `${positionId}|${symbol}|${kind}`;
    const attempt = (this.attempts.get(attemptKey) ?? 0) + 1;
    this.attempts.set(attemptKey, attempt);
    const link = orderLinkId({ linkKey, componentId, kind, attempt, chunk: 0 });
    this.world.db.orders.push({
      orderLinkId: link,
      positionId,
      componentId,
      symbol,
      kind,
      createdAt: this.tick(),
    });
    this.world.wireSends.push({ orderLinkId: link, apiKey: 'k', at: this.clock, booked: true });
    const fill = this.fill(symbol, quantity, { ...options, orderLinkId: link });
    this.world.db.trades.push({
      execId: fill.execId,
      positionId,
      symbol,
      side: fill.side === 'Buy' ? 'Long' : 'Short',
      price: fill.execPrice,
      quantity: fill.execQty,
      fee: fill.execFee,
      kind,
      orderLinkId: link,
      timestamp: this.clock,
    });
    return this;
  }

  /** A fill from another client (no orderLinkId): it goes to the outside log. */
  byHand(
    symbol: string,
    quantity: string,
    options: { uid?: string; positionIdx?: 0 | 1 | 2; justBeforeNext?: boolean } = {},
  ): this {
    const fill = this.fill(symbol, quantity, options);
    if (!options.justBeforeNext) this.seenByTheApp();
    this.world.db.outside.push({ execId: fill.execId, userId: 1 });
    return this;
  }

  /** The components of a position replaced (a rebalance or an adoption), the old snapshot kept in history. */
  replaceComponents(positionId: number, legs: Record<string, string>): this {
    const at = this.tick();
    const current = this.world.db.components.filter((c) => c.positionId === positionId);
    const snapshot = new Set(
      this.world.db.componentHistory.filter((h) => h.positionId === positionId).map((h) => h.snapshot),
    ).size;
    for (const c of current)
      this.world.db.componentHistory.push({
        positionId,
        snapshot,
        symbol: c.symbol,
        expectedQuantity: c.expectedQuantity,
        replacedAt: at,
      });
    for (const [symbol, expectedQuantity] of Object.entries(legs)) {
      const existing = current.find((c) => c.symbol === symbol);
      if (existing) existing.expectedQuantity = expectedQuantity;
      else
        this.world.db.components.push({
          id: this.componentId(positionId, symbol),
          positionId,
          symbol,
          expectedQuantity,
        });
    }
    return this;
  }

  adopt(positionId: number, symbol: string, quantity: string): this {
    return this.tradeAt100(`adopt-${positionId}-1-${symbol}`, 'adopt', positionId, symbol, quantity);
  }

  /**
   * Bybit's own execution (a liquidation by default) on the account, in the outside log and shared out as
   * the app does: `shares` maps a position to its (unsigned) part, stored as `<execId>/<positionId>`.
   */
  adverse(
    symbol: string,
    quantity: string,
    shares: Record<number, string>,
    execType: 'BustTrade' | 'AdlTrade' | 'Delivery' = 'BustTrade',
  ): this {
    const fill = this.fill(symbol, quantity, {});
    this.seenByTheApp();
    fill.execType = execType;
    this.world.db.outside.push({ execId: fill.execId, userId: 1 });
    const kind = { BustTrade: 'liquidation', AdlTrade: 'adl', Delivery: 'delivery' }[execType];
    for (const [positionId, share] of Object.entries(shares))
      this.world.db.trades.push({
        execId: `${fill.execId}/${positionId}`,
        positionId: Number(positionId),
        symbol,
        side: fill.side === 'Buy' ? 'Long' : 'Short',
        price: fill.execPrice,
        quantity: share,
        fee: '0',
        kind,
        orderLinkId: null,
        timestamp: fill.execTime,
      });
    return this;
  }

  /** A leg the app found gone from the account and recorded as closed outside Synthex (no execution). */
  gone(positionId: number, symbol: string, quantity: string): this {
    const execId = `outside:${positionId}:${this.componentId(positionId, symbol)}:1`;
    return this.tradeAt100(execId, 'outside', positionId, symbol, quantity);
  }

  /** A trade of the position's with no order and no fee, at 100, for a signed `quantity` (− a short). */
  private tradeAt100(
    execId: string,
    kind: 'adopt' | 'outside',
    positionId: number,
    symbol: string,
    quantity: string,
  ): this {
    this.world.db.trades.push({
      execId,
      positionId,
      symbol,
      side: quantity.startsWith('-') ? 'Short' : 'Long',
      price: '100',
      quantity: quantity.replace('-', ''),
      fee: '0',
      kind,
      orderLinkId: null,
      timestamp: this.tick(),
    });
    return this;
  }

  /** From here the world says when the app was shown the account (`sightings`); nothing is shown by itself. */
  recordSightings(): this {
    this.world.sightings = [];
    return this;
  }

  /** A position push of `symbol` reaches the app, showing every fill of it so far; seconds pass after it. */
  positionPushed(symbol: string, uid = '1001'): this {
    const at = this.tick();
    (this.world.sightings ??= []).push({
      uid,
      via: 'position',
      symbols: [symbol],
      execIds: [],
      stateAt: at,
      deliveredAt: at,
    });
    this.seenByTheApp();
    return this;
  }

  patchPosition(id: number, patch: Partial<PositionRecord>): this {
    Object.assign(
      this.world.db.positions.find((p) => p.id === id)!,
      patch,
    );
    return this;
  }

  /** Time passes after another client's fill: the app has heard of it before the next order is sent. */
  private seenByTheApp(): void {
    this.clock += 5_000;
  }

  now(): number {
    return this.clock;
  }

  private fill(
    symbol: string,
    quantity: string,
    options: { uid?: string; positionIdx?: 0 | 1 | 2; price?: string; fee?: string; orderLinkId?: string },
  ): LedgerExecution {
    this.seq += 1;
    const uid = options.uid ?? '1001';
    const orderLinkId = options.orderLinkId ?? '';
    const orderId = `order-${this.seq}`;
    this.world.ledger.orders.push({
      uid,
      orderId,
      orderLinkId,
      symbol,
      positionIdx: options.positionIdx ?? 0,
    });
    const fill: LedgerExecution = {
      uid,
      execId: `exec-${this.seq}`,
      orderId,
      orderLinkId,
      symbol,
      side: quantity.startsWith('-') ? 'Sell' : 'Buy',
      execQty: quantity.replace('-', ''),
      execPrice: options.price ?? '100',
      execFee: options.fee ?? '0',
      execType: 'Trade',
      execTime: this.tick(),
    };
    this.world.ledger.executions.push(fill);
    return fill;
  }

  private tick(): number {
    this.clock += 10;
    return this.clock;
  }

  private componentId(positionId: number, symbol: string): number {
    return positionId * 1000 + [...symbol].reduce((sum, ch) => sum + ch.charCodeAt(0), 0);
  }
}
