import { z } from 'zod';
import { controlRoutes } from './control-routes';
import type { PositionIdx } from './bybit/accounts';
import { D, isMultipleOf } from './bybit/decimal';
import type { Engine } from './bybit/engine';
import { deleverage, liquidate, openRows } from './bybit/liquidation';
import type { SimExecution } from './bybit/orders';

/**
 * The exchange's adverse events on an account: a liquidation takeover, auto-deleveraging, a delisting.
 * Part of SimControl (types.ts) and of the `POST /__sim/<name>` routes (control.ts). Each returns the
 * executions it created, with the account's uid, as the ledger holds them.
 */
export interface EventControl {
  /**
   * Takes the account's position on the symbol over at the bankruptcy price: every open row, or the
   * `positionIdx` one. One BustTrade execution per row; the rows end flat.
   */
  liquidate(opts: { apiKey: string; symbol: string; positionIdx?: PositionIdx }): SimExecution[];
  /**
   * Auto-deleverages `qty` of the position at the mark price: one AdlTrade execution. In hedge mode with
   * both rows open, `positionIdx` says which.
   */
  adl(opts: { apiKey: string; symbol: string; qty: string; positionIdx?: PositionIdx }): SimExecution[];
  /**
   * Schedules the perpetual's delisting at `deliveryTime` (ms, server clock; calling again moves it). A
   * time already reached settles at once: orders cancelled, positions closed by Delivery executions at
   * `settlePrice` (default: the mark then), the instrument Closed.
   */
  delist(opts: { symbol: string; deliveryTime: string; settlePrice?: string }): {
    symbol: string;
    deliveryTime: string;
    status: string;
    executions: SimExecution[];
  };
}

function accountOf(engine: Engine, apiKey: string) {
  const key = engine.keys.get(apiKey);
  if (!key) throw new Error(`unknown apiKey ${apiKey}`);
  return engine.account(key.uid);
}

function instrumentOf(engine: Engine, symbol: string) {
  const inst = engine.instrument(symbol);
  if (!inst) throw new Error(`unknown symbol ${symbol}`);
  return inst;
}

const copy = (execs: SimExecution[]) => execs.map((e) => ({ ...e }));

export function createEventControl(engine: Engine): EventControl {
  return {
    liquidate({ apiKey, symbol, positionIdx }) {
      const account = accountOf(engine, apiKey);
      const rows = openRows(account, instrumentOf(engine, symbol), positionIdx);
      if (rows.length === 0) throw new Error(`the account holds no open position on ${symbol}`);
      return copy(liquidate(engine, account, rows));
    },
    adl({ apiKey, symbol, qty, positionIdx }) {
      const account = accountOf(engine, apiKey);
      const inst = instrumentOf(engine, symbol);
      const rows = openRows(account, inst, positionIdx);
      if (rows.length === 0) throw new Error(`the account holds no open position on ${symbol}`);
      if (rows.length > 1) throw new Error('both hedge-mode rows are open: say which with positionIdx');
      const row = rows[0]!;
      const amount = new D(qty);
      if (!amount.gt(0) || !isMultipleOf(amount, inst.qtyStep))
        throw new Error(`qty must be positive and on the qtyStep ${inst.qtyStep.toFixed()}`);
      if (amount.gt(row.size)) throw new Error(`qty ${qty} exceeds the position size ${row.size.toFixed()}`);
      return copy(deleverage(engine, account, row, amount));
    },
    delist({ symbol, deliveryTime, settlePrice }) {
      const inst = instrumentOf(engine, symbol);
      const executions = engine.delistings.schedule(
        inst,
        Number(deliveryTime),
        settlePrice === undefined ? null : new D(settlePrice),
      );
      return { symbol, deliveryTime: inst.deliveryTime, status: inst.status, executions: copy(executions) };
    },
  };
}

const decimal = z.string().regex(/^\d+(\.\d+)?$/);
const positionIdx = z.union([z.literal(0), z.literal(1), z.literal(2)]).optional();

/** Bodies of the event routes (README.md documents them). */
export const eventSchemas = {
  liquidate: z.object({ apiKey: z.string(), symbol: z.string(), positionIdx }).strict(),
  adl: z.object({ apiKey: z.string(), symbol: z.string(), qty: decimal, positionIdx }).strict(),
  delist: z
    .object({
      symbol: z.string(),
      // Bybit prints times as ms strings; a number is taken too.
      deliveryTime: z.union([z.string().regex(/^\d+$/), z.number().int().positive()]).transform(String),
      settlePrice: decimal.optional(),
    })
    .strict(),
} as const;

/** The event routes: their bodies validated, then the control called. */
export const eventRoutes = controlRoutes<EventControl, typeof eventSchemas>(eventSchemas, {
  liquidate: (c, a) => c.liquidate(a),
  adl: (c, a) => c.adl(a),
  delist: (c, a) => c.delist(a),
});
