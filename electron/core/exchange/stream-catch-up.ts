/**
 * After the private stream reconnects, what it may have missed is fetched over REST and delivered through
 * the same handlers: open orders and the orders that reached a final state since the gap began, fills since
 * then (each with a minute of margin), positions (never older than what the stream delivered) and the
 * wallet. Receivers deduplicate (executions by execId), as they must for stream messages anyway.
 */
import type { Logger } from '../util/logger';
import type { BybitGateway } from './gateway';
import { defaultSettleMs } from './order-resolution';
import type { PositionSeqGate } from './position-seq';
import type { StreamName } from './stream-acks';
import type { Execution, Order, Position, WalletBalance } from './types';

export interface StreamGap {
  stream: StreamName;
  /** Local ms when the connection dropped, and when Bybit acknowledged the resubscription. */
  from: number;
  to: number;
}

export interface PrivateHandlers {
  onOrders?(orders: Order[]): void;
  onExecutions?(executions: Execution[]): void;
  /** Never a position older (by Bybit's seq) than one already delivered. */
  onPositions?(positions: Position[]): void;
  onWallet?(wallets: WalletBalance[]): void;
}

/** Fills and orders are fetched from this long before the gap began, for clock error and in-flight work. */
const catchUpMarginMs = 60_000;

export class RestCatchUp {
  /** The waits before second passes, ended by stop(). */
  private readonly waits = new Map<NodeJS.Timeout, () => void>();
  private stopped = false;

  constructor(
    private readonly deps: {
      gateway: BybitGateway;
      listeners: () => Iterable<PrivateHandlers>;
      positionSeq: PositionSeqGate;
      logger: Logger;
      /** How far Bybit's lookups may trail the engine (default the resend rule's settle time, 3 s). */
      lookupSettleMs?: number;
    },
  ) {}

  /**
   * Bybit's order and execution lookups lag (docs/bybit-v5.md "Differences we know of"): a fill booked just
   * before the reconnect may not be listed yet when the first pass asks, and its push was lost with the
   * connection. So a second pass runs once the lookups have caught up.
   */
  async twice(gap: StreamGap): Promise<void> {
    await this.once(gap);
    const settleMs = this.deps.lookupSettleMs ?? defaultSettleMs;
    if (settleMs <= 0 || this.stopped) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.waits.delete(timer);
        resolve();
      }, settleMs);
      this.waits.set(timer, resolve);
    });
    if (!this.stopped) await this.once(gap);
  }

  async once(gap: StreamGap): Promise<void> {
    const { gateway, logger } = this.deps;
    const listeners = [...this.deps.listeners()];
    if (listeners.length === 0) return;
    const since = gap.from - catchUpMarginMs + gateway.clockOffsetMs;
    try {
      const [open, closed, executions, positions, wallet] = await Promise.all([
        gateway.getOpenOrders({ settleCoin: 'USDT' }),
        gateway.getOrdersClosedSince(since, { settleCoin: 'USDT' }),
        gateway.getExecutions({ settleCoin: 'USDT', startTime: since }),
        gateway.getPositions({ settleCoin: 'USDT' }),
        gateway.getWalletBalance(['USDT']),
      ]);
      const orders = [...open, ...closed];
      const current = this.deps.positionSeq.admit(positions);
      for (const h of listeners) {
        if (orders.length) h.onOrders?.(orders);
        if (executions.length) h.onExecutions?.(executions);
        h.onPositions?.(current);
        h.onWallet?.([wallet]);
      }
      logger.info('private stream caught up over REST', {
        orders: orders.length,
        closedOrders: closed.length,
        executions: executions.length,
        positions: current.length,
        gapMs: gap.to - gap.from,
      });
    } catch (error) {
      logger.warn('REST catch-up after reconnect failed', {
        code: (error as { code?: unknown })?.code,
        message: error instanceof Error ? error.message : String(error),
      });
    }
  }

  /** Ends the waits for second passes; no timer is left behind. */
  stop(): void {
    this.stopped = true;
    for (const [timer, wake] of this.waits) {
      clearTimeout(timer);
      wake();
    }
    this.waits.clear();
  }
}
