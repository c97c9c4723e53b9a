import { events, type EventName, type EventPayload } from '../../../shared/contract';

export type AnyEventListener = (event: EventName, payload: unknown) => void;

/**
 * Typed fan-out of core events to the transports. Payloads are checked against the contract on the
 * way out so a bad event fails loudly in tests instead of confusing a window.
 */
export class EventBus {
  private readonly listeners = new Set<AnyEventListener>();

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    const checked = events[event].parse(payload);
    for (const listener of this.listeners) listener(event, checked);
  }

  subscribe(listener: AnyEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
