import { D } from './decimal';
import { Account } from './accounts';

/**
 * A JSON encoding for the simulator's state objects that keeps what plain JSON loses: decimals, Maps, Sets,
 * dates, class instances (by name) and shared references (an order sits in its account's list, in two of
 * its indexes and in the ledger: it must come back as one object, not four copies). Instruments are
 * rebuilt from the seed, so a reference to one is saved as its symbol.
 */
export type Encoded = null | boolean | number | string | Encoded[] | { [key: string]: Encoded };

/** The classes state objects may be instances of; anything else is refused by name, never half-saved. */
const classes: Record<string, { prototype: object }> = { Account };

type Tagged = { $: string; id?: number; cls?: string; v?: Encoded };

const isTagged = (value: Encoded): value is Tagged & Encoded =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && typeof value.$ === 'string';

export class StateEncoder {
  private readonly ids = new Map<object, number>();

  constructor(private readonly instruments: ReadonlyMap<object, string>) {}

  encode(value: unknown, where: string): Encoded {
    if (value === undefined) return { $: 'undefined' };
    if (value === null || typeof value === 'boolean' || typeof value === 'string') return value;
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) return { $: 'number', v: String(value) };
      return value;
    }
    if (typeof value !== 'object') throw new Error(`${where}: a ${typeof value} cannot be saved`);
    if (D.isDecimal(value)) return { $: 'dec', v: (value as InstanceType<typeof D>).toFixed() };
    if (value instanceof Date) return { $: 'date', v: value.toISOString() };
    const symbol = this.instruments.get(value);
    if (symbol !== undefined) return { $: 'inst', v: symbol };
    const seen = this.ids.get(value);
    if (seen !== undefined) return { $: 'ref', v: seen };
    const id = this.ids.size + 1;
    this.ids.set(value, id);
    if (Array.isArray(value))
      return { $: 'arr', id, v: value.map((item, i) => this.encode(item, `${where}[${i}]`)) };
    if (value instanceof Map)
      return {
        $: 'map',
        id,
        v: [...value].map(([k, v]) => [
          this.encode(k, `${where} key`),
          this.encode(v, `${where}.${String(k)}`),
        ]),
      };
    if (value instanceof Set)
      return { $: 'set', id, v: [...value].map((item) => this.encode(item, `${where} item`)) };
    const prototype = Object.getPrototypeOf(value) as object | null;
    const plain = prototype === Object.prototype || prototype === null;
    const cls = plain
      ? undefined
      : Object.keys(classes).find((name) => classes[name]!.prototype === prototype);
    if (!plain && cls === undefined)
      throw new Error(
        `${where}: a ${(value as object).constructor?.name ?? 'class'} instance cannot be saved; add its class to ` +
          'state-codec.ts, or its field to the runtime fields of sim-state.ts if it is rebuilt at start',
      );
    return { $: 'obj', id, ...(cls && { cls }), v: this.fields(value as Record<string, unknown>, where) };
  }

  /** Every own data field, functions left out (they are behaviour, not state). */
  fields(value: object, where: string, skip: ReadonlySet<string> = new Set()): { [key: string]: Encoded } {
    const out: { [key: string]: Encoded } = {};
    for (const [key, field] of Object.entries(value)) {
      if (skip.has(key) || typeof field === 'function') continue;
      out[key] = this.encode(field, `${where}.${key}`);
    }
    return out;
  }
}

export class StateDecoder {
  private readonly objects = new Map<number, unknown>();

  constructor(private readonly instruments: ReadonlyMap<string, object>) {}

  decode(value: Encoded): unknown {
    if (!isTagged(value)) {
      if (Array.isArray(value) || (typeof value === 'object' && value !== null))
        throw new Error('the state file holds an untagged object');
      return value;
    }
    const { $: tag, id, v } = value;
    switch (tag) {
      case 'undefined':
        return undefined;
      case 'number':
        return Number(v);
      case 'dec':
        return new D(v as string);
      case 'date':
        return new Date(v as string);
      case 'inst': {
        const instrument = this.instruments.get(v as string);
        if (!instrument) throw new Error(`the state file names an unknown instrument ${String(v)}`);
        return instrument;
      }
      case 'ref':
        if (!this.objects.has(v as number))
          throw new Error(`the state file refers to a missing object ${String(v)}`);
        return this.objects.get(v as number);
      case 'arr': {
        const out: unknown[] = [];
        this.objects.set(id!, out);
        for (const item of v as Encoded[]) out.push(this.decode(item));
        return out;
      }
      case 'map': {
        const out = new Map<unknown, unknown>();
        this.objects.set(id!, out);
        for (const [k, item] of v as [Encoded, Encoded][]) out.set(this.decode(k), this.decode(item));
        return out;
      }
      case 'set': {
        const out = new Set<unknown>();
        this.objects.set(id!, out);
        for (const item of v as Encoded[]) out.add(this.decode(item));
        return out;
      }
      case 'obj': {
        const cls = value.cls === undefined ? undefined : classes[value.cls];
        if (value.cls !== undefined && !cls)
          throw new Error(`the state file holds an unknown class ${value.cls}`);
        const out = Object.create(cls ? cls.prototype : Object.prototype) as Record<string, unknown>;
        this.objects.set(id!, out);
        Object.assign(out, this.fields(v as { [key: string]: Encoded }));
        return out;
      }
      default:
        throw new Error(`the state file holds an unknown tag ${tag}`);
    }
  }

  fields(encoded: { [key: string]: Encoded }): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(encoded)) out[key] = this.decode(field);
    return out;
  }
}
