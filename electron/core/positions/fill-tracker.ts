import type { Kysely } from 'kysely';
import type { OrderKind } from '../../../shared/domain/positions';
import type { AccountSession } from '../bybit-account/exchange-sessions';
import type { UserDb } from '../db';
import type { Execution, Order, Position, WalletBalance } from '../exchange';
import type { Logger } from '../util/logger';
import { parseOrderLinkId } from './order-link-id';
import { insertTrade, orderRowByLinkId } from '../ledger/position-repository';

/** Bybit's own executions that take a position away: liquidation, auto-deleveraging, delivery (delisting). */
export const adverseExecTypes = new Set(['BustTrade', 'AdlTrade', 'Delivery']);

/** Bybit order statuses after which nothing more happens to an order. */
const finalStatuses = new Set(['Filled', 'Cancelled', 'Rejected', 'Deactivated', 'PartiallyFilledCanceled']);
export const isFinalStatus = (status: string) => finalStatuses.has(status);

/** Which position a Synthex orderLinkId belongs to, and what its fills are for. */
export interface KnownOrder {
  positionId: number;
  kind: OrderKind;
}

/** How many final order states are remembered for late waiters (an IOC order is final within a moment). */
const rememberedFinals = 2000;

/**
 * Fills and final order states for one account. The private `execution` stream stores each of our fills in
 * `trades` as it arrives (exactly once: exec_id is unique, so the stream, a duplicate push and the REST
 * confirmation can all deliver the same fill); the `order` stream wakes whoever waits for an order to end.
 * Executions without a Synthex orderLinkId of ours go to `onOutside` (reconciliation, docs/drift.md).
 */
export class FillTracker {
  private readonly known = new Map<string, KnownOrder>();
  private readonly finals = new Map<string, Order>();
  private readonly waiters = new Map<string, Set<(order: Order) => void>>();
  private readonly fillWaiters = new Map<string, Set<() => void>>();
  private unsubscribe: (() => Promise<void>) | null = null;
  private streamingState = false;
  /** Executions being stored or handed to their owners right now. */
  private readonly recording = new Set<Promise<unknown>>();

  constructor(
    private readonly deps: {
      db: () => Kysely<UserDb>;
      session: AccountSession;
      logger: Logger;
      /** A fill was stored for this position. */
      onTrade(positionId: number): void;
      /** Position rows pushed by the private stream (mode and leverage changes). */
      onPositions?(rows: Position[]): void;
      /** The wallet as the private stream pushes it (after fills and transfers). */
      onWallet?(wallets: WalletBalance[]): void;
      /** Executions that are not Synthex's (no orderLinkId of ours): left to reconciliation. */
      onOutside?(executions: Execution[]): void;
      /** Every execution seen, by any path (the account book's sequence check). */
      onExecutions?(executions: readonly Execution[]): void;
      /** Liquidations, auto-deleveraging and deliveries: the positions holding the symbol take them. */
      onAdverse?(executions: Execution[]): Promise<void>;
      /** Funding settlements: shared out to the positions holding the symbol. */
      onFunding?(executions: Execution[]): Promise<void>;
    },
  ) {}

  /** True while the private stream is subscribed: fills and final states arrive without asking. */
  get streaming(): boolean {
    return this.streamingState;
  }

  /**
   * Subscribes to the private stream, then fetches over REST what the account did just before it was up;
   * when Bybit refuses the stream, the tracker still stores what REST finds.
   */
  async start(): Promise<void> {
    const startedAt = Date.now();
    try {
      const streams = this.deps.session.streams();
      this.unsubscribe = await streams.subscribePrivate({
        onExecutions: (executions) => void this.onExecutions(executions),
        onOrders: (orders) => this.onOrders(orders),
        onPositions: (rows) => this.deps.onPositions?.(rows),
        onWallet: (wallets) => this.deps.onWallet?.(wallets),
      });
      this.streamingState = true;
      // What happened on the account before the subscription was acknowledged is fetched once.
      void streams.catchUpSince(startedAt).catch(() => undefined);
    } catch (error) {
      this.deps.logger.warn('private stream unavailable; fills are confirmed over REST only', {
        profileId: this.deps.session.profileId,
        message: error instanceof Error ? error.message : String(error),
      });
    }
  }

  async stop(): Promise<void> {
    this.streamingState = false;
    await this.unsubscribe?.().catch(() => undefined);
    this.unsubscribe = null;
  }

  /** Orders about to be sent: their fills are routed without a database lookup. */
  expect(orders: readonly { order_link_id: string; position_id: number; kind: string }[]): void {
    for (const order of orders)
      this.known.set(order.order_link_id, { positionId: order.position_id, kind: order.kind as OrderKind });
  }

  /** The order's final state as the stream reported it, or null when none came within `ms`. */
  waitFinal(orderLinkId: string, ms: number): Promise<Order | null> {
    const seen = this.finals.get(orderLinkId);
    if (seen) return Promise.resolve(seen);
    if (!this.streamingState) return Promise.resolve(null);
    return new Promise((resolve) => {
      const waiters = this.waiters.get(orderLinkId) ?? new Set();
      this.waiters.set(orderLinkId, waiters);
      const done = (order: Order | null) => {
        clearTimeout(timer);
        waiters.delete(onFinal);
        if (waiters.size === 0) this.waiters.delete(orderLinkId);
        resolve(order);
      };
      const onFinal = (order: Order) => done(order);
      const timer = setTimeout(() => done(null), ms);
      timer.unref?.();
      waiters.add(onFinal);
    });
  }

  /**
   * Resolves when a fill of this order is stored (by the stream) or after `ms`: the stream's execution push
   * and the order's final state arrive together, and waiting a moment for the push is cheaper than a REST
   * round trip to fetch fills the stream is about to deliver.
   */
  nextFill(orderLinkId: string, ms: number): Promise<void> {
    if (!this.streamingState) return Promise.resolve();
    return new Promise((resolve) => {
      const waiters = this.fillWaiters.get(orderLinkId) ?? new Set();
      this.fillWaiters.set(orderLinkId, waiters);
      const done = () => {
        clearTimeout(timer);
        waiters.delete(done);
        if (waiters.size === 0) this.fillWaiters.delete(orderLinkId);
        resolve();
      };
      const timer = setTimeout(done, ms);
      timer.unref?.();
      waiters.add(done);
    });
  }

  /**
   * Stores fills (from the stream or REST); returns how many were new. Bybit's own executions on the account
   * (liquidation, ADL, delivery, funding) are handed to their owners and awaited, so a caller that fetched
   * executions to explain a leg finds them attributed when this returns.
   */
  record(executions: readonly Execution[], knownOrder?: KnownOrder): Promise<number> {
    const recording = this.store(executions, knownOrder);
    this.recording.add(recording);
    void recording.catch(() => undefined).finally(() => this.recording.delete(recording));
    return recording;
  }

  /**
   * Until every execution seen so far is stored and handed to its owner (a liquidation shared out among the
   * positions): what the positions hold is then at least as new as what the account book has seen.
   */
  async recorded(): Promise<void> {
    while (this.recording.size > 0) await Promise.allSettled([...this.recording]);
  }

  private async store(executions: readonly Execution[], knownOrder?: KnownOrder): Promise<number> {
    let stored = 0;
    this.deps.onExecutions?.(executions);
    // Fills without any Synthex id are handed on before the first await: reconciliation then knows of
    // them before it compares the position push that follows them.
    const unlinked = knownOrder ? [] : executions.filter((e) => !parseOrderLinkId(e.orderLinkId));
    if (unlinked.length > 0) this.deps.onOutside?.(unlinked);
    const adverse = unlinked.filter((e) => adverseExecTypes.has(e.execType));
    const funding = unlinked.filter((e) => e.execType === 'Funding');
    if (adverse.length > 0) await this.deps.onAdverse?.(adverse);
    if (funding.length > 0) await this.deps.onFunding?.(funding);
    const outside: Execution[] = [];
    for (const execution of executions) {
      if (unlinked.includes(execution)) continue;
      const ours = knownOrder ?? (await this.lookup(execution.orderLinkId));
      if (!ours) {
        outside.push(execution);
        continue;
      }
      if (execution.execType !== 'Trade') continue;
      const known = ours;
      const inserted = await insertTrade(this.deps.db(), {
        positionId: known.positionId,
        orderLinkId: execution.orderLinkId,
        bybitOrderId: execution.orderId,
        execId: execution.execId,
        symbol: execution.symbol,
        side: execution.side === 'Buy' ? 'Long' : 'Short',
        price: execution.execPrice,
        quantity: execution.execQty,
        fee: execution.execFee,
        feeCurrency: execution.feeCurrency,
        kind: known.kind,
        timestamp: new Date(Number(execution.execTime) || Date.now()),
      });
      if (inserted) {
        stored += 1;
        this.deps.onTrade(known.positionId);
        for (const waiter of this.fillWaiters.get(execution.orderLinkId) ?? []) waiter();
      }
    }
    if (outside.length > 0) this.deps.onOutside?.(outside);
    return stored;
  }

  private async lookup(orderLinkId: string): Promise<KnownOrder | null> {
    const cached = this.known.get(orderLinkId);
    if (cached) return cached;
    const row = await orderRowByLinkId(this.deps.db(), orderLinkId);
    if (!row) return null;
    const known = { positionId: row.position_id, kind: row.kind as OrderKind };
    this.known.set(orderLinkId, known);
    return known;
  }

  private async onExecutions(executions: Execution[]): Promise<void> {
    try {
      await this.record(executions);
    } catch (error) {
      // The REST confirmation stores whatever this missed.
      this.deps.logger.warn('could not store streamed fills', {
        message: error instanceof Error ? error.message : String(error),
      });
    }
  }

  private onOrders(orders: Order[]): void {
    for (const order of orders) {
      if (!isFinalStatus(order.orderStatus) || !parseOrderLinkId(order.orderLinkId)) continue;
      this.finals.set(order.orderLinkId, order);
      if (this.finals.size > rememberedFinals) this.finals.delete(this.finals.keys().next().value!);
      for (const waiter of this.waiters.get(order.orderLinkId) ?? []) waiter(order);
    }
  }
}
