import type { AcceptedThenFaultKind, FaultKind, WireSend } from '../types';

export type { FaultKind };

/** How long a `bookAfterTimeout` request is held before it is processed, unless failNext says. */
export const defaultBookDelayMs = 1000;

/** Queued one-shot faults per REST path, consumed in order by the next matching requests. */
export class FaultQueue {
  private readonly queue = new Map<string, { kind: FaultKind; remaining: number; delayMs?: number }[]>();

  add(path: string, kind: FaultKind, count = 1, delayMs?: number): void {
    const q = this.queue.get(path) ?? [];
    q.push({ kind, remaining: count, delayMs });
    this.queue.set(path, q);
  }

  take(path: string): FaultKind | null {
    return this.takeWithDelay(path)?.kind ?? null;
  }

  /** Like take, with the delay a `bookAfterTimeout` fault was queued with. */
  takeWithDelay(path: string): { kind: FaultKind; delayMs: number } | null {
    const q = this.queue.get(path);
    const head = q?.[0];
    if (!q || !head) return null;
    head.remaining -= 1;
    if (head.remaining <= 0) q.shift();
    return { kind: head.kind, delayMs: head.delayMs ?? defaultBookDelayMs };
  }

  clear(): void {
    this.queue.clear();
  }
}

const acceptedThenFaults: readonly AcceptedThenFaultKind[] = [
  'bookAfterTimeout',
  'http5xxAfterAccept',
  'retCode10000AfterAccept',
  'retCode10016AfterAccept',
  'nonJsonAfterAccept',
];

export function isAcceptedThenFault(kind: FaultKind | undefined): kind is AcceptedThenFaultKind {
  return acceptedThenFaults.includes(kind as AcceptedThenFaultKind);
}

const orderSendPaths = new Set(['/v5/order/create', '/v5/order/create-batch']);

/** Every orderLinkId that reached an order-create path, recorded before any check can refuse it. */
export class WireSends {
  readonly list: WireSend[] = [];

  /** Records the request's orderLinkIds; returns their entries so processing can mark which it booked. */
  record(path: string, rawBody: string, apiKey: string): WireSend[] {
    if (!orderSendPaths.has(path)) return [];
    let body: unknown;
    try {
      body = JSON.parse(rawBody);
    } catch {
      return [];
    }
    const items = path === '/v5/order/create' ? [body] : (body as { request?: unknown })?.request;
    if (!Array.isArray(items)) return [];
    const at = Date.now();
    const entries: WireSend[] = [];
    for (const item of items) {
      const id = (item as { orderLinkId?: unknown })?.orderLinkId;
      if (typeof id === 'string' && id !== '')
        entries.push({ path, orderLinkId: id, apiKey, at, booked: false });
    }
    this.list.push(...entries);
    return entries;
  }

  /** Marks the entries whose orderLinkId is among the orders this request booked. */
  markBooked(entries: readonly WireSend[], bookedLinkIds: ReadonlySet<string>): void {
    for (const entry of entries) if (bookedLinkIds.has(entry.orderLinkId)) entry.booked = true;
  }
}
