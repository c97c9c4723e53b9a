import { describe, expect, it } from 'vitest';
import type { Execution, Position } from '../../electron/core/exchange';
import { AccountBook } from '../../electron/core/positions/guard/account-book';

const row = (size: string, seq: number, side: 'Buy' | 'Sell' | '' = 'Sell'): Position =>
  ({ symbol: 'DOTUSDT', positionIdx: 0, side, size, seq }) as Position;
const execution = (seq: number): Execution => ({ symbol: 'DOTUSDT', seq }) as Execution;

function streamingBook(restRows: Position[]) {
  let reads = 0;
  const book = new AccountBook({
    readPositions: async () => {
      reads += 1;
      return restRows;
    },
    streaming: () => true,
    pushWaitMs: 50,
  });
  return { book, reads: () => reads };
}

describe('the account book', () => {
  it('does not trust a size a push changed until the execution that changed it is seen (a liquidation)', async () => {
    const { book } = streamingBook([row('26', 5)]);
    await book.readRest();
    expect(book.fresh('DOTUSDT')).toBe(true);
    // Bybit takes the short over: the position push (size 0) arrives before its BustTrade execution.
    book.observe([row('0', 9, '')]);
    expect(book.fresh('DOTUSDT')).toBe(false);
    book.sawExecutions([execution(9)]);
    expect(book.fresh('DOTUSDT')).toBe(true);
  });

  it('waits a moment for that execution, then answers from REST rather than waiting on every later round', async () => {
    const { book, reads } = streamingBook([row('26', 5)]);
    await book.readRest();
    book.observe([row('0', 9, '')]);
    await book.holdings(['DOTUSDT']);
    expect(reads()).toBe(2);
    expect(book.fresh('DOTUSDT')).toBe(true);
  });

  it('trusts a push that changed nothing, and our own fill once both its push and execution are in', async () => {
    const { book } = streamingBook([row('26', 5)]);
    await book.readRest();
    book.observe([row('26', 6)]);
    expect(book.fresh('DOTUSDT')).toBe(true);
    book.sawExecutions([execution(7)]);
    expect(book.fresh('DOTUSDT')).toBe(false);
    book.observe([row('30', 7)]);
    expect(book.fresh('DOTUSDT')).toBe(true);
  });

  it("takes in another reader's REST read: a hand trade whose pushes were both lost is known to the next order", async () => {
    // The explorer's seed 9000 (docs/explorer.md): short 10, a hand trade buys 9 and the stream, still up,
    // loses both its execution and its position push; the reconciler's read sees 1.
    const { book, reads } = streamingBook([row('10', 5)]);
    await book.readRest();
    const read = await book.readThrough(async () => [row('1', 8)]);
    expect(read).toEqual([row('1', 8)]);
    const holdings = await book.holdings(['DOTUSDT']);
    expect(holdings.get('DOTUSDT')?.rows.get(0)?.toFixed()).toBe('-1');
    expect(reads()).toBe(1); // from the book, no read of its own
  });

  it('keeps a push newer than what such a read saw', async () => {
    const { book } = streamingBook([row('10', 5)]);
    await book.readRest();
    // The read was answered at seq 8; a push at seq 9 (the guard's own close filled) arrived first.
    const read = book.readThrough(async () => {
      book.observe([row('0', 9, '')]);
      book.sawExecutions([execution(9)]);
      return [row('1', 8)];
    });
    await read;
    expect((await book.holdings(['DOTUSDT'])).get('DOTUSDT')?.rows.get(0)?.toFixed()).toBe('0');
  });
});
