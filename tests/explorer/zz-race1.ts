import { randomUUID } from 'node:crypto';
import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestCluster } from '../db/db-test-helpers';
import { startSimulator } from '../sim';
import { simEnv } from '../support/sim-core';
import { byHand } from '../support/by-hand';
import { waitFor } from '../support/wait-for';
import { AppUnderTest } from './app-under-test';
import { KeyRing } from './explorer-context';
import { WorldReader } from './world-reader';
import { checkGuard } from './invariants/guard';
import { Dec } from '../../shared/decimal';

async function main() {
  const latency = Number(process.argv[2] ?? 25);
  const delay = Number(process.argv[3] ?? 0);
  const sim = await startSimulator({ seed: 5 });
  const cluster = await startTestCluster();
  const url = cluster.url(await cluster.createDatabase('r_user'));
  const env = {
    ...simEnv(sim),
    SYNTHEX_USER_DB_URL: url,
    SYNTHEX_GENERAL_DB_URL: cluster.url(await cluster.createDatabase('r_general')),
  };
  const dir = mkdtempSync(join(tmpdir(), 'race1-'));
  chmodSync(dir, 0o755);
  const app = new AppUnderTest(dir, env);
  await app.start();
  const keys = new KeyRing(sim);
  await app.invoke('profiles.create', { name: 'R', select: true });
  await keys.create();
  await app.invoke('credentials.set', {
    environment: 'custom',
    customRestUrl: sim.rest,
    customWsUrl: sim.ws,
    ...keys.key,
  });
  await waitFor(async () => (await app.invoke('universe.latest', {})).snapshot !== null, {
    timeoutMs: 120000,
    intervalMs: 200,
  });
  sim.control.setLatency(latency);
  const reader = new WorldReader(sim, url);
  const hand = byHand(sim, keys.key);
  for (let round = 1; round <= 8; round++) {
    const { position: p1 } = await app.invoke('positions.open', {
      requestId: randomUUID(),
      indexId: 'top5-equal',
      usdtSize: '1000',
      direction: 'long',
    });
    await waitFor(
      async () => (await app.invoke('positions.get', { id: p1.id })).position.status === 'ACTIVE',
      { timeoutMs: 30000, intervalMs: 50 },
    );
    const d = await app.invoke('positions.get', { id: p1.id });
    const leg = d.components[round % d.components.length]!;
    const o = d.orders.find(
      (x) => x.componentId === leg.id && x.kind === 'open' && !new Dec(x.filledQuantity).isZero(),
    )!;
    await hand.market(leg.symbol, 'Sell', o.filledQuantity);
    await waitFor(async () => (await app.invoke('positions.get', { id: p1.id })).position.isAltered, {
      timeoutMs: 30000,
      intervalMs: 50,
    });
    if (process.argv[4]) sim.control.setRateLimit('/v5/position/list', Number(process.argv[4]));
    const b = app.invoke('positions.repair', { id: p1.id }).then(
      () => 'sent',
      (e) => e.message,
    );
    if (delay) await new Promise((r) => setTimeout(r, delay));
    const a = app.invoke('positions.open', {
      requestId: randomUUID(),
      indexId: 'top5-equal',
      usdtSize: '1000',
      direction: 'long',
    });
    const [{ position: p2 }, rep] = await Promise.all([a, b]);
    await new Promise((r) => setTimeout(r, 1000));
    sim.control.setRateLimit('/v5/position/list', 50);
    await new Promise((r) => setTimeout(r, 3000));
    const world = await reader.read();
    const v = checkGuard(world);
    console.log(
      `round ${round}: P1=${p1.id} P2=${p2.id} repair=${typeof rep === 'string' ? rep.slice(0, 80) : 'sent'} violations=${v.length}`,
    );
    for (const x of v) console.log('   ', x.message.slice(0, 120));
    const d1 = await app.invoke('positions.get', { id: p1.id });
    const d2 = await app.invoke('positions.get', { id: p2.id });
    console.log(
      '   repair orders:',
      d1.orders
        .filter((o) => o.kind === 'repair')
        .map((o) => `${o.side} ${o.quantity} ${o.symbol} ${o.state}`)
        .join('; '),
      'P1 altered',
      d1.position.isAltered,
      'P2',
      d2.position.status,
    );
    console.log('   hand sold', o.filledQuantity, leg.symbol);
    for (const id of [p1.id, p2.id]) await app.invoke('positions.close', { id }).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 2000));
  }
  await app.stop();
  await reader.close();
  await sim.close();
  await cluster.close();
}
void main();
