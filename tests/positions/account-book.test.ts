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
});
