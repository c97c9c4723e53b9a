import type { Account } from './accounts';
import { str } from './decimal';
import type { Engine } from './engine';
import type { Instrument } from './instruments';
import { type OrderRecord, type SimExecution, orderToWire } from './orders';

/** The WS `position` rows of a symbol: REST fields with `entryPrice` instead of `avgPrice`, plus category. */
export function publishPositions(engine: Engine, account: Account, inst: Instrument): void {
  engine.publish(
    account.uid,
    'position',
    account.positionsOf(inst).map((p) => {
      const { avgPrice, ...rest } = account.positionToWire(p, engine.market);
      return { category: 'linear', ...rest, entryPrice: avgPrice };
    }),
  );
}

/** Executions as the `execution` topic carries them: without the ledger's uid, with category and isLeverage. */
export function publishExecutions(engine: Engine, uid: string, execs: SimExecution[]): void {
  if (execs.length === 0) return;
  engine.publish(
    uid,
    'execution',
    execs.map(({ uid: _uid, ...e }) => ({ category: 'linear', isLeverage: '', ...e })),
  );
}

/** Pushes what Bybit pushes after an order event: order, executions, the symbol's positions, wallet. */
export function publishOrderEvents(
  engine: Engine,
  account: Account,
  order: OrderRecord,
  execs: SimExecution[],
): void {
  const uid = account.uid;
  engine.publish(uid, 'order', [
    {
      category: 'linear',
      ...orderToWire(order),
      closedPnl: str(order.closedPnl.toDecimalPlaces(8)),
      // Spot only: "" on linear (docs/bybit-v5.md §5 order items).
      feeCurrency: '',
    },
  ]);
  publishExecutions(engine, uid, execs);
  publishPositions(engine, account, order.inst);
  if (execs.length > 0) engine.publish(uid, 'wallet', [account.walletToWire(engine.market)]);
}
