import type { Kysely } from 'kysely';
import { Dec } from '../../../../shared/decimal';
import type { AccountSession } from '../../bybit-account/exchange-sessions';
import type { UserDb } from '../../db';
import { scopeOf } from '../../ledger/account-reads';
import type { Instrument } from '../../exchange';
import type { Logger } from '../../util/logger';
import type { Mutex } from '../../util/mutex';
import type { PlannedOrder } from '../order-runner';
import type { SymbolState } from '../symbol-state';
import type { AccountBook } from './account-book';
import { readAccountPositions } from './account-positions';
import { checkOrders, type GuardVerdict, type Row, type SymbolLedger } from './pre-trade-guard';

/** A round's permission to send: only the guard makes one, and it lapses when the round ends. */
export interface GuardedOrders {
  readonly orders: readonly PlannedOrder[];
  readonly round: { readonly open: boolean };
}

export interface GuardOutcome {
  /** What may be sent now (some orders possibly cut to what the account holds). */
  guarded: GuardedOrders;
  /** Every planned order with the guard's verdict on it, in plan order. */
  verdicts: { order: PlannedOrder; verdict: GuardVerdict }[];
}

/** One turn of the account's queue: the account as it stands, and the guard over it. */
export interface Round {
  /** Per symbol, Bybit's rows and the positions' holdings: what the guard will check orders against. */
  ledgers(symbols: readonly string[]): Promise<Map<string, SymbolLedger>>;
  /** Passes the planned orders through the pre-trade guard; only its result can be sent. */
  guard(positionId: number, planned: readonly PlannedOrder[]): Promise<GuardOutcome>;
}

export interface AccountDeskDeps {
  db: () => Kysely<UserDb>;
  session: AccountSession;
  symbols: SymbolState;
  book: AccountBook;
  /** The Bybit account's one queue, shared by every profile (session) with a key of that account. */
  queue: Mutex;
  /**
   * Runs in the queue before a position's orders on these symbols are checked: the risk engine removes
   * Bybit stops that other positions hold there, since a per-symbol stop would close this one's part too.
   */
  beforeOrders?(session: AccountSession, positionId: number, symbols: readonly string[]): Promise<void>;
  /** Until every execution seen on the account is stored and attributed (see `FillTracker.recorded`). */
  recorded?: () => Promise<void>;
  /** Hears what the guard saw and decided for every round that sends or stops an order (an audit trail). */
  logger?: Logger;
}

/**
 * One per Bybit account: the queue everything that sends orders on the account goes through (opening,
 * closing, rollback, repair, rebalance, resuming; docs/architecture.md §7b "One writer at a time"), and the
 * pre-trade guard those orders pass. A round plans from the account as it stands inside the queue, so no
 * other Synthex order moves the account between the reads it plans from and the orders it sends.
 */
export class AccountDesk {
  constructor(private readonly deps: AccountDeskDeps) {}

  round<T>(work: (round: Round) => Promise<T>): Promise<T> {
    return this.deps.queue.run(async () => {
      const token = { open: true };
      try {
        return await work(this.makeRound(token));
      } finally {
        token.open = false;
      }
    });
  }

  private makeRound(token: { open: boolean }): Round {
    const ledgers = async (symbols: readonly string[]) => {
      const unique = [...new Set(symbols)];
      const [holdings, instruments, modes] = await Promise.all([
        this.deps.book.holdings(unique),
        this.instruments(),
        this.deps.symbols.load(unique),
      ]);
      // What the positions hold is read after what the account holds, once every execution the book has
      // seen is stored: a liquidation Bybit just made is then a trade of its positions, not a gap a repair
      // would fill again. Inside the queue no Synthex order moves the account meanwhile.
      await this.deps.recorded?.();
      const held = await readAccountPositions(this.deps.db(), scopeOf(this.deps.session));
      const result = new Map<string, SymbolLedger>();
      for (const symbol of unique) {
        const holding = holdings.get(symbol)!;
        const known = modes.get(symbol)!.mode;
        // Bybit's rows say the mode when they exist; a mode switched since it was learned is learned again.
        if (holding.mode && holding.mode !== known) this.deps.symbols.forget(symbol);
        const mode = holding.mode ?? known;
        result.set(symbol, {
          mode,
          actual: holding.rows,
          held: held.held.get(symbol) ?? new Map(),
          qtyStep: new Dec(instruments.get(symbol)?.qtyStep ?? '0.00000001'),
          unsettled: held.unsettled.has(symbol),
        });
      }
      return result;
    };
    return {
      ledgers,
      guard: async (positionId, planned) => {
        await this.deps.beforeOrders?.(this.deps.session, positionId, [
          ...new Set(planned.map((o) => o.symbol)),
        ]);
        const ledger = await ledgers(planned.map((o) => o.symbol));
        const verdicts = checkOrders(
          planned.map((order) => ({
            positionId,
            symbol: order.symbol,
            side: order.side,
            quantity: new Dec(order.quantity),
            positionIdx: order.positionIdx as Row,
            goal: new Dec(order.goal),
          })),
          ledger,
        );
        if (planned.length > 0)
          this.deps.logger?.info(
            'orders checked by the guard',
            guardAudit(positionId, ledger, planned, verdicts),
          );
        const allowed = planned.flatMap((order, i) => {
          const verdict = verdicts[i]!;
          return verdict.send ? [{ ...order, quantity: verdict.quantity.toFixed() }] : [];
        });
        return {
          guarded: { orders: allowed, round: token },
          verdicts: planned.map((order, i) => ({ order, verdict: verdicts[i]! })),
        };
      },
    };
  }

  private async instruments(): Promise<Map<string, Instrument>> {
    const list = await this.deps.session.gateway.getInstruments();
    return new Map(list.map((i) => [i.symbol, i]));
  }
}

/**
 * What the guard saw (Bybit's rows, each live position's holding, whether an order was in motion) and what it
 * let through, per symbol: the line that answers "why did Synthex send that?" after the fact.
 */
function guardAudit(
  positionId: number,
  ledgers: ReadonlyMap<string, SymbolLedger>,
  planned: readonly PlannedOrder[],
  verdicts: readonly GuardVerdict[],
): Record<string, unknown> {
  const text = (values: ReadonlyMap<number, Dec>) =>
    Object.fromEntries([...values].map(([key, value]) => [key, value.toFixed()]));
  return {
    positionId,
    symbols: Object.fromEntries(
      [...ledgers].map(([symbol, ledger]) => [
        symbol,
        { actual: text(ledger.actual), held: text(ledger.held), unsettled: ledger.unsettled ?? false },
      ]),
    ),
    orders: planned.map((order, i) => {
      const verdict = verdicts[i]!;
      return {
        symbol: order.symbol,
        side: order.side,
        quantity: order.quantity,
        goal: order.goal,
        sent: verdict.send ? verdict.quantity.toFixed() : null,
        ...(verdict.send ? {} : { why: verdict.why }),
      };
    }),
  };
}
