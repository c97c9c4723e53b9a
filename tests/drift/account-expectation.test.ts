import { describe, expect, it } from 'vitest';
import { Dec } from '../../shared/decimal';
import {
  actualsOf,
  differenceOf,
  expectationsOf,
  type SymbolExpectation,
} from '../../electron/core/ledger/account-expectation';
import type { Position as ExchangePosition } from '../../electron/core/exchange';
import type { ComponentRow, PositionRow, TradeRow } from '../../electron/core/ledger/position-repository';

const position = (id: number) => ({ id }) as PositionRow;
const component = (positionId: number, symbol: string) =>
  ({ position_id: positionId, symbol, expected_quantity: '0' }) as ComponentRow;
let tradeId = 0;
const trade = (positionId: number, symbol: string, side: 'Long' | 'Short', quantity: string, kind = 'open') =>
  ({
    id: (tradeId += 1),
    position_id: positionId,
    symbol,
    side,
    quantity,
    price: '100',
    fee: '0.01',
    kind,
  }) as TradeRow;
const row = (symbol: string, positionIdx: 0 | 1 | 2, side: 'Buy' | 'Sell' | '', size: string) =>
  ({ symbol, positionIdx, side, size }) as ExchangePosition;

describe('what the account should hold', () => {
  it('sums the held quantities of every position on a symbol, long and short apart, without repairs', () => {
    const expected = expectationsOf({
      positions: [position(1), position(2)],
      components: [component(1, 'BTCUSDT'), component(2, 'BTCUSDT'), component(2, 'ETHUSDT')],
      trades: [
        trade(1, 'BTCUSDT', 'Long', '0.003'),
        trade(2, 'BTCUSDT', 'Short', '0.001'),
        trade(2, 'ETHUSDT', 'Short', '0.1'),
        // A repair puts back what someone else took: the position should hold no more for it.
        trade(1, 'BTCUSDT', 'Long', '0.002', 'repair'),
      ],
      orders: [],
    });
    const btc = expected.get('BTCUSDT')!;
    expect([btc.net.toFixed(), btc.long.toFixed(), btc.short.toFixed()]).toEqual(['0.002', '0.003', '0.001']);
    expect(btc.positionIds).toEqual([1, 2]);
    expect(expected.get('ETHUSDT')!.net.toFixed()).toBe('-0.1');
  });

  it('is busy while an order is on its way or its fills are not all stored', () => {
    const busy = (orders: { state: string; filled: string; stored: string }[]) =>
      expectationsOf({
        positions: [position(1)],
        components: [component(1, 'BTCUSDT')],
        trades: [],
        orders: orders.map((o) => ({ symbol: 'BTCUSDT', ...o })),
      }).get('BTCUSDT')!.inFlight;
    expect(busy([{ state: 'accepted', filled: '0', stored: '0' }])).toBe(true);
    expect(busy([{ state: 'intent', filled: '0', stored: '0' }])).toBe(true);
    expect(busy([{ state: 'filled', filled: '0.002', stored: '0.001' }])).toBe(true);
    expect(busy([{ state: 'filled', filled: '0.002', stored: '0.002' }])).toBe(false);
    expect(busy([{ state: 'cancelled', filled: '0', stored: '0' }])).toBe(false);
  });
});

describe('a difference', () => {
  const expectation = (net: string, long = net, short = '0'): SymbolExpectation => ({
    symbol: 'BTCUSDT',
    net: new Dec(net),
    long: new Dec(long),
    short: new Dec(short),
    positionIds: [3, 1],
    inFlight: false,
    fingerprint: '',
  });
  const step = new Dec('0.001');

  it('counts from one quantity step; less is rounding', () => {
    const one = differenceOf(
      expectation('0.002'),
      actualsOf([row('BTCUSDT', 0, 'Buy', '0.001')]).get('BTCUSDT'),
      step,
    );
    expect(one).toMatchObject({
      expected: '0.002',
      actual: '0.001',
      difference: '-0.001',
      positionIds: [1, 3],
    });
    const below = differenceOf(
      expectation('0.002'),
      actualsOf([row('BTCUSDT', 0, 'Buy', '0.0015')]).get('BTCUSDT'),
      step,
    );
    expect(below).toBeNull();
    expect(differenceOf(expectation('0.002'), undefined, step)).toMatchObject({
      actual: '0',
      difference: '-0.002',
    });
  });

  it('compares hedge rows on their own: equal nets can still differ', () => {
    const actual = actualsOf([row('BTCUSDT', 1, 'Buy', '0.003'), row('BTCUSDT', 2, 'Sell', '0.001')]).get(
      'BTCUSDT',
    );
    expect(actual?.mode).toBe('hedge');
    const leg = differenceOf(expectation('0.002', '0.002', '0'), actual, step);
    expect(leg).toMatchObject({
      mode: 'hedge',
      difference: '0',
      rows: { long: { expected: '0.002', actual: '0.003' }, short: { expected: '0', actual: '-0.001' } },
    });
    expect(differenceOf(expectation('0.002', '0.003', '0.001'), actual, step)).toBeNull();
  });
});
