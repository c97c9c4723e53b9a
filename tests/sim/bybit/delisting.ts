import { randomUUID } from 'node:crypto';
import type { Account } from './accounts';
import { D, type Dec, str } from './decimal';
import type { Engine } from './engine';
import { linearExecution } from './executions';
import { bookFill } from './fills';
import type { Instrument } from './instruments';
import type { SimExecution } from './orders';
import { publishExecutions, publishPositions } from './private-events';
import { cancelBySystem } from './takeover';

const MAX_TIMEOUT_MS = 2 ** 31 - 1;

interface Scheduled {
  inst: Instrument;
  at: number;
  settlePrice: Dec | null;
}

/**
 * Perpetuals scheduled for delisting. Bybit shows the delisting time as the perpetual's `deliveryTime`
 * (status stays Trading until then); at that time, on the server clock, open orders are cancelled
 * (CancelBySettle), every position is closed by a `Delivery` execution at the settlement price, and the
 * instrument becomes Closed: gone from the default instrument list and from tickers, orders refused.
 */
export class Delistings {
  private readonly scheduled = new Map<string, Scheduled>();
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly engine: Engine) {}

  /** Schedules (or moves) a delisting; a time already reached settles at once and returns its executions. */
  schedule(inst: Instrument, at: number, settlePrice: Dec | null): SimExecution[] {
    if (inst.contractType !== 'LinearPerpetual' || inst.status !== 'Trading')
      throw new Error(`${inst.symbol} is not a trading perpetual`);
    if (!Number.isSafeInteger(at) || at <= 0) throw new Error('deliveryTime must be a time in ms');
    if (settlePrice && !settlePrice.gt(0)) throw new Error('settlePrice must be positive');
    inst.deliveryTime = String(at);
    this.scheduled.set(inst.symbol, { inst, at, settlePrice });
    return this.settleDue();
  }

  /** Settles every delisting whose time has come on the server clock, then waits for the next one. */
  settleDue(): SimExecution[] {
    const now = this.engine.now();
    const execs: SimExecution[] = [];
    for (const [symbol, s] of this.scheduled) {
      if (s.at > now) continue;
      this.scheduled.delete(symbol);
      execs.push(...this.deliver(s));
    }
    this.arm();
    return execs;
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.scheduled.clear();
  }

  private arm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const next = Math.min(...[...this.scheduled.values()].map((s) => s.at));
    if (!Number.isFinite(next)) return;
    // A far time re-arms on the way: Node runs a timeout above 2^31 - 1 ms after 1 ms.
    const wait = Math.min(MAX_TIMEOUT_MS, Math.max(0, next - this.engine.now()));
    this.timer = setTimeout(() => this.settleDue(), wait);
    this.timer.unref();
  }

  private deliver({ inst, settlePrice }: Scheduled): SimExecution[] {
    const market = this.engine.market;
    const price = (settlePrice ?? market.mark(inst.symbol)).div(inst.tickSize).round().mul(inst.tickSize);
    inst.status = 'Closed';
    // The contract no longer trades: last and mark stay at the settlement price.
    market.setPrice(inst.symbol, price);
    const execs: SimExecution[] = [];
    for (const account of this.engine.accounts.values()) {
      cancelBySystem(this.engine, account, account.openOrders(inst.symbol), 'CancelBySettle');
      const mine = this.settlePositions(account, inst, price);
      if (mine.length === 0) continue;
      publishExecutions(this.engine, account.uid, mine);
      publishPositions(this.engine, account, inst);
      this.engine.publish(account.uid, 'wallet', [account.walletToWire(market)]);
      execs.push(...mine);
    }
    return execs;
  }

  /**
   * One Delivery execution per open row: a trade but not an order (createType CreateBySettle, orderType
   * UNKNOWN, no order in the history), closing side, the whole size at the settlement price. No fee: a
   * perpetual's deliveryFeeRate is "" (only dated futures have a delivery fee).
   */
  private settlePositions(account: Account, inst: Instrument, price: Dec): SimExecution[] {
    const execs: SimExecution[] = [];
    for (const pos of account.positionsOf(inst)) {
      if (pos.side === '' || pos.size.isZero()) continue;
      const side = pos.side === 'Buy' ? 'Sell' : 'Buy';
      const qty = pos.size;
      const { pnl, closed } = bookFill(this.engine, account, pos, { side, qty, price, fee: new D(0) });
      const exec = linearExecution({
        uid: account.uid,
        symbol: inst.symbol,
        orderId: randomUUID(),
        orderLinkId: '',
        side,
        orderPrice: '0',
        orderQty: '0',
        leavesQty: '0',
        createType: 'CreateBySettle',
        orderType: 'UNKNOWN',
        execFee: '0',
        execPrice: str(price),
        execQty: str(qty),
        execType: 'Delivery',
        execValue: str(price.mul(qty)),
        execTime: String(this.engine.now()),
        isMaker: false,
        feeRate: '0',
        markPrice: str(price),
        closedSize: str(closed),
        seq: pos.seq,
        execPnl: str(pnl.toDecimalPlaces(8)),
      });
      account.executions.push(exec);
      this.engine.ledgerExecutions.push(exec);
      execs.push(exec);
    }
    return execs;
  }
}
