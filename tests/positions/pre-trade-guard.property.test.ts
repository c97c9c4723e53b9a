import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Dec } from '../../shared/decimal';
import {
  checkOrders,
  type GuardedOrderRequest,
  type Row,
  type SymbolLedger,
} from '../../electron/core/positions/guard/pre-trade-guard';

/**
 * The pre-trade guard's promise, checked on random accounts: whatever the account holds (Synthex's positions,
 * netting ones included, plus or minus anything done outside Synthex) and whatever a planner asks for, an
 * order the guard lets through never moves a row away from what Synthex's positions expect, never past it
 * and never across zero — except an order adding to its own position's exposure, which adds at most what
 * that position still lacks. The expectations are computed here independently of the guard's code.
 */
const step = new Dec('0.001');
const q = (n: number) => new Dec(n).mul(step);

/** The part of a signed quantity on a row (one-way: all of it). */
const part = (quantity: Dec, row: Row) =>
  row === 0 ? quantity : row === 1 ? Dec.max(quantity, 0) : Dec.min(quantity, 0);

const between = (value: Dec, a: Dec, b: Dec) => value.gte(Dec.min(a, b)) && value.lte(Dec.max(a, b));

/** A one-way BTCUSDT account holding `actual`, with what each position (id → quantity) expects of it. */
const oneWay = (actual: string, held: [number, string][]): SymbolLedger => ({
  mode: 'one-way',
  actual: new Map([[0, new Dec(actual)]]),
  held: new Map(held.map(([id, quantity]) => [id, new Dec(quantity)])),
  qtyStep: step,
});

/** Position 1's close on that account: a sell of `quantity` towards 0, through the guard. */
const checkClose = (quantity: string, ledger: SymbolLedger) =>
  checkOrders(
    [
      {
        positionId: 1,
        symbol: 'BTCUSDT',
        side: 'Sell',
        quantity: new Dec(quantity),
        positionIdx: 0,
        goal: new Dec(0),
      },
    ],
    new Map([['BTCUSDT', ledger]]),
  );

const scenario = fc
  .record({
    hedge: fc.boolean(),
    held: fc.array(fc.integer({ min: -50, max: 50 }), { minLength: 1, maxLength: 4 }),
    /** What happened outside Synthex per row: added, or taken away (a hand close, a liquidation). */
    outside: fc.array(fc.integer({ min: -60, max: 60 }), { minLength: 3, maxLength: 3 }),
    orders: fc.array(
      fc.record({
        position: fc.nat(),
        buy: fc.boolean(),
        quantity: fc.integer({ min: 1, max: 80 }),
        row: fc.constantFrom<Row>(0, 1, 2),
        /** 0: close (goal 0), 1: repair (goal = held), 2: open/rebalance toward a random target. */
        goalKind: fc.constantFrom(0, 1, 2),
        target: fc.integer({ min: -80, max: 80 }),
      }),
      { minLength: 1, maxLength: 6 },
    ),
  })
  .map((s) => {
    const held = new Map(s.held.map((h, i) => [i + 1, q(h)] as const));
    const rows: Row[] = s.hedge ? [1, 2] : [0];
    const actual = new Map<Row, Dec>();
    for (const row of rows) {
      const synthex = [...held.values()].reduce((a, h) => a.plus(part(h, row)), new Dec(0));
      let value = synthex.plus(q(s.outside[row]!));
      // A hedge row never changes side: clip it at zero.
      if (row === 1) value = Dec.max(value, 0);
      if (row === 2) value = Dec.min(value, 0);
      actual.set(row, value);
    }
    const ledger: SymbolLedger = { mode: s.hedge ? 'hedge' : 'one-way', actual, held, qtyStep: step };
    const orders: GuardedOrderRequest[] = s.orders.map((o) => {
      const positionId = (o.position % held.size) + 1;
      const own = held.get(positionId)!;
      return {
        positionId,
        symbol: 'BTCUSDT',
        side: o.buy ? 'Buy' : 'Sell',
        quantity: q(o.quantity),
        positionIdx: s.hedge ? (o.row === 0 ? 1 : o.row) : 0,
        goal: o.goalKind === 0 ? new Dec(0) : o.goalKind === 1 ? own : q(o.target),
      };
    });
    return { ledger, orders };
  });

describe('the pre-trade guard', () => {
  it('lets no order move a row away from what Synthex expects, past it or across zero (additions: at most what is lacking)', () => {
    fc.assert(
      fc.property(scenario, ({ ledger, orders }) => {
        const verdicts = checkOrders(orders, new Map([['BTCUSDT', ledger]]));
        const actual = new Map(ledger.actual);
        const held = new Map(ledger.held);
        orders.forEach((order, i) => {
          const verdict = verdicts[i]!;
          const row = order.positionIdx;
          const before = actual.get(row) ?? new Dec(0);
          if (!verdict.send) return;
          expect(verdict.quantity.gt(0)).toBe(true);
          expect(verdict.quantity.lte(order.quantity)).toBe(true);
          expect(verdict.quantity.div(step).isInteger()).toBe(true);
          const change = order.side === 'Buy' ? verdict.quantity : verdict.quantity.neg();
          const after = before.plus(change);
          const own = part(held.get(order.positionId) ?? new Dec(0), row);
          const goal = part(order.goal, row);
          const addsToOwn =
            goal.abs().gt(own.abs()) &&
            (own.isZero() || own.isNegative() === goal.isNegative()) &&
            change.isNegative() === goal.minus(own).isNegative();
          if (addsToOwn) {
            // An addition: in the direction the position lacks, and no more than it lacks.
            expect(change.abs().lte(goal.minus(own).abs())).toBe(true);
          } else {
            const others = [...held]
              .filter(([id]) => id !== order.positionId)
              .reduce((a, [, h]) => a.plus(part(h, row)), new Dec(0));
            const expected = others.plus(goal);
            expect(between(after, before, expected), `${before} → ${after}, expected ${expected}`).toBe(true);
            // Never across zero unless Synthex's positions expect the other side (the netting case).
            const netting =
              !expected.isZero() && !before.isZero() && expected.isNegative() !== before.isNegative();
            if (!netting)
              expect(after.isZero() || before.isZero() || after.isNegative() === before.isNegative()).toBe(
                true,
              );
          }
          actual.set(row, after);
          held.set(order.positionId, (held.get(order.positionId) ?? new Dec(0)).plus(change));
        });
      }),
      { numRuns: 2000 },
    );
  });

  it('sends nothing for a close whose leg is gone from the account (closed by hand, liquidated, another account)', () => {
    const ledger = oneWay('0', [[1, '0.01']]);
    const [verdict] = checkClose('0.01', ledger);
    expect(verdict).toMatchObject({ send: false, why: 'gone' });
  });

  it('cuts a close to what the account still holds of it, and lets the netting case cross zero exactly', () => {
    const half = oneWay('0.004', [[1, '0.01']]);
    const [cut] = checkClose('0.01', half);
    expect(cut).toMatchObject({ send: true });
    expect(cut!.send && cut!.quantity.toFixed()).toBe('0.004');
    // Long 0.01 (position 1) nets against short 0.01 (position 2): the account is flat; closing the long
    // sells 0.01, and the account ends short exactly what position 2 expects.
    const netted = oneWay('0', [
      [1, '0.01'],
      [2, '-0.01'],
    ]);
    const [cross] = checkClose('0.02', netted);
    expect(cross!.send && cross!.quantity.toFixed()).toBe('0.01');
  });

  it('refuses a hedge-mode buy on the long row that was meant to shrink a short leg', () => {
    const hedge: SymbolLedger = {
      mode: 'hedge',
      actual: new Map([
        [1, new Dec(0)],
        [2, new Dec(-91)],
      ]),
      held: new Map([[1, new Dec(-91)]]),
      qtyStep: new Dec(1),
    };
    const [wrongRow, rightRow] = checkOrders(
      [
        {
          positionId: 1,
          symbol: 'XRPUSDT',
          side: 'Buy',
          quantity: new Dec(91),
          positionIdx: 1,
          goal: new Dec(0),
        },
        {
          positionId: 1,
          symbol: 'XRPUSDT',
          side: 'Buy',
          quantity: new Dec(91),
          positionIdx: 2,
          goal: new Dec(0),
        },
      ],
      new Map([['XRPUSDT', hedge]]),
    );
    expect(wrongRow).toMatchObject({ send: false });
    expect(rightRow!.send && rightRow!.quantity.toFixed()).toBe('91');
  });
});
