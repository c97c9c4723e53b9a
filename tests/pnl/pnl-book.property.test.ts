import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PnlBook, type PnlPositionInput } from '../../electron/core/pnl/pnl-book';
import { Dec, sum } from '../../shared/decimal';
import { foldFills, type Fill } from '../../shared/positions/holdings';
import { decimalArb, fillArb } from '../support/fill-arbitraries';

/**
 * The book's figures against computations that do not share its code path: the cash identity
 * (Σ sell − Σ buy + held × mark − fees, which needs no average entry), the volume-weighted entry of
 * same-side fills, and a book built from scratch at the final marks.
 */
const symbols = ['AAAUSDT', 'BBBUSDT', 'CCCUSDT'];

const markArb = decimalArb(1, 10_000_000, 3);
const legFillArb = fillArb({
  price: markArb,
  quantity: decimalArb(1, 100_000, 3),
  fee: decimalArb(0, 10_000, 5),
});
const legFillsArb = fc.record({
  symbol: fc.constantFrom(...symbols),
  fills: fc.array(legFillArb, { minLength: 1, maxLength: 12 }),
});
const positionArb = fc.record({
  legs: fc.uniqueArray(legFillsArb, { minLength: 1, maxLength: 3, selector: (l) => l.symbol }),
  funding: fc.integer({ min: -10_000, max: 10_000 }).map((f) => new Dec(f).div(10_000)),
});

function inputOf(id: number, position: { legs: { symbol: string; fills: Fill[] }[]; funding: Dec }) {
  const holdings = position.legs.map((leg) => ({ symbol: leg.symbol, holding: foldFills(leg.fills) }));
  const input: PnlPositionInput = {
    id,
    name: `P${id}`,
    usdtSize: new Dec(1000),
    isAltered: false,
    legs: holdings.map(({ symbol, holding }) => ({
      symbol,
      quantity: holding.quantity,
      averageEntry: holding.averageEntry,
    })),
    fees: sum(holdings.map((h) => h.holding.fees)),
    funding: position.funding,
    realized: sum(holdings.map((h) => h.holding.realizedGross)),
  };
  return input;
}

/** A book holding position 1, one AAAUSDT leg of `fills` and no funding, marked at `mark` at `at` and folded. */
function markedBook(fills: Fill[], mark: string, at = 0): PnlBook {
  const book = new PnlBook();
  book.setPosition(inputOf(1, { legs: [{ symbol: 'AAAUSDT', fills }], funding: new Dec(0) }));
  book.tick('AAAUSDT', mark, at);
  book.fold();
  return book;
}

/** Σ sell value − Σ buy value + held × mark − fees − funding, per position, from the raw fills. */
function cashIdentity(
  position: { legs: { symbol: string; fills: Fill[] }[]; funding: Dec },
  marks: Map<string, string>,
) {
  let total = new Dec(0);
  for (const leg of position.legs) {
    let held = new Dec(0);
    for (const fill of leg.fills) {
      const signed = fill.side === 'Long' ? new Dec(fill.quantity) : new Dec(fill.quantity).neg();
      held = held.plus(signed);
      total = total.minus(signed.mul(fill.price)).minus(fill.fee);
    }
    total = total.plus(held.mul(marks.get(leg.symbol)!));
  }
  return total.minus(position.funding);
}

const close = (a: Dec | string, b: Dec | string) => new Dec(a).minus(b).abs().lte('0.00000001');

describe('PnL book', () => {
  it('unrealised + realised equals the cash identity for long, short and crossed legs with fees and funding', () => {
    fc.assert(
      fc.property(
        fc.array(positionArb, { minLength: 1, maxLength: 5 }),
        fc.tuple(markArb, markArb, markArb),
        (positions, markList) => {
          const marks = new Map(symbols.map((s, i) => [s, markList[i]!]));
          const book = new PnlBook();
          positions.forEach((p, i) => book.setPosition(inputOf(i + 1, p)));
          for (const [symbol, mark] of marks) book.tick(symbol, mark, 1000);
          book.fold();
          const tick = book.snapshot(1000, 30_000);
          let expectedTotal = new Dec(0);
          positions.forEach((p, i) => {
            const view = tick.positions.find((v) => v.id === i + 1)!;
            const expected = cashIdentity(p, marks);
            expectedTotal = expectedTotal.plus(expected);
            expect(close(new Dec(view.unrealizedPnl).plus(view.realizedPnl), expected)).toBe(true);
          });
          expect(
            new Dec(tick.total.unrealizedPnl)
              .plus(tick.total.realizedPnl)
              .minus(expectedTotal)
              .abs()
              .lte('0.0000001'),
          ).toBe(true);
        },
      ),
    );
  });

  it('the average entry after several same-side fills is their volume-weighted price', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('Long' as const, 'Short' as const),
        fc.array(legFillArb, { minLength: 1, maxLength: 10 }),
        markArb,
        (side, raw, mark) => {
          const fills = raw.map((f) => ({ ...f, side, fee: '0' }));
          const qty = sum(fills.map((f) => new Dec(f.quantity)));
          const vwap = sum(fills.map((f) => new Dec(f.quantity).mul(f.price))).div(qty);
          const book = markedBook(fills, mark);
          const leg = book.snapshot(0, 30_000).positions[0]!.legs![0]!;
          expect(close(leg.averageEntry, vwap)).toBe(true);
          const signedQty = side === 'Long' ? qty : qty.neg();
          expect(close(leg.unrealizedPnl, signedQty.mul(new Dec(mark).minus(vwap)))).toBe(true);
        },
      ),
    );
  });

  it('a partial close keeps the entry, realises (price − entry) on what closed, and leaves the rest unrealised', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('Long' as const, 'Short' as const),
        fc.integer({ min: 2, max: 100_000 }),
        fc.double({ min: 0.01, max: 0.99, noNaN: true }),
        markArb,
        markArb,
        fc.integer({ min: 0, max: 1000 }),
        (side, lots, fraction, entry, exit, feeMilli) => {
          const closedLots = Math.max(1, Math.floor(lots * fraction));
          fc.pre(closedLots < lots);
          const fee = new Dec(feeMilli).div(1000).toFixed();
          const opposite = side === 'Long' ? ('Short' as const) : ('Long' as const);
          const fills: Fill[] = [
            { side, price: entry, quantity: new Dec(lots).div(1000).toFixed(), fee },
            { side: opposite, price: exit, quantity: new Dec(closedLots).div(1000).toFixed(), fee },
          ];
          const book = markedBook(fills, exit);
          const view = book.snapshot(0, 30_000).positions[0]!;
          const direction = side === 'Long' ? 1 : -1;
          const closed = new Dec(closedLots).div(1000);
          const left = new Dec(lots - closedLots).div(1000).mul(direction);
          expect(view.legs![0]!.averageEntry).toBe(new Dec(entry).toDecimalPlaces(8).toFixed());
          expect(close(view.realizedPnl, new Dec(exit).minus(entry).mul(closed).mul(direction))).toBe(true);
          const expectedUnrealized = left.mul(new Dec(exit).minus(entry)).minus(new Dec(fee).mul(2));
          expect(close(view.unrealizedPnl, expectedUnrealized)).toBe(true);
        },
      ),
    );
  });

  it('every fee paid lowers the position figure by exactly that fee', () => {
    fc.assert(
      fc.property(fc.array(legFillArb, { minLength: 1, maxLength: 10 }), markArb, (fills, mark) => {
        const feeless = fills.map((f) => ({ ...f, fee: '0' }));
        const run = (legFills: Fill[]) => {
          const book = markedBook(legFills, mark);
          return new Dec(book.snapshot(0, 30_000).positions[0]!.unrealizedPnl);
        };
        const fees = sum(fills.map((f) => new Dec(f.fee)));
        expect(close(run(feeless).minus(run(fills)), fees)).toBe(true);
      }),
    );
  });

  it('folding tick by tick ends where a book built at the final marks starts', () => {
    fc.assert(
      fc.property(
        fc.array(positionArb, { minLength: 1, maxLength: 5 }),
        fc.array(fc.record({ symbol: fc.constantFrom(...symbols), mark: markArb, fold: fc.boolean() }), {
          minLength: 1,
          maxLength: 60,
        }),
        (positions, ticks) => {
          const live = new PnlBook();
          positions.forEach((p, i) => live.setPosition(inputOf(i + 1, p)));
          const finalMarks = new Map<string, string>();
          for (const t of ticks) {
            live.tick(t.symbol, t.mark, 0);
            finalMarks.set(t.symbol, t.mark);
            if (t.fold) live.fold();
          }
          live.fold();
          const fresh = new PnlBook();
          positions.forEach((p, i) => fresh.setPosition(inputOf(i + 1, p)));
          for (const [symbol, mark] of finalMarks) fresh.tick(symbol, mark, 0);
          fresh.fold();
          const a = live.snapshot(0, 30_000);
          const b = fresh.snapshot(0, 30_000);
          expect(a.positions.map((p) => p.unrealizedPnl)).toEqual(b.positions.map((p) => p.unrealizedPnl));
          expect(a.total).toEqual(b.total);
        },
      ),
    );
  });
});

describe('PnL book staleness and bad input', () => {
  it('marks a leg stale before its first tick and 30 s after its last one, never silently old', () => {
    const book = new PnlBook();
    const fills: Fill[] = [{ side: 'Long', price: '100', quantity: '2', fee: '0.1' }];
    book.setPosition(inputOf(1, { legs: [{ symbol: 'AAAUSDT', fills }], funding: new Dec(0) }));
    expect(book.snapshot(0, 30_000).positions[0]!.stale).toBe(true);
    book.tick('AAAUSDT', '110', 1_000);
    book.fold();
    expect(book.snapshot(31_000, 30_000).positions[0]).toMatchObject({ stale: false, unrealizedPnl: '19.9' });
    expect(book.snapshot(31_001, 30_000).positions[0]!.stale).toBe(true);
    expect(book.snapshot(31_001, 30_000).total.stale).toBe(true);
  });

  it('ignores a mark that is not a positive decimal, and ticks of symbols nobody holds', () => {
    const book = markedBook([{ side: 'Short', price: '50', quantity: '1', fee: '0' }], '40');
    expect(book.tick('ZZZUSDT', '1', 0)).toBe(false);
    for (const bad of ['abc', '-5', '0', '1e5']) {
      book.tick('AAAUSDT', bad, 0);
      book.fold();
      expect(book.snapshot(0, 30_000).positions[0]!.unrealizedPnl).toBe('10');
    }
  });

  it('keeps the marks when a position is replaced (a fill, a funding payment)', () => {
    const fills: Fill[] = [{ side: 'Long', price: '100', quantity: '1', fee: '0' }];
    const book = markedBook(fills, '105', 1000);
    book.setPosition(inputOf(1, { legs: [{ symbol: 'AAAUSDT', fills }], funding: new Dec('0.5') }));
    expect(book.snapshot(1000, 30_000).positions[0]).toMatchObject({ unrealizedPnl: '4.5', stale: false });
  });

  it('drops a symbol once no position holds it', () => {
    const book = new PnlBook();
    const fills: Fill[] = [{ side: 'Long', price: '1', quantity: '1', fee: '0' }];
    book.setPosition(inputOf(1, { legs: [{ symbol: 'AAAUSDT', fills }], funding: new Dec(0) }));
    book.setPosition(inputOf(2, { legs: [{ symbol: 'BBBUSDT', fills }], funding: new Dec(0) }));
    expect(book.heldSymbols().sort()).toEqual(['AAAUSDT', 'BBBUSDT']);
    book.removePosition(1);
    expect(book.heldSymbols()).toEqual(['BBBUSDT']);
  });
});
