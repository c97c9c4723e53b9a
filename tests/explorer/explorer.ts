/**
 * The seeded explorer (after TigerBeetle's VOPR): a random walk of trader actions and exchange events
 * against headless mode running as a real child process on the simulator, with the invariants checked
 * after every step (docs/explorer.md). Every choice is drawn from the seed and the step number, and
 * interpreted against what the app holds ("close the k-th open position"), so `--replay` takes the same
 * walk.
 */
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestCluster, type TestCluster } from '../db/db-test-helpers';
import { startSimulator, type Simulator } from '../sim';
import { simEnv } from '../support/sim-core';
import { waitFor } from '../support/wait-for';
import { AppUnderTest, describeError } from './app-under-test';
import { defaultLimits, exchangeEvents } from './exchange-events';
import { KeyRing, Market, type ExplorerContext, type StandingFaults } from './explorer-context';
import { Judge } from './judge';
import { WorldReader } from './world-reader';
import { traderActions, type ActionEntry } from './trader-actions';
import { count, emptyTally, stepDraws, Trace, weighted, type Finding, type Tally } from './trace';

export interface ExplorerOptions {
  seed: number;
  steps: number;
  /** Keep exploring after a violation (a long run's tally); by default the run stops at the first. */
  keepGoing?: boolean;
  /** Print every action and event as it happens. */
  verbose?: boolean;
  log?: (line: string) => void;
  /** A settle step every this many steps (default 100), and always at the end. */
  settleEvery?: number;
  /** A Postgres cluster to create this run's two databases in (one is started otherwise). */
  cluster?: TestCluster;
  /** Ends the walk at the next step (Ctrl-C); the run still cleans up and reports. */
  signal?: AbortSignal;
  /** A directory to keep the app's log in when the walk finds a violation (`seed-S-app.log`). */
  keepAppLogIn?: string;
}

export interface ExplorerReport {
  tally: Tally;
  findings: Finding[];
  /** What each step did, for comparing a replay with the run it replays. */
  walk: string[];
  /** The app's log of a walk that found something, when `keepAppLogIn` asked for it. */
  appLog?: string;
}

const table: ActionEntry[] = [...traderActions, ...exchangeEvents];
const exchangeNames = new Set(exchangeEvents.map((e) => e.name));
/** Trader actions that may run in the same step as another one (two clicks at once). */
const pairable = traderActions.filter((a) => !a.solo);
const drawsPerAction = 10;
const baseLatencyMs = 25;
const maxStepDelayMs = 300;
const settleTimeoutMs = 150_000;
let runs = 0;

export async function explore(options: ExplorerOptions): Promise<ExplorerReport> {
  const log = options.log ?? (() => undefined);
  const startedAt = Date.now();
  const tally = emptyTally(options.seed);
  const trace = new Trace(startedAt, 30, options.verbose ? log : null);
  const walk: string[] = [];
  const sim = await startSimulator({ seed: options.seed });
  const cluster = options.cluster ?? (await startTestCluster());
  const dataDir = mkdtempSync(join(tmpdir(), 'synthex-explore-'));
  chmodSync(dataDir, 0o755);
  const name = `explore_${process.pid}_${(runs += 1)}`;
  const userDbUrl = cluster.url(await cluster.createDatabase(`${name}_user`));
  const env = {
    ...simEnv(sim),
    SYNTHEX_USER_DB_URL: userDbUrl,
    SYNTHEX_GENERAL_DB_URL: cluster.url(await cluster.createDatabase(`${name}_general`)),
  };
  const keys = new KeyRing(sim);
  const reader = new WorldReader(sim, userDbUrl);
  const judge = new Judge(trace, keys, (finding) => log(describeFindingLine(finding)));
  const appLog = `${dataDir}.app.log`;
  const app = new AppUnderTest(
    dataDir,
    env,
    (channel) => judge.unanswered(channel),
    undefined,
    options.keepAppLogIn ? appLog : undefined,
  );
  const faults: StandingFaults = {
    latencyMs: baseLatencyMs,
    lookupLagMs: 0,
    streamFaults: false,
    thinBooks: new Set(),
    lateRejections: new Set(),
    squeezed: new Set(),
  };
  try {
    await app.start();
    const market = new Market(sim);
    await setUp(sim, app, keys, market);
    const routes = await probeRoutes(sim, ['liquidate', 'adl', 'delist']);
    sim.control.setLatency(baseLatencyMs);
    let world = await reader.read();
    tally.timeMs.setup = Date.now() - startedAt;
    // After I6 (keys or databases lost) everything else follows from it: even a long run stops there.
    const stopped = () =>
      options.signal?.aborted === true ||
      judge.findings.some((f) => !options.keepGoing || f.violation.invariant === 'I6');

    /** Stops or kills headless mode and starts it again; it must open its databases and keys (I6). */
    const restart = async (how: 'stop' | 'kill-app' | 'kill-group') => {
      if (how === 'stop') await app.stop();
      else await app.kill(how === 'kill-group');
      if (how === 'stop') tally.restarts += 1;
      else tally.kills[how === 'kill-group' ? 'group' : 'app'] += 1;
      try {
        await app.start();
      } catch (error) {
        const message = `headless mode did not start again after ${how}: ${describeError(error)}`;
        judge.fatal({ invariant: 'I6', key: 'I6|start', message });
        throw error;
      }
      await judge.health(app, `after ${how}`);
    };

    const context = (u: readonly number[]): ExplorerContext => ({
      sim,
      app,
      world,
      keys,
      market,
      faults,
      baseLatencyMs,
      routes,
      u,
      trace: (text) => trace.add(judge.step, text),
      fire: (channel, payload, label, answered) =>
        app.fire(channel, payload, (outcome, result) => {
          trace.add(
            judge.step,
            `  ← ${label}: ${outcome.length > 160 ? `${outcome.slice(0, 157)}…` : outcome}`,
          );
          if (result && answered) answered(result);
        }),
      restart,
      checkHealth: (why) => judge.health(app, why),
      settle: async (why) => {
        tally.settles += 1;
        const doing = judge.doing;
        judge.doing = doing ?? `the settle at ${why}`;
        clearFaults(sim, faults);
        if (!app.running) await restart('stop'); // it exited on its own: a crash the trace shows
        await Promise.race([app.drain(), sleep(30_000)]);
        const since = Date.now();
        for (;;) {
          world = await reader.read();
          if (judge.quiet(world) || Date.now() - since > settleTimeoutMs) break;
          await sleep(300);
        }
        judge.atQuietPoint(world, Date.now() - since);
        await judge.health(app, `at ${why}`);
        judge.doing = doing;
      },
      control: (route, body) => control(sim, route, body),
    });

    for (let step = 1; step <= options.steps && !stopped(); step += 1) {
      judge.step = step;
      const draws = stepDraws(options.seed, step, 4 + 2 * drawsPerAction);
      const first = weighted(table, draws[0]!);
      const burst = !exchangeNames.has(first.name) && !first.solo && draws[2]! < 0.2;
      const chosen = burst ? [first, weighted(pairable, draws[3]!)] : [first];
      let phase = Date.now();
      const lap = (name: keyof Tally['timeMs']) => {
        tally.timeMs[name] += Date.now() - phase;
        phase = Date.now();
      };
      judge.doing = chosen.map((entry) => entry.name).join(' ‖ ');
      const done = await Promise.all(
        chosen.map((entry, i) => {
          const began = Date.now();
          return entry
            .run(context(draws.slice(4 + i * drawsPerAction, 4 + (i + 1) * drawsPerAction)))
            .catch((error: unknown) => `${entry.name} failed: ${describeError(error)}`)
            .finally(() => {
              tally.actionMs[entry.name] = (tally.actionMs[entry.name] ?? 0) + Date.now() - began;
            });
        }),
      );
      judge.doing = null;
      lap('actions');
      for (const entry of chosen)
        count(exchangeNames.has(entry.name) ? tally.faults : tally.actions, entry.name);
      const text = done.join(' ‖ ');
      walk.push(done.map((d) => d.split(' — ')[0]).join(' ‖ '));
      trace.add(step, text);
      await sleep(Math.floor(draws[1]! ** 2 * maxStepDelayMs));
      lap('pauses');
      if (step % (options.settleEvery ?? 100) === 0) await context([]).settle(`step ${step}`);
      lap('settles');
      world = await reader.read();
      judge.afterStep(world);
      lap('checks');
      tally.steps = step;
      if (!options.verbose && step % 50 === 0)
        log(
          `step ${step}/${options.steps}, ${Math.round((Date.now() - startedAt) / 1000)} s, ${judge.findings.length} violations`,
        );
    }
    if (!stopped() && app.running) {
      judge.step = tally.steps;
      const settling = Date.now();
      await context([]).settle('the end of the run');
      tally.timeMs.settles += Date.now() - settling;
    }
    const final = await reader.read();
    for (const p of final.db.positions) count(tally.positions, p.status);
    tally.fills = final.ledger.executions.length;
    tally.wireSends = final.wireSends.filter((s) => s.orderLinkId !== '').length;
  } finally {
    await app.drain().catch(() => undefined);
    await app.stop().catch(() => undefined);
    await reader.close();
    await sim.close();
    if (!options.cluster) await cluster.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
  let keptLog: string | undefined;
  if (options.keepAppLogIn && judge.findings.length > 0 && existsSync(appLog)) {
    mkdirSync(options.keepAppLogIn, { recursive: true });
    keptLog = join(options.keepAppLogIn, `seed-${options.seed}-app.log`);
    copyFileSync(appLog, keptLog);
  }
  rmSync(appLog, { force: true });
  for (const { violation } of judge.findings)
    tally.violations[violation.invariant] = (tally.violations[violation.invariant] ?? 0) + 1;
  tally.elapsedMs = Date.now() - startedAt;
  return { tally, findings: judge.findings, walk, appLog: keptLog };
}

/** The line a failing walk adds to its message: where the app's log was kept, if it was. */
export function appLogLine(report: ExplorerReport): string {
  return report.appLog ? `\nthe app's log: ${report.appLog}` : '';
}

/** A trader's first minutes: a profile, a funded key stored, today's universe. */
async function setUp(sim: Simulator, app: AppUnderTest, keys: KeyRing, market: Market): Promise<void> {
  await app.invoke('profiles.create', { name: 'Explorer', select: true });
  const index = await keys.create();
  await app.invoke('credentials.set', {
    environment: 'custom',
    customRestUrl: sim.rest,
    customWsUrl: sim.ws,
    ...keys.accounts[index]!.key,
  });
  keys.stored(index, Date.now());
  await waitFor(async () => (await app.invoke('universe.latest', {})).snapshot !== null, {
    timeoutMs: 120_000,
    intervalMs: 200,
  });
  await market.load();
}

function clearFaults(sim: Simulator, faults: StandingFaults): void {
  sim.control.clearFaults();
  sim.control.clearPrivateStreamFaults();
  sim.control.setLatency(baseLatencyMs);
  sim.control.setLookupLag(0);
  for (const symbol of faults.thinBooks) sim.control.setBookDepth({ symbol });
  for (const symbol of faults.lateRejections)
    sim.control.rejectAfterAck({ symbol, status: 'Rejected', count: 0 });
  for (const path of faults.squeezed) sim.control.setRateLimit(path, defaultLimits[path]!);
  Object.assign(faults, { latencyMs: baseLatencyMs, lookupLagMs: 0, streamFaults: false });
  faults.thinBooks.clear();
  faults.lateRejections.clear();
  faults.squeezed.clear();
}

/** The control routes this simulator answers (an unknown one is 404; a known one refuses `{}` with 400). */
async function probeRoutes(sim: Simulator, names: string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (const name of names) if ((await post(sim, name, {})).status !== 404) found.add(name);
  return found;
}

async function control(sim: Simulator, route: string, body: unknown): Promise<unknown> {
  const response = await post(sim, route, body);
  if (response.status === 404) return null;
  const answer = (await response.json()) as { ok: boolean; result?: unknown; error?: string };
  if (!answer.ok) throw new Error(`/__sim/${route}: ${answer.error}`);
  return answer.result ?? true;
}

function post(sim: Simulator, route: string, body: unknown): Promise<Response> {
  return fetch(`${sim.rest}/__sim/${route}`, { method: 'POST', body: JSON.stringify(body) });
}

function describeFindingLine(finding: Finding): string {
  return `! ${finding.violation.invariant} at step ${finding.step}: ${finding.violation.message}`;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
