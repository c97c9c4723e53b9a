/**
 * The kill harness: headless mode trading on the simulator (with latency, so kills land mid-flight) is
 * SIGKILLed at random moments of opening and closing positions, restarted on the same data directory, and
 * in the end the simulator's own ledger is compared with the database: no orderLinkId sent twice at the
 * wire, every fill in `trades` exactly once, nothing stored that Bybit did not execute, every position
 * ACTIVE, FAILED or CLOSED after each restart, and the account flat once everything is closed.
 *
 * With `drift`, runs also change the account by hand (another client on the same key) and then repair the
 * altered position, or move prices and rebalance one, and are killed in the middle of those too: every
 * outside fill must be logged once and be no position's trade, every repair and rebalance must finish
 * after the restart, and the account must still end flat.
 */
import { randomUUID } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Dec } from '../../shared/decimal';
import type { Position, PositionDetail } from '../../shared/domain/positions';
import { startSimulator } from '../sim';
import { createRng } from '../sim/bybit/rng';
import { byHand } from '../support/by-hand';
import { simEnv } from '../support/sim-core';
import {
  connectContract,
  startAppProcess,
  type AppProcess,
  type ContractClient,
} from '../support/headless-process';

export interface KillTally {
  runs: number;
  kills: { app: number; group: number };
  positions: number;
  statuses: Record<string, number>;
  wireSends: number;
  /** Sends of an orderLinkId after a send of it was booked: the duplicates 110072 would hide. */
  duplicateSends: number;
  /** Sends again after Bybit refused the first one unprocessed (10006, a fault): retries, not duplicates. */
  retriedAfterRefusal: number;
  duplicates: string[];
  executions: number;
  trades: number;
  lostFills: number;
  doubledFills: number;
  strayTrades: number;
  unfinishedAfterRestart: number;
  nonZeroNets: number;
  /** With drift: fills made by hand, how many of them are missing from the outside log or in trades. */
  outsideFills: number;
  unloggedOutside: number;
  outsideInTrades: number;
  /** Positions still altered after the final repairs (before closing everything). */
  alteredAtEnd: number;
}

export interface KillHarnessOptions {
  runs: number;
  seed?: number;
  /** Injected round trip on every REST answer and WebSocket push (default 40 ms). */
  latencyMs?: number;
  /** Kills land uniformly in [0, maxKillDelayMs) after the action is sent (default 1200 ms). */
  maxKillDelayMs?: number;
  /** Also change the account by hand, repair and rebalance, and kill during those (default false). */
  drift?: boolean;
  log?: (line: string) => void;
}

/** What a drift turn says when the position had nothing it could change yet. */
const nothingToChange = 'nothing to change';

/** A tally with nothing counted yet. */
export function newTally(runs: number): KillTally {
  return {
    runs,
    kills: { app: 0, group: 0 },
    positions: 0,
    statuses: {},
    wireSends: 0,
    duplicateSends: 0,
    retriedAfterRefusal: 0,
    duplicates: [],
    executions: 0,
    trades: 0,
    lostFills: 0,
    doubledFills: 0,
    strayTrades: 0,
    unfinishedAfterRestart: 0,
    nonZeroNets: 0,
    outsideFills: 0,
    unloggedOutside: 0,
    outsideInTrades: 0,
    alteredAtEnd: 0,
  };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const unfinished = new Set(['PENDING', 'EXECUTING', 'CLOSING']);
/** Unfinished, or a repair or rebalance still under way (both resume at the next start). */
const working = (p: Position) => unfinished.has(p.status) || p.pendingAction !== null;

export async function until<T>(what: string, check: () => Promise<T | null>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check().catch(() => null);
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

/** A fresh app's profile, the simulator's key as its credentials, and the universe loaded. */
export async function prepareApp(
  c: ContractClient,
  sim: Awaited<ReturnType<typeof startSimulator>>,
  key: { apiKey: string; apiSecret: string },
): Promise<void> {
  await c.invoke('profiles.create', { name: 'Kill harness', select: true });
  await c.invoke('credentials.set', {
    environment: 'custom',
    customRestUrl: sim.rest,
    customWsUrl: sim.ws,
    ...key,
  });
  await until(
    'the universe',
    async () => ((await c.invoke('universe.latest', {})).snapshot ? true : null),
    120_000,
  );
}

export async function runKillHarness(options: KillHarnessOptions): Promise<KillTally> {
  const seed = options.seed ?? 1;
  // Seeded (the simulator's mulberry32), so a failing run can be replayed with its seed.
  const random = createRng(seed);
  const log = options.log ?? (() => undefined);
  const sim = await startSimulator({ seed });
  sim.control.setLatency(options.latencyMs ?? 40);
  const dataDir = mkdtempSync(join(tmpdir(), 'synthex-kill-'));
  chmodSync(dataDir, 0o755); // the embedded postgres runs as the postgres user when we are root
  const env = simEnv(sim);
  const key = sim.control.createKey({ balanceUsdt: '10000000' });
  const tally = newTally(options.runs);
  const hand = byHand(sim, key);
  const running: { app: AppProcess | null; client: ContractClient | null } = { app: null, client: null };
  const start = async () => {
    running.app = await startAppProcess(dataDir, env);
    running.client = await connectContract(running.app.url);
    return running.client;
  };
  const positions = async (c: ContractClient) => (await c.invoke('positions.list', {})).positions;
  const settled = (c: ContractClient) =>
    until(
      'every position to leave PENDING, EXECUTING and CLOSING',
      async () => {
        const list = await positions(c);
        return list.some(working) ? null : list;
      },
      180_000,
    );
  try {
    let c = await start();
    await prepareApp(c, sim, key);

    const failuresSeen = new Set<number>();
    let driftRuns = 0;
    // Which branch a run takes depends on what the kills before it left (an open killed early leaves no
    // position), so a seed alone does not promise a repair and a rebalance. With drift, the last runs are
    // kept for the ones still missing (no closes then), and a few extra runs follow if they are still due.
    const driftDue = () => (options.drift ? Math.max(0, 2 - driftRuns) : 0);
    for (let run = 1; run <= options.runs || (driftDue() > 0 && run <= options.runs + 8); run += 1) {
      const list = await positions(c);
      const active = list.filter((p) => p.status === 'ACTIVE');
      const hurry = driftDue() > 0 && options.runs - run + 1 <= 2 * driftDue();
      const closing = !hurry && active.length > 0 && random() < 0.5;
      if (random() < 0.15)
        sim.control.failNext({ path: '/v5/order/create-batch', kind: 'http5xxAfterAccept' });
      let action: string;
      const drifting = options.drift && active.length > 0 && (hurry || random() < 0.5);
      // A repair a kill stopped before it was recorded leaves the position altered: repair it again first
      // (closing an altered position would leave the difference on the account, by design). This time the
      // kill waits for the answer, so it lands once the repair is recorded: a restarted app first reaches
      // the account (the key's account, its catch-up reads), which can outlast every kill delay, and a
      // run of kills before the answer never let one repair finish (CI, seed 20261202: eleven in a row).
      const stillAltered = options.drift ? active.find((p) => p.isAltered) : undefined;
      if (stillAltered) {
        const answer = await c.invoke('positions.repair', { id: stillAltered.id }).then(
          () => 'recorded',
          (e: Error) => e.message,
        );
        action = `repair ${stillAltered.id} again (${answer})`;
      } else if (drifting) {
        const target = active[Math.floor(random() * active.length)]!;
        // Repairs and rebalances take turns, so any number of drift runs covers both. A turn that found
        // nothing to change (the leg's open order not filled yet) is taken again, not counted as done.
        action =
          driftRuns % 2 === 0
            ? await closeALegByHandThenRepair(c, hand, target.id, random)
            : await movePricesThenRebalance(c, sim, target.id, random);
        if (!action.startsWith(nothingToChange)) driftRuns += 1;
      } else if (closing) {
        const target = active[Math.floor(random() * active.length)]!;
        action = `close ${target.id}`;
        void c.invoke('positions.close', { id: target.id }).catch(() => undefined);
      } else {
        const indexId = ['top5-equal', 'top10-equal', 'top20-equal'][Math.floor(random() * 3)]!;
        const usdtSize = String(600 + Math.floor(random() * 1400));
        const direction = random() < 0.5 ? 'long' : 'short';
        action = `open ${indexId} ${usdtSize} ${direction}`;
        // A small size can leave out a top coin: the trader's acknowledgement, as the confirmation gives it.
        const preview = await c.invoke('indices.preview', { indexId, usdtSize, direction }).catch(() => null);
        const acknowledgedDropped = preview?.acknowledgement?.symbols;
        void c
          .invoke('positions.open', {
            requestId: randomUUID(),
            indexId,
            usdtSize,
            direction,
            acknowledgedDropped,
          })
          .catch(() => undefined);
      }
      const delay = Math.floor(random() * (options.maxKillDelayMs ?? 1200));
      await sleep(delay);
      const group = random() < 0.5;
      running.client?.close();
      await running.app!.kill(group);
      tally.kills[group ? 'group' : 'app'] += 1;
      c = await start();
      const after = await settled(c);
      tally.unfinishedAfterRestart += after.filter(working).length;
      log(
        `run ${run}: ${action}, SIGKILL ${group ? 'group' : 'app'} after ${delay} ms → ${after.map((p) => `${p.id}:${p.status}`).join(' ')}`,
      );
      for (const p of after.filter((p) => p.status === 'FAILED' && !failuresSeen.has(p.id))) {
        failuresSeen.add(p.id);
        log(`  position ${p.id} FAILED: ${p.failureReason}`);
      }
    }

    // Repair what is still altered (a kill before the repair was recorded), close everything, audit.
    if (options.drift) {
      for (const position of (await positions(c)).filter((p) => p.status === 'ACTIVE' && p.isAltered))
        await c.invoke('positions.repair', { id: position.id }).catch((e: Error) => log(`  ${e.message}`));
      const repaired = await settled(c);
      await sleep(1500); // the reconciliation after the last repair fill
      tally.alteredAtEnd = (await positions(c)).filter((p) => p.status === 'ACTIVE' && p.isAltered).length;
      if (tally.alteredAtEnd > 0) log(`  still altered: ${repaired.map((p) => p.id).join(', ')}`);
    }
    for (const position of (await positions(c)).filter((p) => p.status === 'ACTIVE'))
      await c.invoke('positions.close', { id: position.id });
    const final = await settled(c);
    await audit(c, final, sim, key.apiKey, tally);
    if (options.drift) await auditOutside(c, sim, key.apiKey, tally);
    return tally;
  } finally {
    running.client?.close();
    await running.app?.stop();
    await sim.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Compares the simulator's ledger and wire with what the app stored, into the tally. */
export async function audit(
  c: ContractClient,
  final: Position[],
  sim: Awaited<ReturnType<typeof startSimulator>>,
  apiKey: string,
  tally: KillTally,
): Promise<void> {
  tally.positions = final.length;
  for (const p of final) tally.statuses[p.status] = (tally.statuses[p.status] ?? 0) + 1;
  const details: PositionDetail[] = [];
  for (const p of final) details.push(await c.invoke('positions.get', { id: p.id }));
  const trades = details.flatMap((d) => d.trades);
  const sends = sim.control.wireSends().filter((s) => s.apiKey === apiKey);
  const perLink = new Map<string, typeof sends>();
  for (const send of sends) perLink.set(send.orderLinkId, [...(perLink.get(send.orderLinkId) ?? []), send]);
  tally.wireSends = sends.length;
  for (const [link, list] of perLink) {
    if (list.length < 2) continue;
    const firstBooked = list.findIndex((send) => send.booked);
    if (firstBooked >= 0 && firstBooked < list.length - 1) {
      tally.duplicateSends += list.length - 1 - firstBooked;
      tally.duplicates.push(
        `${link}: ${list.map((send) => `${send.at}${send.booked ? ' booked' : ''}`).join(', ')}`,
      );
    } else tally.retriedAfterRefusal += list.length - 1;
  }
  const ourLinks = new Set(perLink.keys());
  const ledger = sim.control.ledger();
  const uids = new Set(ledger.orders.filter((o) => ourLinks.has(o.orderLinkId)).map((o) => o.uid));
  const all = ledger.executions.filter((e) => uids.has(e.uid) && e.execType === 'Trade');
  const executions = all.filter((e) => ourLinks.has(e.orderLinkId));
  tally.executions = executions.length;
  tally.trades = trades.length;
  const stored = new Map<string, number>();
  for (const trade of trades) stored.set(trade.execId, (stored.get(trade.execId) ?? 0) + 1);
  const executed = new Set(executions.map((e) => e.execId));
  tally.lostFills = executions.filter((e) => !stored.has(e.execId)).length;
  tally.doubledFills = [...stored.values()].filter((n) => n > 1).length;
  tally.strayTrades = trades.filter((t) => !executed.has(t.execId)).length;
  // The account's nets count every fill, Synthex's and the trader's own: repairs put those right.
  const nets = new Map<string, Dec>();
  for (const e of all)
    nets.set(
      e.symbol,
      (nets.get(e.symbol) ?? new Dec(0)).plus(e.side === 'Buy' ? e.execQty : new Dec(e.execQty).neg()),
    );
  tally.nonZeroNets = [...nets.values()].filter((net) => !net.isZero()).length;
}

/** The tally is clean when nothing was sent twice, no fill lost, doubled or invented, and all ended. */
export function tallyProblems(tally: KillTally): string[] {
  const problems: string[] = [];
  if (tally.duplicateSends) problems.push(`${tally.duplicateSends} orderLinkIds sent twice`);
  if (tally.lostFills) problems.push(`${tally.lostFills} fills missing from trades`);
  if (tally.doubledFills) problems.push(`${tally.doubledFills} fills stored twice`);
  if (tally.strayTrades) problems.push(`${tally.strayTrades} trades Bybit never executed`);
  if (tally.unfinishedAfterRestart)
    problems.push(`${tally.unfinishedAfterRestart} positions left unfinished`);
  if (tally.nonZeroNets) problems.push(`${tally.nonZeroNets} symbols not flat after closing everything`);
  if (tally.unloggedOutside) problems.push(`${tally.unloggedOutside} outside fills missing from the log`);
  if (tally.outsideInTrades) problems.push(`${tally.outsideInTrades} outside fills stored as trades`);
  if (tally.alteredAtEnd) problems.push(`${tally.alteredAtEnd} positions still altered after repairing`);
  const stillOpen = (tally.statuses.ACTIVE ?? 0) + (tally.statuses.CLOSING ?? 0);
  if (stillOpen) problems.push(`${stillOpen} positions not closed at the end`);
  return problems;
}

type Hand = ReturnType<typeof byHand>;

/**
 * The trader closes one leg of the position in "Bybit's app"; once Synthex shows it altered, Repair is
 * sent (and the kill lands somewhere after it).
 */
async function closeALegByHandThenRepair(
  c: ContractClient,
  hand: Hand,
  id: number,
  random: () => number,
): Promise<string> {
  const detail = await c.invoke('positions.get', { id });
  const held = detail.components.filter((leg) => !new Dec(leg.heldQuantity).isZero());
  const leg = held[Math.floor(random() * held.length)];
  if (!leg) return `${nothingToChange} on ${id}`;
  // What one of its own orders filled: a hand-made market order within Bybit's largest market order.
  const filled = detail.orders.find(
    (o) => o.componentId === leg.id && o.kind === 'open' && !new Dec(o.filledQuantity).isZero(),
  );
  if (!filled) return `${nothingToChange} on ${id}`;
  const quantity = Dec.min(new Dec(leg.heldQuantity).abs(), filled.filledQuantity);
  await hand.market(leg.symbol, new Dec(leg.heldQuantity).isPositive() ? 'Sell' : 'Buy', quantity.toFixed());
  await until(
    `position ${id} to show the outside change`,
    async () => ((await c.invoke('positions.get', { id })).position.isAltered ? true : null),
    30_000,
  );
  void c.invoke('positions.repair', { id }).catch(() => undefined);
  return `trade ${quantity.toFixed()} ${leg.symbol} of ${id} away by hand, repair ${id}`;
}

/** Prices of two of the position's coins move by a fifth; the position is rebalanced to the new sizes. */
async function movePricesThenRebalance(
  c: ContractClient,
  sim: Awaited<ReturnType<typeof startSimulator>>,
  id: number,
  random: () => number,
): Promise<string> {
  const detail = await c.invoke('positions.get', { id });
  const moved: string[] = [];
  for (const leg of detail.components.slice(0, 2)) {
    const factor = random() < 0.5 ? '0.8' : '1.25';
    const [ticker] = (
      await c.invoke('indices.preview', {
        indexId: detail.position.indexId,
        usdtSize: detail.position.usdtSize,
        direction: detail.position.direction,
      })
    ).legs.filter((l) => l.symbol === leg.symbol);
    if (!ticker) continue;
    sim.control.setPrice(leg.symbol, new Dec(ticker.price).mul(factor).toFixed());
    moved.push(`${leg.symbol}×${factor}`);
  }
  void c.invoke('positions.rebalance', { id }).catch(() => undefined);
  return `move ${moved.join(' ')}, rebalance ${id}`;
}

/** Every fill made by hand is in the outside log exactly once, and in no position's trades. */
async function auditOutside(
  c: ContractClient,
  sim: Awaited<ReturnType<typeof startSimulator>>,
  apiKey: string,
  tally: KillTally,
): Promise<void> {
  const ours = new Set(
    sim.control
      .wireSends()
      .filter((s) => s.apiKey === apiKey)
      .map((s) => s.orderLinkId),
  );
  const ledger = sim.control.ledger();
  const uids = new Set(ledger.orders.filter((o) => ours.has(o.orderLinkId)).map((o) => o.uid));
  const outside = ledger.executions.filter(
    (e) => uids.has(e.uid) && e.execType === 'Trade' && !ours.has(e.orderLinkId),
  );
  tally.outsideFills = outside.length;
  const logged = (await c.invoke('positions.outsideChanges', { limit: 500 })).executions;
  const count = new Map<string, number>();
  for (const e of logged) count.set(e.execId, (count.get(e.execId) ?? 0) + 1);
  tally.unloggedOutside = outside.filter((e) => count.get(e.execId) !== 1).length;
  const traded = new Set<string>();
  for (const p of (await c.invoke('positions.list', {})).positions)
    for (const t of (await c.invoke('positions.get', { id: p.id })).trades) traded.add(t.execId);
  tally.outsideInTrades = outside.filter((e) => traded.has(e.execId)).length;
}
