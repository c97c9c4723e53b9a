/**
 * Idle CPU of the real headless app (`node out/headless/index.js`) holding 10 open positions, over
 * PNL_IDLE_SECONDS (default 60): nobody clicks anything, while the simulator walks its prices every 100 ms
 * as Bybit's ticker stream does (so the PnL engine keeps folding and publishing). Measured from
 * /proc for the headless process alone and for its whole tree (poller, Postgres).
 */
import { randomUUID } from 'node:crypto';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSimulator } from '../../tests/sim/index';
import { simEnv } from '../../tests/support/sim-core';
import { ensureBuilt, startUntilLine } from './support/child-line';
import { connectContract } from './support/ws-contract';
import { sleep } from './support/harness';

const root = fileURLToPath(new URL('../..', import.meta.url));
const clockTicks = 100; // USER_HZ on Linux

/** utime + stime of a process, in clock ticks (0 once it is gone). */
function cpuTicks(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}

function descendants(pid: number): number[] {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone meanwhile
    }
  }
  const tree = [pid];
  for (let i = 0; i < tree.length; i += 1)
    for (const [child, parent] of parents) if (parent === tree[i]) tree.push(child);
  return tree;
}

export default async function pnlIdle(report: (line: string) => void): Promise<void> {
  if (process.platform !== 'linux') return report('skipped: reads /proc (Linux only)');
  await ensureBuilt(root);
  // PNL_IDLE_TICK_MS=0 measures with no price moving at all; the default ticks as Bybit does.
  const tickMs = Number(process.env.PNL_IDLE_TICK_MS ?? 100);
  const sim = await startSimulator({ seed: 1, tickIntervalMs: tickMs });
  const dataDir = mkdtempSync(join(tmpdir(), 'synthex-bench-idle-'));
  chmodSync(dataDir, 0o755);
  const app = await startUntilLine(
    process.execPath,
    [join(root, 'out/headless/index.js'), '--port', '0', '--data-dir', dataDir],
    simEnv(sim),
  );
  try {
    const { url } = JSON.parse(app.line) as { url: string };
    const api = await connectContract(url);
    await api.invoke('profiles.create', { name: 'Bench', select: true });
    const key = sim.control.createKey({ balanceUsdt: '10000000' });
    await api.invoke('credentials.set', {
      environment: 'custom',
      customRestUrl: sim.rest,
      customWsUrl: sim.ws,
      ...key,
    });
    for (;;) {
      const state = await api.invoke('universe.latest', {});
      if (state.snapshot) break;
      if (!state.running) await api.invoke('universe.refresh', {}).catch(() => undefined);
      await sleep(500);
    }
    for (let i = 0; i < 10; i += 1)
      await api.invoke('positions.open', {
        requestId: randomUUID(),
        indexId: i % 2 === 0 ? 'top5-equal' : 'top10-equal',
        usdtSize: '1000',
        direction: i % 3 === 0 ? 'short' : 'long',
      });
    for (;;) {
      const { positions } = await api.invoke('positions.list', { status: 'ACTIVE' });
      if (positions.length === 10) break;
      await sleep(500);
    }
    api.close(); // no tab open: the app alone
    await sleep(3000);
    const seconds = Number(process.env.PNL_IDLE_SECONDS ?? 60);
    const pid = app.child.pid!;
    const tree = descendants(pid);
    const before = new Map(tree.map((p) => [p, cpuTicks(p)]));
    const started = performance.now();
    await sleep(seconds * 1000);
    const wallSeconds = (performance.now() - started) / 1000;
    // A process that ended meanwhile (a Postgres backend) cannot be read any more: left out, not negative.
    const used = (p: number) => Math.max(0, cpuTicks(p) - before.get(p)!);
    const after = { own: used(pid), tree: tree.reduce((sum, p) => sum + used(p), 0) };
    const percent = (ticks: number) => ((ticks / clockTicks / wallSeconds) * 100).toFixed(2);
    report(
      `idle CPU of headless mode with 10 open positions over ${seconds} s, ${tickMs > 0 ? `prices ticking every ${tickMs} ms` : 'no price moving'}: ` +
        `${percent(after.own)} % of one core (headless process), ` +
        `${percent(after.tree)} % with its poller and Postgres (${tree.length} processes)`,
    );
  } finally {
    await app.stop();
    await sim.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
