/**
 * The explorer's judge: runs the invariant checkers over the world after every step, and the ones that
 * need a quiet moment (I2 in full, I4, I6) at settle points and after restarts. Each finding is reported
 * once, with the step and the trace that led to it.
 */
import { executionsRecorded } from './invariants/executions-recorded';
import { GuardFold } from './invariants/guard';
import { realisedPnlMismatches } from './invariants/realised-pnl';
import { atRest, unsettledPositions } from './invariants/settled';
import { duplicateSends } from './invariants/wire-sends';
import type { Violation, World } from './invariants/world';
import type { AppUnderTest } from './app-under-test';
import { describeError } from './app-under-test';
import { unreachableBybit } from '../../electron/core/bybit-account/validate-api-key';
import type { KeyRing } from './explorer-context';
import type { Finding, Trace } from './trace';

/**
 * Fills younger than this are judged by I3 some steps later: an adoption stamped before them has committed
 * by then, however loaded the machine (a quiet point judges everything).
 */
const guardHorizonMs = 10_000;
/** An outside fill this close before its account's key was replaced need not have been logged. */
const replacedKeyGraceMs = 10_000;

/**
 * I3 judges a fill with the app's rows as they stood after it: never a fill newer than the rows' read (the
 * ledger is read after them, so it can hold fills whose adoptions or liquidation shares the rows miss yet;
 * those fills are judged at the next read).
 */
export function judgedUntil(world: World, until: number): number {
  return Math.min(until, world.db.readAt ?? Number.POSITIVE_INFINITY);
}

export class Judge {
  readonly findings: Finding[] = [];
  private readonly seen = new Set<string>();
  private readonly guard = new GuardFold();
  /** Per final position, what its I5 check last saw: unchanged rows are not summed again each step. */
  private readonly judgedFinal = new Map<number, string>();
  step = 0;
  /** The step's actions while they run: a finding made then (I6 after a rotation) names them. */
  doing: string | null = null;

  constructor(
    private readonly trace: Trace,
    private readonly keys: KeyRing,
    private readonly onFinding: (finding: Finding) => void,
  ) {}

  /** I1, I3, I5 and what I2 can say before a quiet point (doubled, misfiled, invented). */
  afterStep(world: World): void {
    this.report([
      ...duplicateSends(world.wireSends),
      ...executionsRecorded(world, { tenures: this.keys.tenures, complete: false }),
      ...this.guard.advance(world, judgedUntil(world, Date.now() - guardHorizonMs)),
      ...realisedPnlMismatches(this.changedFinal(world)),
    ]);
  }

  /** The world with only the CLOSED or FAILED positions whose row, trades or funding changed since. */
  private changedFinal(world: World): World {
    const counts = new Map<number, number>();
    for (const row of [...world.db.trades, ...world.db.funding])
      counts.set(row.positionId, (counts.get(row.positionId) ?? 0) + 1);
    const positions = world.db.positions.filter((p) => {
      if (p.status !== 'CLOSED' && p.status !== 'FAILED') return false;
      const seen = `${p.status}|${p.realizedPnl}|${counts.get(p.id) ?? 0}`;
      if (this.judgedFinal.get(p.id) === seen) return false;
      this.judgedFinal.set(p.id, seen);
      return true;
    });
    return { ...world, db: { ...world.db, positions } };
  }

  /** The Bybit account (UID) of the key stored in Synthex now. */
  private keyAccount(): string | null {
    return this.keys.accounts[this.keys.current]?.uid ?? null;
  }

  /** Every position at rest and every fill stored: the state a settle waits for. */
  quiet(world: World): boolean {
    return (
      world.db.positions.every((p) => atRest(p, this.keyAccount())) &&
      executionsRecorded(world, { tenures: this.keys.tenures, complete: true, graceMs: replacedKeyGraceMs })
        .length === 0
    );
  }

  /** At a quiet point (or when the bounded wait ran out): I2 in full, I3 up to now, I4. */
  atQuietPoint(world: World, waitedMs: number): void {
    this.afterStep(world);
    this.report([
      ...executionsRecorded(world, {
        tenures: this.keys.tenures,
        complete: true,
        graceMs: replacedKeyGraceMs,
      }),
      ...this.guard.advance(world, judgedUntil(world, Date.now())),
      ...unsettledPositions(world.db.positions, waitedMs, this.keyAccount()),
    ]);
  }

  /** I6: both databases reachable, and every stored API key decrypts and signs a request. */
  async health(app: AppUnderTest, why: string): Promise<void> {
    const problems: string[] = [];
    try {
      const status = await app.invoke('system.status', {});
      for (const db of [status.databases.user, status.databases.general])
        if (!db.reachable) problems.push(`the ${db.role} database is unreachable: ${db.message ?? ''}`);
      const { profiles } = await app.invoke('profiles.list', {});
      for (const profile of profiles) {
        const problem = await keyProblem(app, profile.id);
        // A signed read can meet a passing exchange fault: one more try before calling it a lost key.
        if (problem && (await sleepThen(1000, () => keyProblem(app, profile.id))))
          problems.push(`profile ${profile.id}'s key: ${problem}`);
      }
    } catch (error) {
      problems.push(`headless mode did not answer: ${describeError(error)}`);
    }
    this.report(
      problems.map((message) => ({
        invariant: 'I6' as const,
        key: `I6|${message}`,
        message: `${why}: ${message}`,
      })),
    );
  }

  /** I4: a contract call headless mode never answered (the explorer gave up waiting on it). */
  unanswered(channel: string): void {
    this.report([
      {
        invariant: 'I4',
        key: `I4|unanswered|${channel}`,
        message: `headless mode never answered a ${channel} call: a trader's screen would wait on it forever`,
      },
    ]);
  }

  /** A finding that ends the run (headless mode would not start again). */
  fatal(violation: Violation): void {
    this.report([violation]);
  }

  private report(violations: readonly Violation[]): void {
    for (const violation of violations) {
      if (this.seen.has(violation.key)) continue;
      this.seen.add(violation.key);
      const finding = {
        step: this.step,
        violation,
        happened: violation.at === undefined ? null : this.trace.since(violation.at),
        during: this.doing,
        trace: this.trace.upTo(violation.at),
      };
      this.findings.push(finding);
      this.onFinding(finding);
    }
  }
}

async function keyProblem(app: AppUnderTest, profileId: number): Promise<string | null> {
  const status = await app.invoke('credentials.get', { profileId, verify: true });
  if (!status.credential) return null;
  if (!status.check) return 'it was not checked';
  // Bybit's silence (a timeout, a refused connection) comes after the key was decrypted and a request signed
  // with it was sent (credentials-feature.ts `verify`): it says nothing about the key. On two busy cores the
  // simulator can be slow to answer; that is no lost key (I6 is about the vault).
  if (status.check.ok || status.check.message.startsWith(unreachableBybit)) return null;
  return status.check.message;
}

async function sleepThen<T>(ms: number, then: () => Promise<T>): Promise<T> {
  await new Promise((resolve) => setTimeout(resolve, ms));
  return then();
}
