import type { PrivateTopic } from './engine';

/**
 * Extension: when an account's client could first have seen a fill. Bybit tells a client of a fill only by a
 * private push (an execution, or a position state after it) or by a REST read of positions made after it (a
 * read of executions may not list it yet: lookups lag); a push the transport dropped tells it nothing. The
 * explorer's pre-trade oracle (I3) judges an order against the account as its sender could have known it.
 */
export interface Sighting {
  uid: string;
  /** What showed the account's state: a push on a private topic, or a REST read of a path. */
  via: string;
  /** The symbols whose state it showed; null for all of the account's (a REST read of every position). */
  symbols: string[] | null;
  /** The executions it named (an execution push). */
  execIds: string[];
  /** Simulator time of the state it showed: every fill at or before it is in it (position pushes, reads). */
  stateAt: number | null;
  /** Local ms when it went out to the client. */
  deliveredAt: number;
}

/** REST reads that show every fill of the account up to the moment they are answered. */
export const accountReadPaths = new Set(['/v5/position/list']);

export class Sightings {
  readonly list: Sighting[] = [];

  /** A private push that went out; `data` as pushed (execution rows name their fills, position rows a state). */
  pushed(uid: string, topic: PrivateTopic, data: readonly unknown[], stateAt: number): void {
    if (topic !== 'execution' && topic !== 'position') return;
    const rows = data as readonly { symbol?: string; execId?: string }[];
    this.list.push({
      uid,
      via: topic,
      symbols: [...new Set(rows.flatMap((row) => (row.symbol ? [row.symbol] : [])))],
      execIds: topic === 'execution' ? rows.flatMap((row) => (row.execId ? [row.execId] : [])) : [],
      stateAt: topic === 'position' ? stateAt : null,
      deliveredAt: Date.now(),
    });
  }

  /** A REST read of the account's positions, answered with the state at `stateAt`. */
  read(uid: string, path: string, stateAt: number, deliveredAt: number): void {
    if (!accountReadPaths.has(path)) return;
    this.list.push({ uid, via: path, symbols: null, execIds: [], stateAt, deliveredAt });
  }
}
