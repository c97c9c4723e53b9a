/**
 * Drift detection latency (docs/drift.md) at 50 ms injected round trip: from an outside execution on the
 * simulator (a market order by another client on the same key, its execTime on the simulator's clock) to
 * the positions.updated event that says isAltered: true, and back to isAltered: false after the trader
 * undoes it by hand. Printed in ms and as a ratio to one signed round trip; the goal is ≤ 1 s.
 */
import type { Position } from '../../shared/domain/positions';
import { startSimulator } from '../../tests/sim/index';
import { byHand } from '../../tests/support/by-hand';
import { startSimCore } from '../../tests/support/sim-core';
import { endSession, median, openActiveLong, signedRoundTripMs, sleep } from './support/harness';

const latencyMs = 50;
const runs = 7;

export default async function drift(report: (line: string) => void): Promise<void> {
  const sim = await startSimulator({ seed: 1 });
  const { app, key } = await startSimCore(sim, { balanceUsdt: '10000000' });
  try {
    const seen: { at: number; position: Position }[] = [];
    app.core.events.subscribe((event, payload) => {
      if (event === 'positions.updated') seen.push({ at: Date.now(), position: payload as Position });
    });
    const position = await openActiveLong(app, 'top10-equal', 50);
    sim.control.setLatency(latencyMs);
    const rtt = await signedRoundTripMs(sim);
    const hand = byHand(sim, key);
    const flagged = (altered: boolean, after: number) =>
      new Promise<number>((resolve, reject) => {
        const deadline = Date.now() + 10_000;
        const poll = () => {
          const hit = seen.find(
            (s) => s.at >= after && s.position.id === position.id && s.position.isAltered === altered,
          );
          if (hit) resolve(hit.at);
          else if (Date.now() > deadline) reject(new Error(`isAltered never became ${altered}`));
          else setTimeout(poll, 2);
        };
        poll();
      });
    const execTimeOf = (count: number) => {
      const executions = sim.control.ledger().executions;
      return Number(executions[count]!.execTime);
    };

    const detect: number[] = [];
    const clear: number[] = [];
    for (let i = 0; i < runs; i += 1) {
      await sleep(300);
      let before = sim.control.ledger().executions.length;
      const sentAt = Date.now();
      await hand.market('BTCUSDT', 'Sell', '0.001', { reduceOnly: true });
      const alteredAt = await flagged(true, sentAt);
      detect.push(alteredAt - execTimeOf(before));
      await sleep(300);
      before = sim.control.ledger().executions.length;
      const backAt = Date.now();
      await hand.market('BTCUSDT', 'Buy', '0.001');
      const clearedAt = await flagged(false, backAt);
      clear.push(clearedAt - execTimeOf(before));
    }
    report(`latency injected ${latencyMs} ms; signed round trip ${rtt.toFixed(0)} ms; ${runs} runs each`);
    report('event                            | median ms | max ms | median/RT | max/RT | goal');
    for (const [name, values] of [
      ['outside fill → isAltered true', detect],
      ['undone by hand → isAltered false', clear],
    ] as const) {
      const m = median(values);
      const max = Math.max(...values);
      report(
        [
          name.padEnd(32),
          m.toFixed(0).padStart(9),
          max.toFixed(0).padStart(6),
          (m / rtt).toFixed(2).padStart(9),
          (max / rtt).toFixed(2).padStart(6),
          max <= 1000 ? '≤ 1 s met' : '≤ 1 s MISSED',
        ].join(' | '),
      );
    }
  } finally {
    await endSession(app, sim);
  }
}
