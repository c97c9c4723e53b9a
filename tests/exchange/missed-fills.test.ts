import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MissedFillsWatch } from '../../electron/core/exchange/missed-fills';
import type { Execution, Position } from '../../electron/core/exchange/types';

const position = (size: string, seq: number, side: 'Buy' | 'Sell' | '' = 'Buy', positionIdx: 0 | 1 | 2 = 0) =>
  ({ symbol: 'SOLUSDT', side, size, seq, positionIdx }) as Position;
const fill = (execId: string, qty: string, seq: number, side: 'Buy' | 'Sell' = 'Buy') =>
  ({ execId, symbol: 'SOLUSDT', side, execQty: qty, seq, execType: 'Trade' }) as Execution;

describe('noticing a fill the private stream lost while connected', () => {
  let catchUps: number[];
  let watch: MissedFillsWatch;
  beforeEach(() => {
    vi.useFakeTimers();
    catchUps = [];
    watch = new MissedFillsWatch({
      now: () => Date.now(),
      graceMs: 1000,
      catchUp: async (from) => void catchUps.push(from),
    });
  });
  afterEach(() => {
    watch.stop();
    vi.useRealTimers();
  });

  it('fetches the fills when a position grew by more than the executions seen explain', async () => {
    watch.onPositions([position('10', 5)]);
    watch.onExecutions([fill('a', '2', 6)]);
    // Two fills made it 13: the second one's push never came.
    watch.onPositions([position('13', 7)]);
    await vi.advanceTimersByTimeAsync(999);
    expect(catchUps).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(catchUps).toHaveLength(1);
  });

  it('waits for an execution that arrives after its position push, and counts a duplicate push once', async () => {
    watch.onPositions([position('10', 5)]);
    watch.onPositions([position('7', 6)]);
    await vi.advanceTimersByTimeAsync(500);
    watch.onExecutions([fill('b', '3', 6, 'Sell'), fill('b', '3', 6, 'Sell')]);
    await vi.advanceTimersByTimeAsync(2000);
    expect(catchUps).toEqual([]);
    // A duplicated push of a fill does not stand in for one that was lost.
    watch.onExecutions([fill('c', '1', 7)]);
    watch.onExecutions([fill('c', '1', 7)]);
    watch.onPositions([position('9', 8)]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(catchUps).toHaveLength(1);
  });

  it('notices a fill lost with its position push when the next push disagrees, and ignores funding and unchanged sizes', async () => {
    watch.onPositions([position('10', 5)]);
    // The state at seq 6 (size 12) and its fill were both lost; the next fill's push arrived.
    watch.onExecutions([fill('d', '1', 7), { ...fill('f', '0', 8), execType: 'Funding' }]);
    watch.onPositions([position('13', 7), position('13', 8)]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(catchUps).toHaveLength(1);
  });

  it('on a hedge row, only asks that the newest fill was seen (executions do not name their row)', async () => {
    watch.onPositions([position('4', 5, 'Sell', 2)]);
    watch.onExecutions([fill('e', '1', 6, 'Buy')]);
    watch.onPositions([position('3', 6, 'Sell', 2)]);
    watch.onPositions([position('2', 9, 'Sell', 2)]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(catchUps).toHaveLength(1);
  });

  it('runs one catch-up at a time, and one more for what was suspected meanwhile', async () => {
    let release: () => void = () => undefined;
    const slow = new MissedFillsWatch({
      graceMs: 10,
      catchUp: () => new Promise<void>((resolve) => (release = () => (catchUps.push(0), resolve()))),
    });
    slow.onPositions([position('1', 1)]);
    slow.onPositions([position('2', 2)]);
    await vi.advanceTimersByTimeAsync(10);
    slow.onPositions([position('3', 3)]);
    slow.onPositions([position('4', 4)]);
    await vi.advanceTimersByTimeAsync(10);
    release();
    await vi.advanceTimersByTimeAsync(0);
    release();
    await vi.advanceTimersByTimeAsync(0);
    expect(catchUps).toEqual([0, 0]);
    slow.stop();
  });
});
