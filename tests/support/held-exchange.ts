import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A pass-through in front of the simulator's REST that can hold answers: the request reaches the
 * simulator at once (so its timestamp is checked on arrival and an order is booked, as on Bybit), and
 * its answer waits here until the test releases it. It is latency whose end the test chooses, so a
 * race test can run another call to completion while this one is provably in flight, without waiting
 * on wall-clock time.
 */
export interface HeldExchange {
  /** The REST base URL to give the app instead of the simulator's. */
  url: string;
  /** From now on, answers to paths that start with `pathPrefix` are held until `release()`. */
  hold(pathPrefix: string): void;
  /** How many answers are being held now. */
  held(): number;
  /** Sends every held answer and stops holding. */
  release(): void;
  close(): Promise<void>;
}

export async function startHeldExchange(target: string): Promise<HeldExchange> {
  const upstream = new URL(target);
  let holding: string | null = null;
  const waiting: (() => void)[] = [];

  const forward = (incoming: IncomingMessage, outgoing: ServerResponse) => {
    const hold = holding !== null && (incoming.url ?? '').startsWith(holding);
    const proxied = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: incoming.method,
        path: incoming.url,
        headers: { ...incoming.headers, host: upstream.host },
      },
      (answer) => {
        const send = () => {
          outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(outgoing);
        };
        if (hold) {
          answer.pause();
          waiting.push(send);
        } else send();
      },
    );
    proxied.on('error', () => outgoing.destroy());
    incoming.pipe(proxied);
  };

  const server = createServer(forward);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${upstream.pathname.replace(/\/$/, '')}`,
    hold: (pathPrefix) => {
      holding = pathPrefix;
    },
    held: () => waiting.length,
    release: () => {
      holding = null;
      for (const send of waiting.splice(0)) send();
    },
    close: async () => {
      holding = null;
      for (const send of waiting.splice(0)) send();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
