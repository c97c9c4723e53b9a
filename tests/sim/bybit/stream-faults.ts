import type { PrivateTopic } from './engine';
import { createRng, type Rng } from './rng';

export type StreamFaultKind = 'drop' | 'duplicate' | 'reorder';

export const PRIVATE_TOPIC_NAMES: readonly PrivateTopic[] = ['order', 'execution', 'position', 'wallet'];

/** How long a reordered frame waits for a later one to overtake it before it is sent anyway. */
export const REORDER_HOLD_MS = 250;

export interface StreamFaultRates {
  drop: number;
  duplicate: number;
  reorder: number;
  topics: readonly PrivateTopic[];
  /** Only this account's pushes; null = every account. */
  uid: string | null;
  seed: number;
}

interface OneShot {
  topic: PrivateTopic;
  kind: StreamFaultKind;
  remaining: number;
  uid: string | null;
}

/**
 * Transport faults of the private stream, decided per frame and per connection: dropped, sent twice,
 * or held back until the next frame on that connection has gone out. Only delivery is touched: the
 * engine's state (and so REST and every `seq`) stays the truth a client must recover from.
 * One-shot faults come first; then the seeded rates, drawn only for frames they apply to, so the same
 * seed and the same sequence of pushes give the same faults.
 */
export class PrivateStreamFaults {
  private rates: StreamFaultRates | null = null;
  private rng: Rng = createRng(1);
  private readonly oneShots: OneShot[] = [];

  setRates(rates: StreamFaultRates): void {
    for (const p of [rates.drop, rates.duplicate, rates.reorder])
      if (!(p >= 0 && p <= 1)) throw new RangeError('fault probabilities must be within [0, 1]');
    if (rates.drop + rates.duplicate + rates.reorder > 1)
      throw new RangeError('drop + duplicate + reorder must not exceed 1');
    const off = rates.drop + rates.duplicate + rates.reorder === 0;
    this.rates = off ? null : { ...rates, topics: [...rates.topics] };
    this.rng = createRng(rates.seed);
  }

  queue(topic: PrivateTopic, kind: StreamFaultKind, count: number, uid: string | null): void {
    if (!Number.isInteger(count) || count < 1) throw new RangeError('count must be a whole number >= 1');
    this.oneShots.push({ topic, kind, remaining: count, uid });
  }

  clear(): void {
    this.rates = null;
    this.oneShots.length = 0;
  }

  decide(uid: string, topic: PrivateTopic): StreamFaultKind | null {
    const shot = this.oneShots.find((s) => s.topic === topic && (s.uid === null || s.uid === uid));
    if (shot) {
      shot.remaining -= 1;
      if (shot.remaining === 0) this.oneShots.splice(this.oneShots.indexOf(shot), 1);
      return shot.kind;
    }
    const r = this.rates;
    if (!r || !r.topics.includes(topic) || (r.uid !== null && r.uid !== uid)) return null;
    const x = this.rng();
    if (x < r.drop) return 'drop';
    if (x < r.drop + r.duplicate) return 'duplicate';
    if (x < r.drop + r.duplicate + r.reorder) return 'reorder';
    return null;
  }
}
