import type { Page } from '@playwright/test';

/** One call the page made over its WebSocket, and the answer it got. */
export interface Call<Payload = Record<string, unknown>, Result = unknown> {
  payload: Payload;
  result?: Result;
}

/**
 * Every call of `channel` the page sends over its WebSocket, with the result it is answered with: what
 * the page was shown, to the last digit, to check the screen against.
 */
export function recordCalls<Payload = Record<string, unknown>, Result = unknown>(
  page: Page,
  channel: string,
): Call<Payload, Result>[] {
  const calls: Call<Payload, Result>[] = [];
  page.on('websocket', (socket) => {
    const byId = new Map<number, Call<Payload, Result>>();
    socket.on('framesent', (frame) => {
      const message = JSON.parse(String(frame.payload)) as {
        id?: number;
        channel?: string;
        payload?: Payload;
      };
      if (message.channel !== channel || message.id === undefined) return;
      const call: Call<Payload, Result> = { payload: message.payload! };
      byId.set(message.id, call);
      calls.push(call);
    });
    socket.on('framereceived', (frame) => {
      const message = JSON.parse(String(frame.payload)) as { id?: number; ok?: boolean; result?: Result };
      const call = message.id === undefined ? undefined : byId.get(message.id);
      if (call && message.ok) call.result = message.result;
    });
  });
  return calls;
}

/** The newest answered call whose payload matches. */
export function lastAnswer<Payload, Result>(
  calls: readonly Call<Payload, Result>[],
  matches: (payload: Payload) => boolean = () => true,
): Result | undefined {
  return calls.filter((call) => call.result !== undefined && matches(call.payload)).at(-1)?.result;
}
