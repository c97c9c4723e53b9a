import type { Kysely } from 'kysely';
import type { AccountSession, ExchangeSessions } from '../bybit-account/exchange-sessions';
import type { UserDb } from '../db';
import type { WalletBalance } from '../exchange';
import type { EventBus } from '../rpc/event-bus';
import type { Logger } from '../util/logger';
import { Mutex } from '../util/mutex';
import type { Reconciler } from '../drift/reconciler';
import { describeAccount } from '../bybit-account/account-ref';
import { startAccountWork, type AccountWork, type AccountWorkDeps } from './account-work';
import type { AdverseOutcome } from './adverse-events';
import type { PositionEngineOptions } from './position-engine-options';
import type { PositionRow } from '../ledger/position-repository';
import { hasPositionEvent, recordPositionEvents, type NewPositionEvent } from './position-events';

export interface AccountLifecycleDeps {
  db: () => Kysely<UserDb>;
  sessions: ExchangeSessions;
  events: EventBus;
  logger: Logger;
  options?: Pick<PositionEngineOptions, 'reconciler' | 'pushWaitMs' | 'delistingCheckMs'>;
  /** The risk engine's step in the queue before a round's orders (docs/risk.md). */
  beforeOrders: NonNullable<AccountWorkDeps['beforeOrders']>;
  updated(positionId: number): void;
  adverse(outcome: AdverseOutcome): void;
  announce(events: readonly NewPositionEvent[]): void;
  wallet(session: AccountSession, wallet: WalletBalance): void;
}

/**
 * Each Bybit session's work (its private stream, fills, queue and guard, reconciler: account-work.ts),
 * started when an account first needs it and stopped when its key is replaced or the engine stops.
 */
export class AccountLifecycle {
  private readonly work = new Map<AccountSession, Promise<AccountWork>>();
  /** One queue per Bybit account: every profile with a key of the account shares it. */
  private readonly queues = new Map<string, Mutex>();

  constructor(private readonly deps: AccountLifecycleDeps) {}

  /**
   * Every account with an open position gets its private stream and its reconciler (docs/drift.md): the
   * full read at start compares Bybit with the positions before anything else happens.
   */
  async watchAccounts(): Promise<void> {
    const rows = await this.deps
      .db()
      .selectFrom('synthetic_positions')
      .select('user_id')
      .distinct()
      .where('status', 'in', ['ACTIVE', 'EXECUTING', 'CLOSING'])
      .execute();
    await Promise.all(rows.map(async (row) => this.reconcilerFor(row.user_id).catch(() => null)));
  }

  /**
   * The profile's account read again over REST (its executions since the oldest open position: fills,
   * Bybit's own events and funding the stream missed), then compared with the positions.
   */
  async catchUpAccount(profileId: number): Promise<void> {
    await (await this.reconcilerFor(profileId))?.fullRead();
  }

  /** The profile's reconciler, started with its account's private stream; null without a key. */
  async reconcilerFor(profileId: number): Promise<Reconciler | null> {
    const session = await this.deps.sessions.account(profileId);
    if (!session) return null;
    return (await this.workFor(session)).reconciler;
  }

  /** The session's account compared with its positions again now, when its work has started. */
  async reconcileNow(session: AccountSession): Promise<void> {
    await this.work.get(session)?.then((work) => work.reconciler.trigger());
  }

  /**
   * Profiles or their keys changed (a key stored, replaced, removed): open positions are published again, so
   * one that now lives on another account than its profile's key reads so at once (and says so in its
   * history), and a new key's account gets its stream and reconciliation.
   */
  async keysChanged(): Promise<void> {
    const rows = await this.deps
      .db()
      .selectFrom('synthetic_positions')
      .selectAll()
      .where('status', 'in', ['PENDING', 'EXECUTING', 'ACTIVE', 'CLOSING'])
      .execute();
    for (const profileId of new Set(rows.map((r) => r.user_id))) {
      const session = await this.deps.sessions.account(profileId).catch(() => null);
      for (const row of rows.filter((r) => r.user_id === profileId)) {
        if (row.bybit_account && session && session.account !== row.bybit_account)
          await this.noteMismatch(row, session.account);
        this.deps.updated(row.id);
      }
      if (session) await this.workFor(session).catch(() => undefined);
    }
  }

  async noteMismatch(row: PositionRow, keyAccount: string): Promise<void> {
    const db = this.deps.db();
    if (await hasPositionEvent(db, row.id, 'account_mismatch', keyAccount)) return;
    const event = {
      positionId: row.id,
      kind: 'account_mismatch' as const,
      symbol: keyAccount,
      message: `The profile’s API key now belongs to ${describeAccount(keyAccount)}, but this position lives on ${describeAccount(row.bybit_account!)}. Synthex sends nothing for it until a key of that account is stored again; or mark it closed outside Synthex.`,
    };
    await recordPositionEvents(db, [event]);
    this.deps.events.emit('positions.event', { ...event, at: new Date().toISOString() });
  }

  workFor(session: AccountSession): Promise<AccountWork> {
    let work = this.work.get(session);
    if (!work) {
      // A replaced key is a new session: the old one's reconciler stops comparing with the old key.
      for (const [older, olderWork] of this.work)
        if (older.profileId === session.profileId && older !== session)
          void olderWork.then((w) => w.reconciler.stop()).catch(() => undefined);
      // One queue per Bybit account: two profiles with keys of one UID share its nets.
      const queueKey = `${session.endpoints.restUrl}|${session.account}`;
      let queue = this.queues.get(queueKey);
      if (!queue) this.queues.set(queueKey, (queue = new Mutex()));
      work = startAccountWork(session, {
        db: this.deps.db,
        logger: this.deps.logger,
        queue,
        reconciler: this.deps.options?.reconciler,
        beforeOrders: this.deps.beforeOrders,
        pushWaitMs: this.deps.options?.pushWaitMs,
        delistingCheckMs: this.deps.options?.delistingCheckMs,
        updated: (positionId) => this.deps.updated(positionId),
        adverse: (outcome) => this.deps.adverse(outcome),
        announce: (events) => this.deps.announce(events),
        wallet: (owner, wallet) => this.deps.wallet(owner, wallet),
      });
      work.catch(() => this.work.delete(session));
      this.work.set(session, work);
    }
    return work;
  }

  /** Stops every account's stream and reconciler. */
  async stop(): Promise<void> {
    await Promise.all(
      [...this.work.values()].map((work) => work.then((w) => w.stop()).catch(() => undefined)),
    );
  }
}
