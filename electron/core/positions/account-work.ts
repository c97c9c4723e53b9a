import type { Kysely } from 'kysely';
import { Dec } from '../../../shared/decimal';
import type { AccountSession } from '../bybit-account/exchange-sessions';
import type { UserDb } from '../db';
import { scopeOf } from '../ledger/account-reads';
import { Reconciler, type ReconcilerOptions } from '../drift/reconciler';
import type { Execution, WalletBalance } from '../exchange';
import type { Logger } from '../util/logger';
import { type Mutex } from '../util/mutex';
import { recordFunding } from './account-funding';
import { attributeAdverse, type AdverseOutcome } from './adverse-events';
import { BusySymbols } from '../ledger/busy-symbols';
import { DelistingWatch } from './delisting-watch';
import type { NewPositionEvent } from './position-events';
import { FillTracker } from './fill-tracker';
import { AccountBook } from './guard/account-book';
import { AccountDesk } from './guard/account-desk';
import { onRow } from './guard/pre-trade-guard';
import { SymbolState } from './symbol-state';

/** Per Bybit session: its fills, what it holds, its queue and guard, its reconciliation. */
export interface AccountWork {
  session: AccountSession;
  tracker: FillTracker;
  symbols: SymbolState;
  book: AccountBook;
  desk: AccountDesk;
  reconciler: Reconciler;
  busy: BusySymbols;
  /** REST read of the account's executions since `since` (ms, local), recorded like streamed ones. */
  catchUp(since: number): Promise<void>;
  stop(): Promise<void>;
}

export interface AccountWorkDeps {
  db: () => Kysely<UserDb>;
  logger: Logger;
  /** The queue of the Bybit account (shared by every profile with a key of it). */
  queue: Mutex;
  reconciler?: ReconcilerOptions;
  /** A position's trades or state changed. */
  updated(positionId: number): void;
  /** Bybit's own events (liquidation, ADL, delivery) were shared out to positions. */
  adverse(outcome: AdverseOutcome): void;
  wallet(session: AccountSession, wallet: WalletBalance): void;
  /** How long the guard waits for a position push that catches up with a fill (ms). */
  pushWaitMs?: number;
  /** How often instruments are read for delistings (ms). */
  delistingCheckMs?: number;
  /** Events on positions found by the account's watchers (a delisting). */
  announce(events: NewPositionEvent[]): void;
  /** In the queue, before a position's orders on these symbols pass the guard (account-desk.ts). */
  beforeOrders?(session: AccountSession, positionId: number, symbols: readonly string[]): Promise<void>;
}

/**
 * Starts the work of one session: the private stream (fills stored once, Bybit's own executions attributed,
 * funding shared out), the account book the guard reads (seeded over REST, kept by the stream), the desk
 * (queue and guard) and the reconciler.
 */
export async function startAccountWork(session: AccountSession, deps: AccountWorkDeps): Promise<AccountWork> {
  const symbols = new SymbolState(session);
  const busy = new BusySymbols();
  const scope = scopeOf(session);
  let privateLive = true;
  const reconciler: Reconciler = new Reconciler({
    db: deps.db,
    session,
    logger: deps.logger,
    busy,
    changed: (positionId) => deps.updated(positionId),
    recordExecutions: async (executions) => void (await tracker.record(executions)),
    readPositions: () => book.readThrough(() => session.gateway.getPositions({ settleCoin: 'USDT' })),
    options: deps.reconciler,
  });
  const book = new AccountBook({
    readPositions: () => session.gateway.getPositions({ settleCoin: 'USDT' }),
    streaming: () => tracker.streaming && privateLive,
    pushWaitMs: deps.pushWaitMs,
  });
  const tracker: FillTracker = new FillTracker({
    db: deps.db,
    session,
    logger: deps.logger,
    onTrade: (positionId) => deps.updated(positionId),
    onOutside: (executions) => void reconciler.outside(executions),
    onExecutions: (executions) => book.sawExecutions(executions),
    onPositions: (rows) => {
      book.observe(rows);
      symbols.observe(rows);
      reconciler.pushed(rows);
    },
    onWallet: (wallets) => {
      const unified = wallets.find((w) => w.accountType === 'UNIFIED') ?? wallets[0];
      if (unified) deps.wallet(session, unified);
    },
    onAdverse: async (executions) => {
      const outcome = await attributeAdverse(
        { db: deps.db, scope, heldBefore: (execution) => heldBefore(book, execution) },
        executions,
      );
      if (outcome.positionIds.length > 0) deps.adverse(outcome);
    },
    onFunding: async (executions) => {
      for (const id of await recordFunding(deps.db(), scope, executions as FundingLike[])) deps.updated(id);
    },
  });
  const unsubscribeState = session.streams().onState((stream, state) => {
    if (stream !== 'private') return;
    if (state === 'connected' || state === 'resubscribed') privateLive = true;
    else {
      privateLive = false;
      book.invalidate();
    }
  });
  await tracker.start();
  await book.readRest().catch((error: unknown) =>
    deps.logger.warn('could not read the account’s positions; the guard reads them when it needs them', {
      message: String(error),
    }),
  );
  reconciler.start();
  const delistings = new DelistingWatch({
    db: deps.db,
    scope,
    gateway: session.gateway,
    logger: deps.logger,
    periodMs: deps.delistingCheckMs,
    announce: deps.announce,
  });
  delistings.start();
  const desk = new AccountDesk({
    db: deps.db,
    session,
    symbols,
    book,
    queue: deps.queue,
    beforeOrders: deps.beforeOrders,
    recorded: () => tracker.recorded(),
    logger: deps.logger,
  });
  return {
    session,
    tracker,
    symbols,
    book,
    desk,
    reconciler,
    busy,
    async catchUp(since) {
      const gateway = session.gateway;
      const executions = await gateway.getExecutions({
        settleCoin: 'USDT',
        startTime: since + gateway.clockOffsetMs,
      });
      await tracker.record(executions);
    },
    async stop() {
      unsubscribeState();
      delistings.stop();
      reconciler.stop();
      await tracker.stop();
    },
  };
}

type FundingLike = Parameters<typeof recordFunding>[2][number];

/**
 * What the account held, before this execution, on the side it reduced: from the book's row, taken back by
 * the execution when the book already shows its result (its seq at least the execution's).
 */
function heldBefore(book: AccountBook, execution: Execution): Dec | null {
  const view = book.peek(execution.symbol);
  if (!view) return null;
  const reducesLong = execution.side === 'Sell';
  const row = view.mode === 'hedge' ? (reducesLong ? 1 : 2) : 0;
  const now = onRow(view.rows.get(row) ?? new Dec(0), row);
  const quantity = new Dec(execution.execQty);
  const applied = execution.seq !== undefined && view.seq >= execution.seq;
  const before = applied ? now.plus(reducesLong ? quantity : quantity.neg()) : now;
  const side = reducesLong ? before : before.neg();
  return side.gt(0) ? side : new Dec(0);
}
