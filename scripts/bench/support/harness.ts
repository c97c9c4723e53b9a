/**
 * What the benches share: figures (median, percentile), the signed round trip every latency is compared
 * with, opening a position and waiting for it to be ACTIVE, a 1000-per-second price storm, and the end of
 * a session.
 */
import { randomUUID } from 'node:crypto';
import { RestClientV5 } from 'bybit-api';
import { removeTempDirs } from '../../../tests/db/db-test-helpers';
import type { Simulator } from '../../../tests/sim/types';
import type { TestCore } from '../../../tests/support/core-harness';

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export const median = (values: number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};

/** One signed round trip through the SDK at the simulator's injected latency (median of 5), in ms. */
export async function signedRoundTripMs(sim: Simulator): Promise<number> {
  const probeKey = sim.control.createKey();
  const probe = new RestClientV5({ key: probeKey.apiKey, secret: probeKey.apiSecret, baseUrl: sim.rest });
  const rtts: number[] = [];
  for (let i = 0; i < 5; i += 1) {
    const t0 = performance.now();
    await probe.getQueryApiKey();
    rtts.push(performance.now() - t0);
  }
  return median(rtts);
}

/** Polls the position every `pollMs` until it is ACTIVE; a FAILED one throws its reason. */
export async function untilActive(app: TestCore, id: number, pollMs: number): Promise<void> {
  for (;;) {
    const { position } = await app.invoke('positions.get', { id });
    if (position.status === 'ACTIVE') return;
    if (position.status === 'FAILED') throw new Error(position.failureReason ?? 'failed');
    await sleep(pollMs);
  }
}

/** Opens a long of 1000 USDT on `indexId` and waits, polling every `pollMs`, until it is ACTIVE. */
export async function openActiveLong(app: TestCore, indexId: string, pollMs: number) {
  const { position } = await app.invoke('positions.open', {
    requestId: randomUUID(),
    indexId,
    usdtSize: '1000',
    direction: 'long',
  });
  await untilActive(app, position.id, pollMs);
  return position;
}

/**
 * Calls `move(n)` for n = 1 … 3000 at one a millisecond of wall time (1000 a second for 3 s), and
 * `afterBatch()` after each timer run; resolves with the number of moves made.
 */
export function stormOf3000(move: (n: number) => void, afterBatch: () => void = () => {}): Promise<number> {
  const start = performance.now();
  let sent = 0;
  return new Promise<number>((resolve) => {
    const timer = setInterval(() => {
      const due = Math.min(3000, Math.floor(performance.now() - start));
      while (sent < due) {
        sent += 1;
        move(sent);
      }
      afterBatch();
      if (sent >= 3000) {
        clearInterval(timer);
        resolve(sent);
      }
    }, 1);
  });
}

/** Stops the app, then the simulator, and removes the session's temp folders. */
export async function endSession(app: TestCore, sim: Simulator): Promise<void> {
  await app.stop();
  await sim.close();
  removeTempDirs();
}
