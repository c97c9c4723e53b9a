/** The explorer's memory of a run: the last actions and events (for a violation's report) and the tally. */
import { createRng } from '../sim/bybit/rng';
import type { InvariantId, Violation } from './invariants/world';

/**
 * The uniform draws of one step, a pure function of the seed and the step alone: however a step was
 * interpreted against the app's state, the next step draws the same numbers on a replay.
 */
export function stepDraws(seed: number, step: number, count: number): number[] {
  const random = createRng((Math.imul(seed, 0x9e3779b1) ^ Math.imul(step, 0x85ebca77)) >>> 0);
  random(); // the first output of a fresh mulberry32 barely depends on its seed's high bits
  return Array.from({ length: count }, () => random());
}

/** A weighted choice from a table for a draw u in [0, 1). */
export function weighted<T extends { weight: number }>(table: readonly T[], u: number): T {
  const total = table.reduce((sum, entry) => sum + entry.weight, 0);
  let at = u * total;
  for (const entry of table) {
    at -= entry.weight;
    if (at < 0) return entry;
  }
  return table.at(-1)!;
}

/**
 * The recent actions and events, each stamped with its step and time. A finding shows the `shown` lines
 * leading up to when its violation happened: a fill judged some steps later (I3 waits for fills to age)
 * still gets the actions that led to it.
 */
export class Trace {
  private readonly lines: { at: number; text: string }[] = [];
  private static readonly kept = 400;
  constructor(
    private readonly startedAt: number,
    private readonly shown: number,
    private readonly echo: ((line: string) => void) | null,
  ) {}

  add(step: number, text: string): void {
    const at = Date.now();
    const line = `#${step} +${((at - this.startedAt) / 1000).toFixed(1)}s ${text}`;
    this.lines.push({ at, text: line });
    if (this.lines.length > Trace.kept) this.lines.shift();
    this.echo?.(line);
  }

  /** The lines up to a moment (and a second after it, for the answers), or up to now. */
  upTo(at = Number.POSITIVE_INFINITY): string[] {
    return this.lines
      .filter((line) => line.at <= at + 1000)
      .slice(-this.shown)
      .map((line) => line.text);
  }

  /** Seconds since the run started, as the trace prints them. */
  since(at: number): string {
    return `+${((at - this.startedAt) / 1000).toFixed(1)}s`;
  }
}

export interface Finding {
  /** The step it was found at (a fill is judged once it is some seconds old). */
  step: number;
  violation: Violation;
  /** When the violating event happened, as the trace prints times (null: when it was found). */
  happened: string | null;
  /** The step's actions, when it was found while they ran. */
  during: string | null;
  trace: string[];
}

export interface Tally {
  seed: number;
  steps: number;
  elapsedMs: number;
  actions: Record<string, number>;
  faults: Record<string, number>;
  kills: { app: number; group: number };
  restarts: number;
  settles: number;
  violations: Partial<Record<InvariantId, number>>;
  positions: Record<string, number>;
  fills: number;
  wireSends: number;
  /** Where the time went: setting up, the actions (restarts included), pauses, settles, reads and checks. */
  timeMs: { setup: number; actions: number; pauses: number; settles: number; checks: number };
  /** Time spent in each kind of action or event (two at once both count). */
  actionMs: Record<string, number>;
}

export function emptyTally(seed: number): Tally {
  return {
    seed,
    steps: 0,
    elapsedMs: 0,
    actions: {},
    faults: {},
    kills: { app: 0, group: 0 },
    restarts: 0,
    settles: 0,
    violations: {},
    positions: {},
    fills: 0,
    wireSends: 0,
    timeMs: { setup: 0, actions: 0, pauses: 0, settles: 0, checks: 0 },
    actionMs: {},
  };
}

export function count(into: Record<string, number>, key: string): void {
  into[key] = (into[key] ?? 0) + 1;
}

export function describeFinding(seed: number, finding: Finding): string {
  const { step, violation, trace } = finding;
  return [
    `VIOLATION ${violation.invariant} at step ${step} of seed ${seed}${finding.during ? `, during ${finding.during}` : ''}${finding.happened ? ` (it happened at ${finding.happened})` : ''}`,
    `  ${violation.message}`,
    `  the last ${trace.length} actions and events:`,
    ...trace.map((line) => `    ${line}`),
    `  replay: npm run explore -- --seed ${seed} --steps ${step} --replay`,
  ].join('\n');
}

export function describeTally(tally: Tally): string {
  const list = (record: Record<string, number>) =>
    Object.entries(record)
      .sort(([, a], [, b]) => b - a)
      .map(([name, n]) => `${name} ${n}`)
      .join(', ') || 'none';
  const violations = Object.values(tally.violations).reduce((sum, n) => sum + n, 0);
  return [
    `seed ${tally.seed}: ${tally.steps} steps in ${(tally.elapsedMs / 1000).toFixed(0)} s`,
    `  actions: ${list(tally.actions)}`,
    `  faults: ${list(tally.faults)}`,
    `  kills: ${tally.kills.app} of the app, ${tally.kills.group} of its process group; ${tally.restarts} restarts; ${tally.settles} settles`,
    `  positions: ${list(tally.positions)}; ${tally.fills} fills, ${tally.wireSends} orders on the wire`,
    `  violations: ${violations}${violations ? ` (${list(tally.violations as Record<string, number>)})` : ''}`,
    `  time (s): ${Object.entries(tally.timeMs)
      .map(([phase, ms]) => `${phase} ${(ms / 1000).toFixed(1)}`)
      .join(', ')}; slowest actions: ${Object.entries(tally.actionMs)
      .sort(([, a], [, b]) => b - a)
      .slice(0, 5)
      .map(([name, ms]) => `${name} ${(ms / 1000).toFixed(1)}`)
      .join(', ')}`,
  ].join('\n');
}
