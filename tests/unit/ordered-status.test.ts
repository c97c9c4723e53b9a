import { describe, expect, it } from 'vitest';
import { orderedStatus } from '../../electron/core/system/system-status';

/** Every pending promise callback runs (the reads below resolve on the microtask queue). */
const settle = () => new Promise((resolve) => setImmediate(resolve));

/**
 * The status a read captures at its start (as readSystemStatus captures the reachability), with the first
 * read's await held until `release` (a slow database query; never released: one that hangs).
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

/** A status whose events and errors land in `log`, over `statusReads`. */
function loggedStatus() {
  const reads = statusReads();
  const log: string[] = [];
  const status = orderedStatus(
    reads.read,
    (s) => log.push(`event ${s}`),
    (e) => log.push(String(e)),
  );
  return { ...reads, log, status };
}

describe('orderedStatus', () => {
  it('never sends an older status after a newer one, when the older read is slower', async () => {
    const { state, release, log, status } = loggedStatus();
    status.publish(); // the environment changed: its reachability is being checked
    state.reachability = 'unreachable';
    status.publish(); // the check answered, while the first read still waits for the databases
    await settle();
    expect(log).toEqual(['event unreachable']);
    release();
    await settle();
    expect(log).toEqual(['event unreachable']);
  });

  it('sends both, in order, when the reads finish in order', async () => {
    const { state, release, log, status } = loggedStatus();
    status.publish();
    release();
    await settle();
    state.reachability = 'unreachable';
    status.publish();
    await settle();
    expect(log).toEqual(['event checking', 'event unreachable']);
  });

  it('is not held up by a read that never finishes', async () => {
    const { state, log, status } = loggedStatus();
    status.publish(); // this read hangs
    state.reachability = 'unreachable';
    status.publish();
    expect(await status.read()).toBe('unreachable');
    expect(log).toEqual(['event unreachable']);
  });

  it('answers system.status with the newer status when an event overtook its read', async () => {
    const { state, release, log, status } = loggedStatus();
    const answer = status.read().then((s) => log.push(`answer ${s}`));
    await settle();
    state.reachability = 'unreachable';
    status.publish();
    await settle();
    release();
    await answer;
    expect(log).toEqual(['event unreachable', 'answer unreachable']);
  });

  it('goes on after a read that failed, which it reports', async () => {
    const { state, release, log, status } = loggedStatus();
    release();
    state.failNext = true;
    status.publish();
    state.reachability = 'reachable';
    status.publish();
    await settle();
    expect(log).toEqual(['Error: the database did not answer', 'event reachable']);
  });
});
