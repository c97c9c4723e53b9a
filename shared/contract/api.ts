import type { EventPayload, RequestOf, ResponseOf } from './channels';
import type { ContractError } from './errors';
import type { ChannelName, EventName } from './names';

/**
 * The only surface the renderer has: `window.synthex` in the desktop app, a WebSocket client in a browser.
 * Rejections are always `SynthexError`s.
 */
export interface SynthexApi {
  invoke<C extends ChannelName>(channel: C, payload: RequestOf<C>): Promise<ResponseOf<C>>;
  /** Subscribes to an event; returns the unsubscribe function. */
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

/** Names of the IPC channels used by the Electron binding (one invoke channel, one event channel). */
export const ipcInvokeChannel = 'synthex:invoke';
export const ipcEventChannel = 'synthex:event';

/** One IPC channel per contract channel, so a name outside the contract never reaches a handler. */
export const ipcChannelFor = (channel: string) => `${ipcInvokeChannel}:${channel}`;

/** A call's reply with its result typed by channel. */
export type TypedReply<T> = { ok: true; result: T } | { ok: false; error: ContractError };

/**
 * What the preload puts on `window.synthex`. Errors come back as replies, not rejections, because
 * contextBridge strips everything but the message from a thrown error; the renderer client turns
 * them into `SynthexError`s.
 */
export interface SynthexBridge {
  invoke<C extends ChannelName>(channel: C, payload: RequestOf<C>): Promise<TypedReply<ResponseOf<C>>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}
