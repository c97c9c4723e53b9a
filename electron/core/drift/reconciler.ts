import type { Kysely } from 'kysely';
import { Dec } from '../../../shared/decimal';
import type { Alteration, AlterationLeg } from '../../../shared/domain/drift';
import type { AccountSession } from '../bybit-account/exchange-sessions';
import type { UserDb } from '../db';
import type { Execution, Position as ExchangePosition } from '../exchange';
import { componentRows, type PositionRow } from '../ledger/position-repository';
import type { BusySymbols } from '../ledger/busy-symbols';
import type { Logger } from '../util/logger';
import { actualsOf, differenceOf } from '../ledger/account-expectation';
import { livePositions, readExpectations, scopeOf, type AccountScope } from '../ledger/account-reads';
import { listOutside, recordOutside, writeAlteration } from '../ledger/drift-repository';

export interface ReconcilerOptions {
  /** The safety-net full read (default 60 s). */
  periodMs?: number;
  /** How soon a symbol that was busy (orders on their way) is compared again (default 300 ms). */
  recheckMs?: number;
  /** Outside executions fetched at start reach back this far at most (Bybit keeps 7 days; default 7 d). */
  lookbackMs?: number;
}

export interface ReconcilerDeps {
  db: () => Kysely<UserDb>;
  session: AccountSession;
  logger: Logger;
  /** A position's alteration changed: publish it (positions.updated). */
  changed(positionId: number): void;
  /** Symbols with Synthex orders on their way: their pushes are Synthex's own fills. */
  busy?: BusySymbols;
  /**
   * Executions read over REST go where streamed ones go (fills stored, Bybit's own events attributed, funding
   * shared out, the rest to the outside log); without it only the outside log is written.
   */
  recordExecutions?(executions: Execution[]): Promise<void>;
  /**
   * Reads the account's positions over REST. The account's book passes what it reads to the pre-trade
   * guard's view too: a change the stream never told (both pushes of a hand trade lost) is then known to the
   * next order, not only to the drift it shows. Default: the gateway's read alone.
   */
  readPositions?(): Promise<ExchangePosition[]>;
  options?: ReconcilerOptions;
}

/** A position kept without some legs is altered by its composition, not by drift (open-step.ts). */
const keptWithoutLegs = (row: PositionRow) => (row.failure_reason ?? '').startsWith('Opened without');

/**
 * Compares one Bybit account with Synthex's positions on it (docs/drift.md). Every trigger (a position
 * or outside execution pushed on the private stream, a reconnect, the minute's timer) runs one check:
 * the expected holdings are read from the database, Bybit's positions over REST, and the database again;
 * a symbol is judged only when nothing of Synthex's own was on its way and both reads agree, so an order
 * of ours that filled between the reads is never mistaken for an outside change. Checks never overlap;
 * a trigger during a check runs one more afterwards.
 */
export class Reconciler {
  private running: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;
  private recheck: NodeJS.Timeout | null = null;
  private stopped = false;
  private readonly recording = new Set<Promise<void>>();
  /** When the last full read of outside fills began (local ms), or null before the first. */
  private lastReadAt: number | null = null;
  private unsubscribeGap: (() => void) | null = null;
  private unsubscribeIdle: (() => void) | null = null;
  /** When this reconciler began reading the account (its key was stored, or the app started). */
  private readonly createdAt = Date.now();

  constructor(private readonly deps: ReconcilerDeps) {}

  private get options() {
    return {
      periodMs: this.deps.options?.periodMs ?? 60_000,
      recheckMs: this.deps.options?.recheckMs ?? 300,
      lookbackMs: this.deps.options?.lookbackMs ?? 7 * 24 * 3600_000,
    };
  }

  /** The full read at start (outside fills since the oldest open position, then a check) and the timer. */
  start(): void {
    this.unsubscribeGap = this.deps.session.streams().onGap((gap) => {
      if (gap.stream === 'private') void this.fullRead();
    });
    this.unsubscribeIdle = this.deps.busy?.onIdle(() => void this.trigger()) ?? null;
    const tick = () => {
      this.timer = setTimeout(() => {
        void this.fullRead().finally(() => !this.stopped && tick());
      }, this.options.periodMs);
      this.timer.unref();
    };
    tick();
    void this.fullRead();
  }

  stop(): void {
    this.stopped = true;
    this.unsubscribeGap?.();
    this.unsubscribeIdle?.();
    if (this.timer) clearTimeout(this.timer);
    if (this.recheck) clearTimeout(this.recheck);
  }

  /** Executions that are not Synthex's: logged, then the account is compared. */
  async outside(executions: readonly Execution[]): Promise<void> {
    if (this.stopped) return;
    const recording = recordOutside(this.db, this.userId, this.environment, executions).then(
      (fresh) => {
        if (fresh.length > 0)
          this.deps.logger.info('outside change on the account', { profileId: this.userId, symbols: fresh });
      },
      (error: unknown) =>
        this.deps.logger.warn('could not log outside executions', { message: String(error) }),
    );
    // A check started by the position push that follows waits for this, so it names the fill at once.
    this.recording.add(recording);
    await recording.finally(() => this.recording.delete(recording));
    await this.trigger();
  }

  /**
   * Position rows pushed by the private stream: something changed on the account. Pushes only of symbols
   * Synthex is trading right now are its own fills; the account is compared when those orders are done.
   */
  pushed(rows: readonly ExchangePosition[]): void {
    const busy = this.deps.busy;
    if (rows.length > 0 && (!busy || rows.some((row) => !busy.has(row.symbol)))) void this.trigger();
  }

  /** Runs a check now (or right after the running one); resolves when it is done. */
  trigger(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        await this.check().catch((error: unknown) =>
          this.deps.logger.warn('reconciliation failed; it runs again', {
            profileId: this.userId,
            message: error instanceof Error ? error.message : String(error),
          }),
        );
      } while (this.again && !this.stopped);
    })().finally(() => (this.running = null));
    return this.running;
  }

  /**
   * REST catch-up of outside fills (start, reconnect, the minute's timer), then a check. The first read
   * reaches back to the oldest open position (at most the lookback); later ones only to the previous read,
   * with a minute of margin for fills Bybit lists late.
   */
  async fullRead(): Promise<void> {
    if (this.stopped) return;
    try {
      const positions = await this.livePositions();
      // Without a position on the account, the outside log still keeps what happened since this key was
      // stored (a fill whose push was lost is logged all the same).
      const oldest =
        positions.length > 0
          ? Math.min(...positions.map((p) => new Date(p.created_at).getTime()))
          : this.createdAt - 60_000;
      const startedAt = Date.now();
      const since = Math.max(
        oldest,
        startedAt - this.options.lookbackMs,
        this.lastReadAt === null ? 0 : this.lastReadAt - 60_000,
      );
      const executions = await this.deps.session.gateway.getExecutions({
        settleCoin: 'USDT',
        startTime: since + this.deps.session.gateway.clockOffsetMs,
      });
      await this.record(executions);
      this.lastReadAt = startedAt;
    } catch (error) {
      this.deps.logger.warn('could not read outside executions', { message: String(error) });
    }
    await this.trigger();
  }

  // ---- the check ----------------------------------------------------------------------------------

  private get db() {
    return this.deps.db();
  }
  private get userId() {
    return this.deps.session.profileId;
  }
  private get environment() {
    return this.deps.session.endpoints.environment;
  }

  private get scope(): AccountScope {
    return scopeOf(this.deps.session);
  }

  private livePositions(): Promise<PositionRow[]> {
    return livePositions(this.db, this.scope);
  }

  /** Executions read over REST: through the fill tracker when there is one, else to the outside log. */
  private async record(executions: Execution[]): Promise<void> {
    if (this.deps.recordExecutions) return this.deps.recordExecutions(executions);
    const ours = await this.ourLinkIds(executions.map((e) => e.orderLinkId));
    await recordOutside(
      this.db,
      this.userId,
      this.environment,
      executions.filter((e) => !ours.has(e.orderLinkId)),
    );
  }

  private async ourLinkIds(ids: readonly string[]): Promise<Set<string>> {
    const wanted = [...new Set(ids.filter((id) => id.startsWith('sx-')))];
    if (wanted.length === 0) return new Set();
    const rows = await this.db
      .selectFrom('position_orders')
      .select('order_link_id')
      .where('order_link_id', 'in', wanted)
      .execute();
    return new Set(rows.map((r) => r.order_link_id));
  }

  private expectations() {
    return readExpectations(this.db, this.scope);
  }

  private async check(): Promise<void> {
    await Promise.all([...this.recording]);
    const before = await this.expectations();
    if (before.positions.length === 0) return;
    // While every symbol has Synthex orders on their way (a basket being opened), nothing can be judged:
    // no Bybit read until one can.
    if (![...before.bySymbol.values()].some((e) => !e.inFlight && e.positionIds.length > 0)) {
      this.scheduleRecheck();
      return;
    }
    const gateway = this.deps.session.gateway;
    const [rows, instruments] = await Promise.all([
      this.deps.readPositions?.() ?? gateway.getPositions({ settleCoin: 'USDT' }),
      gateway.getInstruments(),
    ]);
    const after = await this.expectations();
    const steps = new Map(instruments.map((i) => [i.symbol, new Dec(i.qtyStep)]));
    const actuals = actualsOf(rows);
    const judged = new Map<string, Omit<AlterationLeg, 'outside'> | null>();
    let busy = false;
    for (const [symbol, expected] of after.bySymbol) {
      const earlier = before.bySymbol.get(symbol);
      if (expected.inFlight || !earlier || earlier.inFlight || earlier.fingerprint !== expected.fingerprint) {
        busy = true;
        continue;
      }
      if (expected.positionIds.length === 0) continue; // orders of finished positions only
      const step = steps.get(symbol) ?? new Dec(0);
      judged.set(symbol, differenceOf(expected, actuals.get(symbol), step));
    }
    if (busy && !this.stopped) this.scheduleRecheck();
    const components = await componentRows(
      this.db,
      after.positions.map((p) => p.id),
    );
    for (const position of after.positions) {
      const symbols = components.filter((c) => c.position_id === position.id).map((c) => c.symbol);
      await this.apply(position, symbols, judged);
    }
  }

  private scheduleRecheck(): void {
    if (this.recheck) return;
    this.recheck = setTimeout(() => {
      this.recheck = null;
      void this.trigger();
    }, this.options.recheckMs);
    this.recheck.unref();
  }

  /** Writes the position's new difference when it changed (symbols not judged keep their last state). */
  private async apply(
    position: PositionRow,
    symbols: readonly string[],
    judged: ReadonlyMap<string, Omit<AlterationLeg, 'outside'> | null>,
  ): Promise<void> {
    const previous = (position.alteration as Alteration | null) ?? null;
    const previousLegs = new Map((previous?.legs ?? []).map((leg) => [leg.symbol, leg]));
    const legs: AlterationLeg[] = [];
    for (const symbol of symbols) {
      if (!judged.has(symbol)) {
        const kept = previousLegs.get(symbol);
        if (kept) legs.push(kept);
        continue;
      }
      const difference = judged.get(symbol);
      if (!difference) continue;
      legs.push({ ...difference, outside: await this.explaining(symbol, difference.positionIds) });
    }
    const unchanged =
      legs.length === previousLegs.size &&
      legs.every((leg) => {
        const same = previousLegs.get(leg.symbol);
        return same !== undefined && sameDifference(same, leg);
      });
    if (unchanged) return;
    const now = new Date().toISOString();
    const alteration = legs.length > 0 ? { detectedAt: previous?.detectedAt ?? now, legs } : null;
    const event = !alteration ? 'cleared' : previous ? 'changed' : 'altered';
    await writeAlteration(this.db, position.id, {
      alteration,
      isAltered: alteration !== null || keptWithoutLegs(position),
      event,
      legs: alteration ? legs : [...previousLegs.values()],
    });
    this.deps.logger.info(alteration ? 'position altered' : 'position back in line', {
      positionId: position.id,
      symbols: legs.map((l) => `${l.symbol} ${l.expected}→${l.actual}`),
    });
    this.deps.changed(position.id);
  }

  /**
   * The outside executions on the symbol since the oldest position holding it opened, newest first. When
   * none is logged (the stream lost the push), the symbol's fills are read over REST first, so the
   * difference still names its cause.
   */
  private async explaining(symbol: string, positionIds: readonly number[]) {
    const rows = await this.db
      .selectFrom('synthetic_positions')
      .select('created_at')
      .where('id', 'in', [...positionIds])
      .execute();
    const since = new Date(Math.min(...rows.map((r) => new Date(r.created_at).getTime())));
    const logged = await listOutside(this.db, this.userId, { symbol, since, limit: 10 });
    if (logged.length > 0) return logged;
    try {
      const gateway = this.deps.session.gateway;
      const executions = await gateway.getExecutions({
        symbol,
        startTime: since.getTime() + gateway.clockOffsetMs,
      });
      await this.record(executions);
    } catch (error) {
      this.deps.logger.warn('could not read the fills behind a difference', {
        symbol,
        message: String(error),
      });
    }
    return listOutside(this.db, this.userId, { symbol, since, limit: 10 });
  }
}

function sameDifference(a: AlterationLeg, b: AlterationLeg): boolean {
  return (
    a.expected === b.expected &&
    a.actual === b.actual &&
    a.mode === b.mode &&
    a.positionIds.join(',') === b.positionIds.join(',') &&
    a.outside.map((e) => e.execId).join(',') === b.outside.map((e) => e.execId).join(',')
  );
}
