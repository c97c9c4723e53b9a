import { describe, expect, it } from 'vitest';
import { orderedStatus } from '../../electron/core/system/system-status';

/** Every pending promise callback runs (the reads below resolve on the microtask queue). */
const settle = () => new Promise((resolve) => setImmediate(resolve));

/**
 * The status a read captures at its start (as readSystemStatus captures the reachability), with the first
 * read's await held until `release` (a slow database query).
 */
function statusReads() {
  const state = { reachability: 'checking', failNext: false };
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  let reads = 0;
  const read = async () => {
    const captured = state.reachability;
    if (state.failNext) {
      state.failNext = false;
      throw new Error('the database did not answer');
    }
    if (reads++ === 0) await held;
    return captured;
  };
  return { state, read, release: () => release() };
}

describe('orderedStatus', () => {
  it('sends the status of the latest change last, even when an older read is slower', async () => {
    const { state, read, release } = statusReads();
    const sent: string[] = [];
    const { publish } = orderedStatus(
      read,
      (s) => sent.push(s),
      (e) => sent.push(String(e)),
    );
    publish(); // the environment changed: its reachability is being checked
    await settle(); // that read has started, and waits for the databases
    state.reachability = 'unreachable';
    publish(); // the check answered
    await settle();
    expect(sent).toEqual([]);
    release();
    await settle();
    expect(sent).toEqual(['checking', 'unreachable']);
  });

  it('answers system.status after the event whose read was in flight, with the newer status', async () => {
    const { state, read, release } = statusReads();
    const order: string[] = [];
    const status = orderedStatus(
      read,
      (s) => order.push(`event ${s}`),
      (e) => order.push(String(e)),
    );
    status.publish();
    await settle();
    state.reachability = 'unreachable';
    const answer = status.read().then((s) => order.push(`answer ${s}`));
    await settle();
    expect(order).toEqual([]);
    release();
    await answer;
    expect(order).toEqual(['event checking', 'answer unreachable']);
  });

  it('goes on after a read that failed, which it reports', async () => {
    const { state, read, release } = statusReads();
    const sent: string[] = [];
    const errors: string[] = [];
    const { publish } = orderedStatus(
      read,
      (s) => sent.push(s),
      (e) => errors.push(String(e)),
    );
    release();
    state.failNext = true;
    publish();
    state.reachability = 'reachable';
    publish();
    await settle();
    expect(errors).toEqual(['Error: the database did not answer']);
    expect(sent).toEqual(['reachable']);
  });
});
