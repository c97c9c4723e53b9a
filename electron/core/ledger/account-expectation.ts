import { Dec } from '../../../shared/decimal';
import type { AlterationLeg } from '../../../shared/domain/drift';
import type { Position as ExchangePosition } from '../exchange';
import type { ComponentRow, PositionRow, TradeRow } from './position-repository';
import { holdingsBySymbol } from './position-views';

/** Statuses whose holdings the account should show (docs/drift.md). */
export const reconciledStatuses = ['ACTIVE', 'EXECUTING', 'CLOSING'] as const;

/** What the account should hold on one symbol, summed over every open position holding it. */
export interface SymbolExpectation {
  symbol: string;
  /** Σ signed held quantity. */
  net: Dec;
  /** Σ of the long holdings and of the |short| holdings (hedge mode keeps them on separate rows). */
  long: Dec;
  short: Dec;
  positionIds: number[];
  /** Some order on the symbol is on its way, or its fills are not all stored yet: not comparable now. */
  inFlight: boolean;
  /** Changes whenever an order or a fill of the symbol is added: two reads that agree saw the same state. */
  fingerprint: string;
}

const finalStates = new Set(['filled', 'cancelled', 'rejected']);

/** The account's expected holdings, from the positions' own trades (never from outside executions). */
export function expectationsOf(input: {
  positions: readonly PositionRow[];
  components: readonly ComponentRow[];
  trades: readonly TradeRow[];
  orders: readonly { symbol: string; state: string; filled: string; stored: string }[];
}): Map<string, SymbolExpectation> {
  const result = new Map<string, SymbolExpectation>();
  const entry = (symbol: string) => {
    let found = result.get(symbol);
    if (!found) {
      found = {
        symbol,
        net: new Dec(0),
        long: new Dec(0),
        short: new Dec(0),
        positionIds: [],
        inFlight: false,
        fingerprint: '',
      };
      result.set(symbol, found);
    }
    return found;
  };
  for (const position of input.positions) {
    const own = input.trades.filter((t) => t.position_id === position.id);
    const holdings = holdingsBySymbol(own);
    for (const component of input.components.filter((c) => c.position_id === position.id)) {
      const held = holdings.get(component.symbol)?.quantity ?? new Dec(0);
      const e = entry(component.symbol);
      e.net = e.net.plus(held);
      if (held.isPositive()) e.long = e.long.plus(held);
      else e.short = e.short.plus(held.abs());
      e.positionIds.push(position.id);
    }
  }
  const counts = new Map<string, { orders: number; trades: number }>();
  for (const order of input.orders) {
    const e = entry(order.symbol);
    if (!finalStates.has(order.state) || new Dec(order.stored).lt(order.filled)) e.inFlight = true;
    const c = counts.get(order.symbol) ?? { orders: 0, trades: 0 };
    c.orders += 1;
    counts.set(order.symbol, c);
  }
  for (const trade of input.trades) {
    const c = counts.get(trade.symbol) ?? { orders: 0, trades: 0 };
    c.trades += 1;
    counts.set(trade.symbol, c);
  }
  for (const e of result.values()) {
    const c = counts.get(e.symbol) ?? { orders: 0, trades: 0 };
    e.fingerprint = `${c.orders}/${c.trades}/${e.net.toFixed()}`;
  }
  return result;
}

/** What Bybit holds on one symbol: its mode, net, and the hedge rows on their own. */
export interface SymbolActual {
  mode: 'one-way' | 'hedge';
  net: Dec;
  long: Dec;
  short: Dec;
}

export function actualsOf(rows: readonly ExchangePosition[]): Map<string, SymbolActual> {
  const result = new Map<string, SymbolActual>();
  for (const row of rows) {
    const a = result.get(row.symbol) ?? {
      mode: 'one-way' as const,
      net: new Dec(0),
      long: new Dec(0),
      short: new Dec(0),
    };
    if (row.positionIdx !== 0) a.mode = 'hedge';
    const size = new Dec(row.size || '0');
    if (row.side === 'Buy') {
      a.net = a.net.plus(size);
      a.long = a.long.plus(size);
    } else if (row.side === 'Sell') {
      a.net = a.net.minus(size);
      a.short = a.short.plus(size);
    }
    result.set(row.symbol, a);
  }
  return result;
}

const flat: SymbolActual = { mode: 'one-way', net: new Dec(0), long: new Dec(0), short: new Dec(0) };

/**
 * The symbol's difference when it is at least one quantity step (smaller is rounding Bybit cannot even
 * trade), or null. In hedge mode each row is compared on its own: a long and a short position on one coin
 * sit on separate rows, and a change to one must not hide behind the other in the net.
 */
export function differenceOf(
  expected: SymbolExpectation,
  actualOrNone: SymbolActual | undefined,
  qtyStep: Dec,
): Omit<AlterationLeg, 'outside'> | null {
  const actual = actualOrNone ?? flat;
  const beyond = (d: Dec) => d.abs().gte(qtyStep);
  const netDiff = actual.net.minus(expected.net);
  const base = {
    symbol: expected.symbol,
    mode: actual.mode,
    expected: expected.net.toFixed(),
    actual: actual.net.toFixed(),
    difference: netDiff.toFixed(),
    positionIds: [...expected.positionIds].sort((a, b) => a - b),
  };
  if (actual.mode === 'hedge') {
    if (!beyond(actual.long.minus(expected.long)) && !beyond(actual.short.minus(expected.short))) return null;
    return {
      ...base,
      rows: {
        long: { expected: expected.long.toFixed(), actual: actual.long.toFixed() },
        short: { expected: expected.short.neg().toFixed(), actual: actual.short.neg().toFixed() },
      },
    };
  }
  return beyond(netDiff) ? base : null;
}
