import { randomUUID } from 'node:crypto';
import type { Account, PositionRecord } from './accounts';
import { D, str } from './decimal';
import type { Engine } from './engine';
import { linearExecution } from './executions';
import type { Instrument } from './instruments';
import type { SimExecution } from './orders';
import { publishExecutions, publishPositions } from './private-events';

const MINUTE = 60_000;
/** Settlements one timer firing may catch up on per interval (a stalled loop must not flood the ledger). */
const MAX_CATCH_UP = 10;
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/**
 * When funding settles. By default at Bybit's times: every multiple of the instrument's fundingInterval
 * since the epoch on the server clock (00:00, 08:00, 16:00 UTC for 8 h). Compressed for tests: an 8 h
 * interval lasts `periodMs` of wall time from the moment it was set (a 4 h one half of that).
 */
export class FundingClock {
  periodMs: number | null = null;
  private anchor = 0;

  compress(periodMs: number | null, now: number): void {
    this.periodMs = periodMs;
    this.anchor = now;
  }

  private intervalMs(intervalMin: number): number {
    return this.periodMs === null ? intervalMin * MINUTE : (this.periodMs * intervalMin) / 480;
  }

  /** The first settlement strictly after `t`. */
  nextTime(intervalMin: number, t: number): number {
    const i = this.intervalMs(intervalMin);
    const origin = this.periodMs === null ? 0 : this.anchor;
    return origin + (Math.floor((t - origin) / i) + 1) * i;
  }
}

/** Funding settlements: the schedule, the timer that follows it, and the Funding executions. */
export class Funding {
  readonly clock = new FundingClock();
  private timer: NodeJS.Timeout | null = null;
  private lastRun = 0;
  private running = false;

  constructor(private readonly engine: Engine) {}

  start(): void {
    this.running = true;
    this.lastRun = this.engine.now();
    this.arm();
  }

  stop(): void {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** null = Bybit's real times. Settlements that were due under the old period are not replayed. */
  setPeriod(periodMs: number | null): void {
    if (periodMs !== null && (!Number.isInteger(periodMs) || periodMs < 10))
      throw new RangeError('funding period must be a whole number of ms >= 10, or null for real time');
    this.clock.compress(periodMs, this.engine.now());
    this.lastRun = this.engine.now();
    if (this.running) this.arm();
  }

  /**
   * A perpetual's funding interval changes (Bybit moves a contract whose rate hits its cap to hourly
   * funding, and back later): instruments show it as `fundingInterval` (minutes), tickers as
   * `fundingIntervalHour` and the next settlement follows the new schedule.
   */
  setInterval(symbol: string, hours: number): void {
    const inst = this.perpetuals().find((i) => i.symbol === symbol);
    if (!inst) throw new Error(`${symbol} is not a trading perpetual`);
    if (![1, 2, 4, 8].includes(hours)) throw new RangeError('a funding interval is 1, 2, 4 or 8 hours');
    inst.fundingIntervalMin = hours * 60;
    if (this.running) this.arm();
  }

  private intervals(): number[] {
    return [...new Set(this.perpetuals().map((i) => i.fundingIntervalMin))];
  }

  private perpetuals(): Instrument[] {
    return this.engine.instruments.filter(
      (i) => i.contractType === 'LinearPerpetual' && i.status === 'Trading' && i.fundingIntervalMin > 0,
    );
  }

  private arm(): void {
    if (this.timer) clearTimeout(this.timer);
    const now = this.engine.now();
    const next = Math.min(...this.intervals().map((iv) => this.clock.nextTime(iv, this.lastRun)));
    if (!Number.isFinite(next)) return;
    // Node runs a timeout above 2^31 - 1 ms after 1 ms; a far settlement re-arms on the way instead.
    this.timer = setTimeout(() => this.fire(), Math.min(MAX_TIMEOUT_MS, Math.max(0, next - now)));
    this.timer.unref();
  }

  private fire(): void {
    this.timer = null;
    if (!this.running) return;
    const now = this.engine.now();
    for (const iv of this.intervals()) {
      const symbols = new Set(
        this.perpetuals()
          .filter((i) => i.fundingIntervalMin === iv)
          .map((i) => i.symbol),
      );
      let t = this.clock.nextTime(iv, this.lastRun);
      for (let n = 0; t <= now && n < MAX_CATCH_UP; n++, t = this.clock.nextTime(iv, t))
        this.settle(symbols, t);
    }
    this.lastRun = Math.max(this.lastRun, now);
    this.arm();
  }

  /** Settles the given perpetuals (all of them without a list) now. */
  settleNow(symbol?: string): SimExecution[] {
    const perps = this.perpetuals();
    if (symbol !== undefined && !perps.some((i) => i.symbol === symbol))
      throw new Error(`${symbol} is not a trading perpetual`);
    return this.settle(new Set(symbol ? [symbol] : perps.map((i) => i.symbol)), this.engine.now());
  }

  /**
   * One settlement: every open position on these symbols pays (long, positive rate) or receives its
   * funding, value at mark × rate. Pushed as `execution`, then `position` and `wallet`, per account.
   */
  private settle(symbols: Set<string>, at: number): SimExecution[] {
    const all: SimExecution[] = [];
    for (const account of this.engine.accounts.values()) {
      const execs: SimExecution[] = [];
      const touched = new Map<string, Instrument>();
      for (const pos of account.positions.values()) {
        if (pos.size.isZero() || !symbols.has(pos.inst.symbol)) continue;
        execs.push(this.charge(account, pos, at));
        touched.set(pos.inst.symbol, pos.inst);
      }
      if (execs.length === 0) continue;
      const uid = account.uid;
      publishExecutions(this.engine, uid, execs);
      for (const inst of touched.values()) publishPositions(this.engine, account, inst);
      this.engine.publish(uid, 'wallet', [account.walletToWire(this.engine.market)]);
      all.push(...execs);
    }
    return all;
  }

  /**
   * The Funding execution as Bybit reports it: orderLinkId "", orderType UNKNOWN, execQty the position
   * size, execPrice and markPrice the mark, execValue size × mark, execFee the fee (positive = paid),
   * feeRate = execFee / execValue (the rate for a long, its negative for a short), feeCurrency "".
   */
  private charge(account: Account, pos: PositionRecord, at: number): SimExecution {
    const inst = pos.inst;
    const mark = this.engine.market.mark(inst.symbol);
    const rate = this.engine.market.fundingRate(inst.symbol);
    const signedRate = pos.side === 'Buy' ? rate : rate.neg();
    const value = pos.size.mul(mark);
    const fee = value.mul(signedRate).toDecimalPlaces(8, D.ROUND_HALF_UP);
    account.wallet = account.wallet.minus(fee);
    account.cumRealisedPnl = account.cumRealisedPnl.minus(fee);
    pos.curRealisedPnl = pos.curRealisedPnl.minus(fee);
    pos.cumRealisedPnl = pos.cumRealisedPnl.minus(fee);
    pos.seq = this.engine.nextExecSeq();
    pos.updatedTime = at;
    const exec = linearExecution({
      uid: account.uid,
      symbol: inst.symbol,
      orderId: randomUUID(),
      orderLinkId: '',
      side: pos.side === 'Sell' ? 'Sell' : 'Buy',
      orderPrice: '0',
      orderQty: '0',
      leavesQty: '0',
      createType: '',
      orderType: 'UNKNOWN',
      execFee: str(fee),
      execPrice: str(mark),
      execQty: str(pos.size),
      execType: 'Funding',
      execValue: str(value),
      execTime: String(at),
      isMaker: false,
      feeRate: str(signedRate),
      markPrice: str(mark),
      closedSize: '0',
      seq: pos.seq,
      execPnl: '0',
    });
    account.executions.push(exec);
    this.engine.ledgerFunding.push(exec);
    return exec;
  }
}
