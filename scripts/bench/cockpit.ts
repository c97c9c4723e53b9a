/**
 * The cockpit's cost and its event rate:
 * - CPU of the account summary's work per mark (fold one tick, and 4 summaries a second), at the tick rate of
 *   the idle bench (pnl-idle.ts: 10 positions, prices walking every 100 ms), as a share of one core, next to
 *   the idle figure pnl-idle prints in the same run (which already includes the cockpit: it runs in the app);
 * - account.updated under a price storm through the real stack (simulator → SDK stream → account summary):
 *   1000 ticks/s for 3 s on a held coin; the most events in any one second (goal ≤ 4) and tick-to-event
 *   latency of lone ticks.
 */
import { AccountFigures } from '../../electron/core/account/account-figures';
import type { Position } from '../../electron/core/exchange';
import { Dec } from '../../shared/decimal';
import type { AccountSummary } from '../../shared/domain/account';
import { startSimulator } from '../../tests/sim/index';
import { idleWallet, marginedRow } from '../../tests/support/exchange-rows';
import { startSimCore } from '../../tests/support/sim-core';
import { endSession, openActiveLong, sleep, stormOf3000 } from './support/harness';

function row(symbol: string, mark: string): Position {
  return marginedRow({
    symbol,
    side: 'Buy',
    size: '0.5',
    entry: mark,
    mark,
    liqPrice: new Dec(mark).mul('0.8').toFixed(),
    seq: 1,
  });
}

function figuresCost(report: (line: string) => void): void {
  const symbols = Array.from({ length: 20 }, (_, i) => `S${i}USDT`);
  const figures = new AccountFigures();
  const wallet = idleWallet('100000');
  figures.seed({ wallet, positions: symbols.map((s) => row(s, '100')), marginMode: 'REGULAR_MARGIN' }, 0);
  const ticks = 200_000;
  const start = process.cpuUsage();
  let summaries = 0;
  for (let i = 0; i < ticks; i += 1) {
    figures.mark(symbols[i % symbols.length]!, String(100 + (i % 97) / 100), i);
    // 4 summaries a second at 100 ticks a second: one every 25 ticks.
    if (i % 25 === 0) {
      figures.summary(1);
      summaries += 1;
    }
  }
  const used = process.cpuUsage(start);
  const microsPerTick = (used.user + used.system) / ticks;
  // The idle bench: 10 positions of top-5/top-10 baskets hold ~10 symbols, each ticking every 100 ms.
  const idleTicksPerSecond = 100;
  report(
    `account summary work: ${microsPerTick.toFixed(2)} µs per tick over ${ticks.toLocaleString('en-US')} ticks of 20 held coins (with ${summaries.toLocaleString('en-US')} summaries), ` +
      `so ${((microsPerTick * idleTicksPerSecond) / 10_000).toFixed(3)} % of one core at the idle bench's ${idleTicksPerSecond} ticks/s ` +
      `(compare pnl-idle's line in the same run)`,
  );
}

async function storm(report: (line: string) => void): Promise<void> {
  const sim = await startSimulator({ seed: 1, tickIntervalMs: 0 });
  const { app } = await startSimCore(sim, { balanceUsdt: '10000000' });
  try {
    const position = await openActiveLong(app, 'top5-equal', 200);
    const detail = await app.invoke('positions.get', { id: position.id });
    const symbol = detail.components[0]!.symbol;
    const base = new Dec(detail.components[0]!.averageEntryPrice!);
    const events: { at: number; wall: number; summary: AccountSummary }[] = [];
    app.core.events.subscribe((event, payload) => {
      if (event === 'account.updated')
        events.push({ at: performance.now(), wall: Date.now(), summary: payload as AccountSummary });
    });
    // Lone ticks: one move, then the account.updated whose unrealised changed.
    const lone: number[] = [];
    for (let i = 0; i < 20; i += 1) {
      const before = events.at(-1)?.summary.unrealizedPnl;
      const count = events.length;
      const sent = performance.now();
      sim.control.setPrice(
        symbol,
        base
          .mul(new Dec(1).plus(new Dec(i + 1).div(500)))
          .toDecimalPlaces(2)
          .toFixed(),
      );
      sim.control.publishTickers();
      for (let waited = 0; waited < 5000; waited += 5) {
        const seen = events.slice(count).find((e) => e.summary.unrealizedPnl !== before);
        if (seen) {
          lone.push(seen.at - sent);
          break;
        }
        await sleep(5);
      }
      await sleep(400);
    }
    lone.sort((a, b) => a - b);
    report(
      `account.updated after a lone price move (simulator → stream → account summary): p50 ${lone[Math.floor(lone.length / 2)]!.toFixed(1)} ms, max ${lone.at(-1)!.toFixed(1)} ms`,
    );
    const first = events.length;
    const sent = await stormOf3000(
      (n) =>
        sim.control.setPrice(
          symbol,
          base
            .mul(new Dec(1).plus(new Dec(n % 300).div(10_000)))
            .toDecimalPlaces(2)
            .toFixed(),
        ),
      () => sim.control.publishTickers(),
    );
    await sleep(1000);
    // Counted on the clock the coalescer spaces events by (Date.now, whole ms): performance.now's sub-ms
    // jitter would put an event 250 ms × 4 later at 999.9 ms and count 5.
    const during = events.slice(first).map((e) => e.wall);
    const gaps = during.slice(1).map((t, i) => t - during[i]!);
    const maxPerSecond = Math.max(
      0,
      ...during.map((t) => during.filter((u) => u >= t && u < t + 1000).length),
    );
    report(
      `account.updated under a storm of ${sent} price moves in 3 s: ${during.length} events, at most ${maxPerSecond} in any one second (goal ≤ 4), smallest gap ${Math.min(...gaps)} ms`,
    );
  } finally {
    await endSession(app, sim);
  }
}

export default async function cockpit(report: (line: string) => void): Promise<void> {
  figuresCost(report);
  await storm(report);
}
