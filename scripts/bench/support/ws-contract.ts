import { WebSocket } from 'ws';
import type { ChannelName, RequestOf, ResponseOf } from '../../../shared/contract';

/** The contract over headless mode's WebSocket, as a browser tab speaks it (for benches of the real process). */
export async function connectContract(pageUrl: string) {
  const url = new URL(pageUrl);
  const socket = new WebSocket(`ws://${url.host}/ws?token=${url.searchParams.get('token')}`);
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  let next = 1;
  const waiting = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  socket.on('message', (data) => {
    const frame = JSON.parse(String(data)) as {
      id?: number;
      ok?: boolean;
      result?: unknown;
      error?: { message: string };
    };
    if (frame.id === undefined) return;
    const waiter = waiting.get(frame.id);
    waiting.delete(frame.id);
    if (frame.ok) waiter?.resolve(frame.result);
    else waiter?.reject(new Error(frame.error?.message ?? 'refused'));
  });
  return {
    invoke<C extends ChannelName>(channel: C, payload: RequestOf<C>): Promise<ResponseOf<C>> {
      const id = next++;
      socket.send(JSON.stringify({ id, channel, payload }));
      return new Promise((resolve, reject) =>
        waiting.set(id, { resolve: resolve as (value: unknown) => void, reject }),
      );
    },
    close: () => socket.close(),
  };
}
