/**
 * Opening and closing synthetic positions of 5, 10, 20 and 50 legs over the contract, at 50 ms injected
 * round trip: from the contract call to ACTIVE (or CLOSED) with every trade persisted. Each is printed as a
 * ratio to its lower bound (one round trip, or the 20 orders/s quota where that binds) with the leg skew
 * (first to last fill on the exchange's clock).
 */
import { randomUUID } from 'node:crypto';
import type { Position } from '../../shared/domain/positions';
import { endpointGroups } from '../../electron/core/exchange/rate-limiter';
import { startSimulator } from '../../tests/sim/index';
import { startSimCore } from '../../tests/support/sim-core';
import { endSession, signedRoundTripMs, sleep } from './support/harness';

const latencyMs = 50;
const legs = [5, 10, 20, 50];

export default async function positions(report: (line: string) => void): Promise<void> {
  const sim = await startSimulator({ seed: 1 });
  // Where the time goes: every stage the engine marks, per position, in ms since the contract call.
  const stages = new Map<number, { stage: string; at: number }[]>();
  const trace = (positionId: number, stage: string) =>
    stages.set(positionId, [...(stages.get(positionId) ?? []), { stage, at: performance.now() }]);
  const { app } = await startSimCore(sim, { balanceUsdt: '10000000', positions: { trace } });
  try {
    const waiters = new Set<(p: Position) => void>();
    app.core.events.subscribe((event, payload) => {
      if (event === 'positions.updated') for (const waiter of waiters) waiter(payload as Position);
    });
    const reach = (id: number, status: Position['status']) =>
      new Promise<void>((resolve, reject) => {
        const waiter = (p: Position) => {
          if (p.id !== id) return;
          if (p.status === status) {
            waiters.delete(waiter);
            resolve();
          } else if (p.status === 'FAILED') {
            waiters.delete(waiter);
            reject(new Error(`position ${id} failed: ${p.failureReason}`));
          }
        };
        waiters.add(waiter);
      });
    const traced: string[] = [];
    /** The stages of one run since `t0`, each with the ms it took since the one before. */
    const stagesOf = (id: number, t0: number, label: string) => {
      let last = t0;
      const parts = (stages.get(id) ?? [])
        .filter((s) => s.at >= t0)
        .map((s) => {
          const part = `${s.stage} +${(s.at - last).toFixed(0)}`;
          last = s.at;
          return part;
        });
      stages.delete(id);
      traced.push(`${label}: ${parts.join(' · ')}`);
    };
    const open = async (n: number) => {
      const t0 = performance.now();
      const { position } = await app.invoke('positions.open', {
        requestId: randomUUID(),
        indexId: `top${n}-equal`,
        usdtSize: String(n * 100),
        direction: 'long',
      });
      await reach(position.id, 'ACTIVE');
      const ms = performance.now() - t0;
      stagesOf(position.id, t0, `open ${n} legs (${ms.toFixed(0)} ms)`);
      return { id: position.id, ms };
    };
    const close = async (id: number) => {
      const t0 = performance.now();
      const done = reach(id, 'CLOSED');
      await app.invoke('positions.close', { id });
      await done;
      const ms = performance.now() - t0;
      stagesOf(id, t0, `close (${ms.toFixed(0)} ms)`);
      return ms;
    };
    const skew = async (id: number, kind: 'open' | 'close') => {
      const times = (await app.invoke('positions.get', { id })).trades
        .filter((t) => t.kind === kind)
        .map((t) => Date.parse(t.timestamp));
      return Math.max(...times) - Math.min(...times);
    };

    // Warm-up at the same latency: instruments, leverage and mode of the top 50, the private stream, JIT.
    sim.control.setLatency(latencyMs);
    const warm = await open(50);
    await sleep(1100);
    await close(warm.id);
    traced.length = 0;

    const rtt = await signedRoundTripMs(sim);
    const perSecond = endpointGroups['order/create'] + endpointGroups['order/create-batch'];
    report(
      `latency injected ${latencyMs} ms; signed round trip ${rtt.toFixed(0)} ms; order quota ${perSecond}/s`,
    );
    report(
      'legs | orders | open ms | bound ms | open/bound | open skew ms | close ms | close/bound | close skew ms',
    );
    for (const n of legs) {
      await sleep(1100); // a fresh quota window for each measurement
      const opened = await open(n);
      await sleep(1100);
      const closeMs = await close(opened.id);
      // The quota counts orders, and a leg above Bybit's largest market order is several.
      const orders = (await app.invoke('positions.get', { id: opened.id })).orders.filter(
        (o) => o.kind === 'open',
      ).length;
      const bound = (Math.ceil(orders / perSecond) - 1) * 1000 + rtt;
      report(
        [
          String(n).padStart(4),
          String(orders).padStart(6),
          opened.ms.toFixed(0).padStart(7),
          bound.toFixed(0).padStart(8),
          (opened.ms / bound).toFixed(2).padStart(10),
          String(await skew(opened.id, 'open')).padStart(12),
          closeMs.toFixed(0).padStart(8),
          (closeMs / bound).toFixed(2).padStart(11),
          String(await skew(opened.id, 'close')).padStart(13),
        ].join(' | '),
      );
    }
    report('trace per stage (ms since the previous stage):');
    for (const line of traced) report(`  ${line}`);
  } finally {
    await endSession(app, sim);
  }
}
