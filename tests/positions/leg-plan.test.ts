import { describe, expect, it } from 'vitest';
import { Dec } from '../../shared/decimal';
import { emptyHolding } from '../../shared/positions/holdings';
import type { Instrument } from '../../electron/core/exchange';
import { planFlat, planTowardsExpected, type Leg } from '../../electron/core/positions/leg-plan';
import type { ComponentRow } from '../../electron/core/ledger/position-repository';

/** Planning one leg: the row an order trades, reduce-only, and what a remainder below the minimum does. */
const instrument = {
  symbol: 'XRPUSDT',
  qtyStep: '1',
  tickSize: '0.0001',
  minOrderQty: '1',
  minNotionalValue: '5',
  maxMktOrderQty: '100000',
} as Instrument;

function leg(expected: string, held: string, reference = '2.2'): Leg {
  return {
    component: {
      id: 7,
      position_id: 1,
      symbol: 'XRPUSDT',
      expected_quantity: expected,
      reference_price: reference,
      target_weight: '0.2',
    } as ComponentRow,
    holding: { ...emptyHolding(), quantity: new Dec(held) },
    instrument,
  };
}

const common = { attempt: 1, linkKey: 'abcdefghij', slippage: new Dec('0.005') };

describe('planning a leg', () => {
  it('buys a short leg out of the index back on the short row (2) in hedge mode, reduce-only, never on the long row', () => {
    const plan = planTowardsExpected(leg('0', '-91'), {
      ...common,
      kind: 'rebalance',
      mode: 'hedge',
      ledger: { actual: new Map([[2, new Dec(-91)]]) },
    });
    expect(
      'orders' in plan && plan.orders.map((o) => [o.side, o.quantity, o.positionIdx, o.reduceOnly]),
    ).toEqual([['Buy', '91', 2, true]]);
  });

  it('adds on the row of the target’s side', () => {
    const plan = planTowardsExpected(leg('-91', '0'), { ...common, kind: 'open', mode: 'hedge' });
    expect('orders' in plan && plan.orders.map((o) => [o.side, o.positionIdx, o.goal])).toEqual([
      ['Sell', 2, '-91'],
    ]);
  });

  it('accepts a remainder below Bybit’s minimum as done, with a warning, instead of failing the leg', () => {
    const plan = planTowardsExpected(leg('91', '90'), { ...common, kind: 'open', mode: 'one-way' });
    expect(plan).toMatchObject({ done: true });
    expect('warning' in plan && plan.warning).toMatch(/below Bybit's minimum order/);
  });

  it('closes a remainder below the minimum reduce-only where the account holds it', () => {
    const plan = planFlat(leg('91', '1'), {
      ...common,
      reference: new Dec('2.2'),
      ledger: { mode: 'one-way', actual: new Map([[0, new Dec(1)]]) },
    });
    expect('orders' in plan && plan.orders.map((o) => [o.side, o.quantity, o.reduceOnly])).toEqual([
      ['Sell', '1', true],
    ]);
  });

  it('waits, saying why, when such a remainder cannot be reduce-only (another position nets against it)', () => {
    const plan = planFlat(leg('91', '1'), {
      ...common,
      reference: new Dec('2.2'),
      ledger: { mode: 'one-way', actual: new Map([[0, new Dec(-90)]]) },
    });
    expect('waiting' in plan && plan.waiting).toMatch(/cannot be reduce-only.*closes once they do/);
  });
});
