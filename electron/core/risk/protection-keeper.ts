import type { Kysely } from 'kysely';
import { Dec } from '../../../shared/decimal';
import { levelUsdt } from '../../../shared/risk/levels';
import type { AccountSession } from '../bybit-account/exchange-sessions';
import type { UserDb } from '../db';
import { pnlInputs } from '../pnl/pnl-inputs';
import type { PositionEngine } from '../positions/position-engine';
import type { NewPositionEvent } from '../positions/position-events';
import { getPositionRow } from '../ledger/position-repository';
import type { Logger } from '../util/logger';
import type { ArmedPosition } from './armed-position';
import {
  applyProtection,
  planProtection,
  removeAll,
  removeStop,
  type ApplyResult,
} from './exchange-protection';
import { saveProtection } from './risk-repository';

export interface KeeperDeps {
  db: () => Kysely<UserDb>;
  engine: Pick<PositionEngine, 'accountRound'>;
  logger: Logger;
  armed(positionId: number): ArmedPosition | undefined;
  allArmed(): Iterable<ArmedPosition>;
  /** History lines (and their events and alerts). */
  tell(events: readonly NewPositionEvent[]): Promise<void>;
  /** The position's risk view changed. */
  changed(positionId: number): void;
}

/**
 * Keeps Bybit's stops of each protected position in step with it (exchange-protection.ts): placed when it
 * becomes ACTIVE or its rules ask for them, moved after a rebalance or repair, removed when it closes, when
 * the rules are cleared, and before another position trades one of its coins. One sync per position at a
 * time; every change of Bybit's stops happens in the account's queue, and the state is stored there too.
 */
export class ProtectionKeeper {
  private readonly chains = new Map<number, Promise<void>>();
  private readonly lastFailure = new Map<number, string>();

  constructor(private readonly deps: KeeperDeps) {}

  /** Brings the position's stops in line with its rules and holdings; failures are told and retried later. */
  sync(positionId: number): Promise<void> {
    return this.chain(positionId, () => this.syncNow(positionId));
  }

  /** Removes every stop of the position now (it closes, or its rules go); throws when Bybit cannot be told. */
  remove(positionId: number, reason: string): Promise<void> {
    return this.chain(positionId, async () => {
      const armed = this.deps.armed(positionId);
      if (!armed || !placedAny(armed)) return;
      await this.deps.engine.accountRound(positionId, async (_round, session) =>
        this.store(armed, await removeAll(session, positionId, armed.protection, reason)),
      );
    });
  }

  /**
   * The position ended: its rows are flat and Bybit dropped their stops with them, so nothing is sent; the
   * state just says so.
   */
  forget(positionId: number, status: string): Promise<void> {
    return this.chain(positionId, async () => {
      const armed = this.deps.armed(positionId);
      if (!armed || !placedAny(armed)) return;
      const at = new Date().toISOString();
      const state = { ...armed.protection };
      const events: NewPositionEvent[] = [];
      for (const [symbol, leg] of Object.entries(state)) {
        if (leg.state !== 'placed') continue;
        state[symbol] = {
          ...leg,
          state: 'removed',
          stopLoss: null,
          reason: `the position is ${status}`,
          at,
          positionIdx: null,
        };
        events.push({
          positionId,
          kind: 'risk_protection',
          symbol,
          message: `Bybit's stop on ${symbol} is gone with the closed leg.`,
        });
      }
      await this.store(armed, { state, events });
    });
  }

  /**
   * In the account's queue, before `positionId`'s orders on `symbols` pass the guard: another position's stop
   * on one of those coins would, with Bybit's netting, close this position's part too, so it goes first.
   */
  async beforeOrders(session: AccountSession, positionId: number, symbols: readonly string[]): Promise<void> {
    for (const armed of this.deps.allArmed()) {
      if (armed.positionId === positionId || !placedAny(armed)) continue;
      if (armed.account !== session.account || armed.environment !== session.endpoints.environment) continue;
      const events: NewPositionEvent[] = [];
      const state = { ...armed.protection };
      for (const symbol of symbols) {
        const leg = state[symbol];
        if (leg?.state !== 'placed' || leg.positionIdx === null) continue;
        await removeStop(session, symbol, leg.positionIdx);
        const reason = `position #${positionId} now trades ${symbol} too, and Bybit keeps one position per coin: the stop would close its part as well`;
        state[symbol] = {
          ...leg,
          state: 'removed',
          stopLoss: null,
          reason,
          at: new Date().toISOString(),
          positionIdx: null,
        };
        events.push({
          positionId: armed.positionId,
          kind: 'risk_protection',
          symbol,
          message: `Bybit's stop on ${symbol} at ${leg.stopLoss} removed: ${reason}.`,
        });
      }
      if (events.length > 0) await this.store(armed, { state, events });
    }
  }

  private async syncNow(positionId: number): Promise<void> {
    const armed = this.deps.armed(positionId);
    if (!armed) return;
    const stopLoss = armed.rules.exchangeProtection ? armed.rules.stopLoss : undefined;
    const wanted = stopLoss !== undefined && armed.status === 'ACTIVE';
    if (!wanted && !placedAny(armed)) return;
    const db = this.deps.db();
    try {
      await this.deps.engine.accountRound(positionId, async (round, session) => {
        if (!wanted) {
          const reason =
            armed.status === 'ACTIVE'
              ? 'exchange-side protection is off'
              : `the position is ${armed.status.toLowerCase()}`;
          return this.store(armed, await removeAll(session, positionId, armed.protection, reason));
        }
        const row = await getPositionRow(db, positionId);
        const [input] = row ? await pnlInputs(db, [row]) : [];
        if (!input) return;
        const ledgers = await round.ledgers(input.legs.map((leg) => leg.symbol));
        const ticks = new Map(
          (await session.gateway.getInstruments()).map((i) => [i.symbol, new Dec(i.tickSize)]),
        );
        const plan = planProtection(positionId, input, levelUsdt(stopLoss, armed.margin), ledgers, ticks);
        await this.store(armed, await applyProtection(session, positionId, plan, armed.protection));
      });
      this.lastFailure.delete(positionId);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.deps.logger.warn('could not keep Bybit stops in step', { positionId, message });
      if (this.lastFailure.get(positionId) === message) return;
      this.lastFailure.set(positionId, message);
      await this.deps.tell([
        {
          positionId,
          kind: 'risk_protection',
          message: `Bybit's stops could not be brought in line now: ${message} Synthex tries again when the position changes.`,
        },
      ]);
    }
  }

  private async store(armed: ArmedPosition, result: ApplyResult): Promise<void> {
    armed.protection = result.state;
    await saveProtection(this.deps.db(), armed.positionId, result.state);
    if (result.events.length > 0) await this.deps.tell(result.events);
    this.deps.changed(armed.positionId);
  }

  private chain(positionId: number, work: () => Promise<void>): Promise<void> {
    const run = (this.chains.get(positionId) ?? Promise.resolve()).then(work);
    const tail = run.catch(() => undefined);
    this.chains.set(positionId, tail);
    void tail.then(() => {
      if (this.chains.get(positionId) === tail) this.chains.delete(positionId);
    });
    return run;
  }
}

const placedAny = (armed: ArmedPosition) =>
  Object.values(armed.protection).some((leg) => leg.state === 'placed');
