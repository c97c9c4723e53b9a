import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createPreviewRunner,
  type PreviewRunState,
} from '../../renderer/src/pages/new-position/preview-runner';

/** A fetch whose answers the test releases one by one, in any order. */
function controlledFetch() {
  const calls: { request: string; resolve(value: string): void; reject(error: Error): void }[] = [];
  const fetch = (request: string) =>
    new Promise<string>((resolve, reject) => calls.push({ request, resolve, reject }));
  return { calls, fetch };
}

describe('createPreviewRunner', () => {
  let states: PreviewRunState<string, string>[];
  beforeEach(() => {
    vi.useFakeTimers();
    states = [];
  });
  afterEach(() => vi.useRealTimers());
  const last = () => states.at(-1)!;

  it('sends one request per pause in typing, for the last value', async () => {
    const { calls, fetch } = controlledFetch();
    const runner = createPreviewRunner({ fetch, delayMs: 300, onChange: (s) => states.push(s) });
    for (const value of ['1', '10', '100', '1000']) {
      runner.request(value);
      await vi.advanceTimersByTimeAsync(100);
    }
    expect(calls).toHaveLength(0);
    expect(last().pending).toBe(true);
    await vi.advanceTimersByTimeAsync(300);
    expect(calls.map((c) => c.request)).toEqual(['1000']);
    calls[0]!.resolve('preview of 1000');
    await vi.advanceTimersByTimeAsync(0);
    expect(last()).toMatchObject({ result: 'preview of 1000', resultFor: '1000', pending: false });
  });

  it('throws away an answer that arrives after a newer request was made', async () => {
    const { calls, fetch } = controlledFetch();
    const runner = createPreviewRunner({ fetch, delayMs: 300, onChange: (s) => states.push(s) });
    runner.request('10');
    await vi.advanceTimersByTimeAsync(300);
    runner.request('1000');
    await vi.advanceTimersByTimeAsync(300);
    expect(calls.map((c) => c.request)).toEqual(['10', '1000']);
    calls[1]!.resolve('preview of 1000');
    await vi.advanceTimersByTimeAsync(0);
    // The slow answer for "10" comes last and must not replace the one for "1000".
    calls[0]!.resolve('preview of 10');
    calls[0]!.reject(new Error('ignored too'));
    await vi.advanceTimersByTimeAsync(0);
    expect(last()).toMatchObject({ result: 'preview of 1000', resultFor: '1000', pending: false });
    expect(states.some((s) => s.result === 'preview of 10')).toBe(false);
  });

  it('keeps the last answer on screen while a newer one is on its way, and reports failures', async () => {
    const { calls, fetch } = controlledFetch();
    const runner = createPreviewRunner({ fetch, delayMs: 50, onChange: (s) => states.push(s) });
    runner.request('a');
    await vi.advanceTimersByTimeAsync(50);
    calls[0]!.resolve('A');
    await vi.advanceTimersByTimeAsync(0);
    runner.request('b');
    expect(last()).toMatchObject({ result: 'A', resultFor: 'a', pending: true });
    await vi.advanceTimersByTimeAsync(50);
    calls[1]!.reject(new Error('Bybit is down'));
    await vi.advanceTimersByTimeAsync(0);
    expect(last()).toMatchObject({ result: 'A', pending: false });
    expect((last().error as Error).message).toBe('Bybit is down');
  });

  it('null cancels what waits (an invalid form); refresh asks again at once; dispose silences it', async () => {
    const { calls, fetch } = controlledFetch();
    const runner = createPreviewRunner({ fetch, delayMs: 300, onChange: (s) => states.push(s) });
    runner.request('x');
    runner.request(null);
    await vi.advanceTimersByTimeAsync(1000);
    expect(calls).toHaveLength(0);
    expect(last().pending).toBe(false);
    runner.request('y');
    await vi.advanceTimersByTimeAsync(300);
    runner.refresh();
    expect(calls.map((c) => c.request)).toEqual(['y', 'y']);
    const count = states.length;
    runner.dispose();
    calls[1]!.resolve('Y');
    await vi.advanceTimersByTimeAsync(0);
    expect(states).toHaveLength(count);
  });
});
