import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import type { Engine } from './engine';
import type { KeyRecord } from './keys';
import { StateDecoder, StateEncoder, type Encoded } from './state-codec';

/**
 * The simulator's state in a file, so a restarted simulator is the same exchange (`--state-file`, and
 * `npm run demo -- --data-dir D`, which keeps it in D): the same keys and accounts (balances, positions,
 * leverage and modes), every order, execution and funding settlement, the prices and the clock skew.
 *
 * Generic on purpose: each state holder (the engine, its key store, the market, the funding clock, every
 * instrument) is saved as all its own data fields, minus the few that the seed rebuilds or that only run
 * (listed below). A field added to one of them later is saved without a change here; an object of an
 * unknown class is refused by name (state-codec.ts), never saved half. What is not saved: connections,
 * rate-limit windows, injected faults and the lookup lag (test instruments, not the exchange) and the random walks' streams
 * (the walk goes on from the saved prices with a fresh stream).
 */
const FORMAT = 'synthex-bybit-simulator-state';
const VERSION = 1;

/** Per holder, the fields rebuilt from the seed or alive only while running. */
const runtimeFields: Record<string, readonly string[]> = {
  engine: [
    'universe',
    'instruments',
    'instrumentsBySymbol',
    'market',
    'keys',
    'funding',
    // Rebuilt from the instruments' saved deliveryTime at restore.
    'delistings',
    // Market history is generated from the seed, anchored at this start (a restart serves a past
    // ending at the restart: nothing in it is account state).
    'history',
    'listeners',
    'timers',
    // The lookup lag is a test setting, not the exchange: a restarted simulator lags by its own default.
    'lookupLag',
  ],
  keys: [],
  market: ['rng', 'markRng', 'fundingClock'],
  fundingClock: [],
  instrument: [],
};

/** What a saved simulator needs besides its state: the seed its universe comes from, its key, its port. */
export interface SimStateMeta {
  seed: number;
  /** The key `npm run sim` prints (the same one after a restart). */
  mainApiKey: string;
  port: number;
}

interface StateDocument extends SimStateMeta {
  format: string;
  version: number;
  savedAt: string;
  holders: { [name: string]: { kind: string; fields: { [key: string]: Encoded } } };
}

function holdersOf(engine: Engine): [name: string, kind: string, holder: object][] {
  return [
    ['engine', 'engine', engine],
    ['keys', 'keys', engine.keys],
    ['market', 'market', engine.market],
    ['fundingClock', 'fundingClock', engine.funding.clock],
    ...engine.instruments.map((i) => [`instrument:${i.symbol}`, 'instrument', i] as [string, string, object]),
  ];
}

export function encodeSimState(engine: Engine, meta: SimStateMeta, now = new Date()): string {
  const encoder = new StateEncoder(new Map(engine.instruments.map((i) => [i as object, i.symbol])));
  const holders: StateDocument['holders'] = {};
  for (const [name, kind, holder] of holdersOf(engine))
    holders[name] = { kind, fields: encoder.fields(holder, name, new Set(runtimeFields[kind])) };
  const document: StateDocument = {
    format: FORMAT,
    version: VERSION,
    savedAt: now.toISOString(),
    ...meta,
    holders,
  };
  return JSON.stringify(document);
}

/** A saved simulator, read and checked; `restore` puts its state into a fresh engine built from `seed`. */
export interface SavedSim extends SimStateMeta {
  restore(engine: Engine): KeyRecord;
}

/** null when there is no file yet (a first start); a file that cannot be read is an error in words. */
export function readSimState(path: string): SavedSim | null {
  if (!existsSync(path)) return null;
  let document: StateDocument;
  try {
    document = JSON.parse(readFileSync(path, 'utf8')) as StateDocument;
    if (document.format !== FORMAT || document.version !== VERSION)
      throw new Error('not a state file of this version');
  } catch (error) {
    throw new Error(
      `The simulator state in ${path} cannot be read (${error instanceof Error ? error.message : String(error)}); ` +
        'move it away to start a fresh simulator.',
    );
  }
  return {
    seed: document.seed,
    mainApiKey: document.mainApiKey,
    port: document.port,
    restore(engine) {
      const decoder = new StateDecoder(new Map(engine.instruments.map((i) => [i.symbol, i as object])));
      const live = new Map(holdersOf(engine).map(([name, , holder]) => [name, holder]));
      for (const [name, saved] of Object.entries(document.holders)) {
        const holder = live.get(name);
        // An instrument this build no longer lists is left out, as Bybit would no longer list it.
        if (!holder) continue;
        for (const [field, value] of Object.entries(decoder.fields(saved.fields)))
          assignField(holder as Record<string, unknown>, field, value);
      }
      // What was booked before the restart has had its time to reach the lookups.
      engine.lookupLag.settledBefore(engine.now());
      // Delistings still to come are scheduled again (one whose time passed while stopped settles now).
      for (const inst of engine.instruments)
        if (
          inst.contractType === 'LinearPerpetual' &&
          inst.status === 'Trading' &&
          Number(inst.deliveryTime) > 0
        )
          engine.delistings.schedule(inst, Number(inst.deliveryTime), null);
      const key = engine.keys.get(document.mainApiKey);
      if (!key) throw new Error(`The simulator state in ${path} has lost its main key.`);
      return key;
    },
  };
}

/**
 * In place where the field is a container (a Map, an array, a plain object such as the clock): other
 * parts of the simulator hold the same object (the control API hands out `engine.clock`).
 */
function assignField(holder: Record<string, unknown>, field: string, value: unknown): void {
  const current = holder[field];
  if (current instanceof Map && value instanceof Map) {
    current.clear();
    for (const [k, v] of value) current.set(k, v);
  } else if (Array.isArray(current) && Array.isArray(value)) {
    current.length = 0;
    for (const item of value) current.push(item);
  } else if (isPlainObject(current) && isPlainObject(value)) {
    Object.assign(current, value);
  } else {
    holder[field] = value;
  }
}

const isPlainObject = (value: unknown): value is object =>
  typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;

/** Temp file, fsync, rename: a crash leaves the old state or the new one, never half of one. */
export function writeFileAtomically(path: string, text: string): void {
  const temp = `${path}.${process.pid}.tmp`;
  const fd = openSync(temp, 'w', 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, path);
}

export interface SimStateKeeper {
  /** Writes now (what changed since the last write). */
  save(): void;
  /** The last write, then no more. */
  close(): void;
}

/**
 * Keeps the file current: written at once, soon after every account change (each one is pushed on the
 * private stream, so the engine's private listener hears them all), every `intervalMs` for the prices,
 * and a last time on close.
 */
export function keepSimState(
  engine: Engine,
  path: string,
  meta: SimStateMeta,
  intervalMs = 2000,
): SimStateKeeper {
  let closed = false;
  let queued = false;
  const save = () => {
    if (!closed) writeFileAtomically(path, encodeSimState(engine, meta));
  };
  engine.onPrivate(() => {
    if (queued || closed) return;
    queued = true;
    setImmediate(() => {
      queued = false;
      save();
    });
  });
  const timer = setInterval(save, intervalMs);
  timer.unref();
  save();
  return {
    save,
    close() {
      clearInterval(timer);
      save();
      closed = true;
    },
  };
}
