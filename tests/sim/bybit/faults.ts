import type { FaultKind } from '../types';

export type { FaultKind };

/** Queued one-shot faults per REST path, consumed in order by the next matching requests. */
export class FaultQueue {
  private readonly queue = new Map<string, { kind: FaultKind; remaining: number }[]>();

  add(path: string, kind: FaultKind, count = 1): void {
    const q = this.queue.get(path) ?? [];
    q.push({ kind, remaining: count });
    this.queue.set(path, q);
  }

  take(path: string): FaultKind | null {
    const q = this.queue.get(path);
    const head = q?.[0];
    if (!q || !head) return null;
    head.remaining -= 1;
    if (head.remaining <= 0) q.shift();
    return head.kind;
  }

  clear(): void {
    this.queue.clear();
  }
}
