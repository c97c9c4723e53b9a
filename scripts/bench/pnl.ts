/**
 * The PnL engine at 200 symbols × 1000 positions × 20 legs (goal: ≥ 1 000 000 ticks/s on one core):
 * - ingest: ticks recorded by the book, folded as the service does it (every 250 ms of wall time);
 * - the same with risk rules evaluated after every fold (goal: ≤ 5 % less throughput);
 * - one fold after every symbol ticked (20 000 legs in exact decimals) and one snapshot;
 * - for comparison, folding every leg on every tick (the eager O(legs of that symbol) design);
 * - the engine's memory at that size;
 * - tick-to-event latency through the real stack (simulator → SDK stream → PnL service → pnl.tick), p50/p99,
 *   for lone ticks and under a 1000 ticks/s storm;
 * Idle CPU of the real headless process is pnl-idle.ts.
 */
import { randomUUID } from 'node:crypto';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { PnlBook, type PnlPositionInput } from '../../electron/core/pnl/pnl-book';
import { evaluatePrices, type ArmedPrices } from '../../electron/core/risk/risk-evaluator';
import { Dec } from '../../shared/decimal';
import type { PnlTick } from '../../shared/domain/pnl';
import { startSimulator } from '../../tests/sim/index';
import { startSimCore } from '../../tests/support/sim-core';
import { endSession, percentile, sleep, stormOf3000 } from './support/harness';

const SYMBOLS = 200;
const POSITIONS = 1000;
const LEGS = 20;

/** A deterministic generator, so every run folds the same book. */
function rng(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function buildBook(): { book: PnlBook; symbols: string[] } {
  const random = rng(7);
  const symbols = Array.from({ length: SYMBOLS }, (_, i) => `S${i}USDT`);
  const book = new PnlBook();
  for (let id = 1; id <= POSITIONS; id += 1) {
    const chosen = new Set<number>();
    while (chosen.size < LEGS) chosen.add(Math.floor(random() * SYMBOLS));
    const input: PnlPositionInput = {
      id,
      name: `P${id}`,
      usdtSize: new Dec(1000),
      isAltered: false,
      legs: [...chosen].map((s) => ({
        symbol: symbols[s]!,
        quantity: new Dec(Math.floor(random() * 2000) - 1000 || 1).div(100),
        averageEntry: new Dec(Math.floor(random() * 1_000_000) + 1).div(1000),
      })),
      fees: new Dec('0.55'),
      funding: new Dec(0),
      realized: new Dec(0),
    };
    book.setPosition(input);
  }
  return { book, symbols };
}

function marks(symbols: string[]): string[][] {
  const random = rng(11);
  return symbols.map(() =>
    Array.from({ length: 64 }, () => (Math.floor(random() * 1_000_000) + 1).toString()),
  );
}

function gc(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

export default async function pnl(report: (line: string) => void): Promise<void> {
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  const { book, symbols } = buildBook();
  gc();
  const heapAfter = process.memoryUsage().heapUsed;
  report(
    `engine memory at ${SYMBOLS} symbols × ${POSITIONS} positions × ${LEGS} legs: ${((heapAfter - heapBefore) / 1024 / 1024).toFixed(1)} MiB heap`,
  );

  const prices = marks(symbols);
  const count = symbols.length;
  // Warm up the JIT.
  for (let i = 0; i < 200_000; i += 1) book.tick(symbols[i % count]!, prices[i % count]![i & 63]!, i);
  book.fold();

  // Ingest alone.
  const ingestTicks = 5_000_000;
  let t0 = performance.now();
  for (let i = 0; i < ingestTicks; i += 1)
    book.tick(symbols[i % count]!, prices[i % count]![(i >> 8) & 63]!, i);
  const ingestMs = performance.now() - t0;
  report(
    `tick ingest: ${fmt((ingestTicks / ingestMs) * 1000)} ticks/s (O(1) per tick: the newest mark per symbol)`,
  );

  // Sustained: ticks as fast as they come, folded and snapshotted every 250 ms as the service publishes;
  // then the same with the risk rules evaluated after every fold (the risk engine's hook, docs/risk.md).
  const plain = sustained(book, symbols, prices, () => undefined);
  report(
    `fold throughput (ticks folded into ${POSITIONS} positions, 4 publications/s): ${fmt(plain.ticksPerSecond)} ticks/s ` +
      `(goal ≥ 1,000,000) — ${plain.folds} folds took ${plain.foldShare.toFixed(1)} % of the time`,
  );
  const armed = Array.from({ length: POSITIONS }, (_, i) => ({
    id: i + 1,
    prices: {
      rules: {
        stopLoss: { percent: '-90' },
        takeProfit: { percent: '900' },
        trailingStop: { percent: '500' },
      },
      margin: new Dec(1000),
      memory: { peak: null, breakEven: null },
      targets: null,
      lastThresholdAt: null,
    } satisfies ArmedPrices,
  }));
  const withRisk = sustained(book, symbols, prices, () => {
    for (const { id, prices: rules } of armed) {
      const pnl = book.basketPnl(id);
      // The service skips a position whose marks are stale: that check is part of the cost.
      if (pnl !== null && !book.positionStale(id, 0, Number.POSITIVE_INFINITY))
        evaluatePrices(rules, pnl, () => book.legMarks(id), 0, 0);
    }
  });
  // What the evaluation adds to each fold, against the plain run's time: the throughput it takes away (the
  // ticks/s of two 3 s runs differ by more than that with the machine's load and the JIT).
  const added = ((withRisk.afterFoldMsPerFold * plain.folds) / plain.elapsed) * 100;
  report(
    `rule evaluation after each fold (stop-loss, take-profit, trailing stop on all ${POSITIONS} positions, stale check included): ` +
      `${withRisk.afterFoldMsPerFold.toFixed(2)} ms per fold, ${added.toFixed(2)} % of the plain run's time (goal ≤ 5 %)`,
  );

  // One fold after every symbol ticked: 20 000 legs moved in exact decimals, and one snapshot.
  const foldTimes: number[] = [];
  const snapshotTimes: number[] = [];
  for (let round = 0; round < 10; round += 1) {
    symbols.forEach((symbol, s) => book.tick(symbol, prices[s]![(round * 7) & 63]!, round));
    let f0 = performance.now();
    book.fold();
    foldTimes.push(performance.now() - f0);
    f0 = performance.now();
    book.snapshot(Date.now(), 30_000, { legs: false });
    snapshotTimes.push(performance.now() - f0);
  }
  report(
    `full fold (all ${SYMBOLS} symbols moved, ${POSITIONS * LEGS} legs): p50 ${percentile(foldTimes, 50).toFixed(1)} ms; snapshot of ${POSITIONS} positions p50 ${percentile(snapshotTimes, 50).toFixed(1)} ms`,
  );

  // For comparison: folding every leg on every tick.
  const eagerTicks = 20_000;
  t0 = performance.now();
  for (let i = 0; i < eagerTicks; i += 1) {
    book.tick(symbols[i % count]!, prices[i % count]![(i >> 3) & 63]!, i);
    book.fold();
  }
  const eagerMs = performance.now() - t0;
  report(
    `eager fold on every tick (~${(POSITIONS * LEGS) / SYMBOLS} legs each): ${fmt((eagerTicks / eagerMs) * 1000)} ticks/s`,
  );

  await stackLatency(report);
}

const fmt = (value: number) => Math.round(value).toLocaleString('en-US');

/** Ticks as fast as they come for 3 s, folded (then `afterFold`) and snapshotted every 250 ms. */
function sustained(book: PnlBook, symbols: string[], prices: string[][], afterFold: () => void) {
  const count = symbols.length;
  let ticks = 0;
  let folds = 0;
  let foldMs = 0;
  let afterFoldMs = 0;
  const t0 = performance.now();
  let nextFold = t0 + 250;
  const end = t0 + 3000;
  for (let now = t0; now < end; now = performance.now()) {
    for (let j = 0; j < 10_000; j += 1, ticks += 1)
      book.tick(symbols[ticks % count]!, prices[ticks % count]![(ticks >> 8) & 63]!, ticks);
    if (now >= nextFold) {
      const f0 = performance.now();
      book.fold();
      const a0 = performance.now();
      afterFold();
      afterFoldMs += performance.now() - a0;
      book.snapshot(Date.now(), 30_000, { legs: false });
      foldMs += performance.now() - f0;
      folds += 1;
      nextFold += 250;
    }
  }
  const elapsed = performance.now() - t0;
  return {
    ticksPerSecond: (ticks / elapsed) * 1000,
    folds,
    foldShare: (foldMs / elapsed) * 100,
    elapsed,
    afterFoldMsPerFold: folds ? afterFoldMs / folds : 0,
  };
}

async function stackLatency(report: (line: string) => void): Promise<void> {
  const sim = await startSimulator({ seed: 1, tickIntervalMs: 0 });
  const { app } = await startSimCore(sim, { balanceUsdt: '10000000' });
  try {
    const ids: number[] = [];
    for (let i = 0; i < 10; i += 1) {
      const { position } = await app.invoke('positions.open', {
        requestId: randomUUID(),
        indexId: 'top5-equal',
        usdtSize: '500',
        direction: i % 2 === 0 ? 'long' : 'short',
      });
      ids.push(position.id);
    }
    for (;;) {
      const { positions } = await app.invoke('positions.list', { status: 'ACTIVE' });
      if (positions.length === ids.length) break;
      await sleep(200);
    }
    const symbol = (await app.invoke('positions.get', { id: ids[0]! })).components[0]!.symbol;
    const base = new Dec(
      (await app.invoke('positions.get', { id: ids[0]! })).components[0]!.averageEntryPrice!,
    );
    // Which mark the simulator shows for a price (tick-rounded), learnt from the stream itself.
    const waiters: ((tick: PnlTick, at: number) => void)[] = [];
    app.core.events.subscribe((event, payload) => {
      if (event !== 'pnl.tick') return;
      const at = performance.now();
      for (const waiter of waiters) waiter(payload as PnlTick, at);
    });
    const markOf = (tick: PnlTick) =>
      tick.positions.find((p) => p.id === ids[0])?.legs?.find((l) => l.symbol === symbol)?.markPrice ?? null;

    // Lone ticks: one price move, then wait for the pnl.tick that carries it.
    const lone: number[] = [];
    for (let i = 0; i < 40; i += 1) {
      const price = base
        .mul(new Dec(1).plus(new Dec(i + 1).div(1000)))
        .toDecimalPlaces(2)
        .toFixed();
      const seen = new Promise<number>((resolve) => {
        const waiter = (tick: PnlTick, at: number) => {
          const mark = markOf(tick);
          if (mark && new Dec(mark).minus(price).abs().lte(new Dec(price).mul('0.0005'))) {
            waiters.splice(waiters.indexOf(waiter), 1);
            resolve(at);
          }
        };
        waiters.push(waiter);
      });
      const sent = performance.now();
      sim.control.setPrice(symbol, price);
      sim.control.publishTickers();
      lone.push((await seen) - sent);
      // Longer than the 250 ms publication interval, so each tick meets an idle coalescer.
      await sleep(400);
    }
    report(
      `tick-to-event latency, lone ticks (simulator → stream → pnl.tick): p50 ${percentile(lone, 50).toFixed(1)} ms, p99 ${percentile(lone, 99).toFixed(1)} ms`,
    );

    // Storm: 1000 ticks/s for 3 s; each tick's latency is until the first pnl.tick at or past its price.
    const stormLatency: number[] = [];
    const pending: { price: string; at: number }[] = [];
    const stormWaiter = (tick: PnlTick, at: number) => {
      const mark = markOf(tick);
      if (!mark) return;
      const index = pending.findIndex((p) =>
        new Dec(p.price).minus(mark).abs().lte(new Dec(mark).mul('0.00001')),
      );
      if (index < 0) return;
      for (const done of pending.splice(0, index + 1)) stormLatency.push(at - done.at);
    };
    waiters.push(stormWaiter);
    await stormOf3000((n) => {
      const price = base
        .mul(new Dec(1).plus(new Dec(n).div(100_000)))
        .toDecimalPlaces(2)
        .toFixed();
      if (pending.at(-1)?.price === price) return;
      pending.push({ price, at: performance.now() });
      sim.control.setPrice(symbol, price);
      sim.control.publishTickers();
    });
    await sleep(1000);
    waiters.splice(waiters.indexOf(stormWaiter), 1);
    report(
      `tick-to-event latency under a 1000 ticks/s storm (coalesced to ≤ 4/s): p50 ${percentile(stormLatency, 50).toFixed(1)} ms, p99 ${percentile(stormLatency, 99).toFixed(1)} ms over ${stormLatency.length} ticks`,
    );
  } finally {
    await endSession(app, sim);
  }
}
