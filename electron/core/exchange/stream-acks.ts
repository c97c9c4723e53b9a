/**
 * Waiting for Bybit to acknowledge a subscription. The SDK's own promise resolves when the socket is
 * open, before the subscription (and before the private login), so the acknowledgement itself is
 * awaited here: resolved by the `subscribe` responses that name every topic, rejected by a refused
 * login, a refused subscription of one of these topics, or silence.
 */
import { ExchangeError } from './errors';
import type { EndpointWebsocketClient } from './sdk-clients';

export type StreamName = 'public' | 'private';

export function wsKeyOf(stream: StreamName): 'v5LinearPublic' | 'v5Private' {
  return stream === 'public' ? 'v5LinearPublic' : 'v5Private';
}

interface AckMessage {
  wsKey?: string;
  op?: string;
  success?: boolean;
  req_id?: unknown;
  ret_msg?: unknown;
}

/** The topics a request carried: the SDK's req_id is its topics joined by ','. */
function topicsOf(message: AckMessage): string[] {
  return typeof message.req_id === 'string' && message.req_id !== '' ? message.req_id.split(',') : [];
}

function refusedLogin(detail: string): ExchangeError {
  return new ExchangeError({
    code: 'UNAUTHORIZED',
    retryable: false,
    detail,
    message: "Bybit refused the private stream login. Check the API key and this computer's clock.",
  });
}

function refusedSubscription(stream: StreamName, detail: string): ExchangeError {
  return new ExchangeError({
    code: 'EXCHANGE_ERROR',
    retryable: false,
    detail,
    message: `Bybit refused the ${stream} stream subscription${detail ? ` (${detail})` : ''}.`,
  });
}

/** Resolves once every topic is acknowledged; `signal` abandons the wait (it then never settles). */
export function awaitAck(
  ws: EndpointWebsocketClient,
  topics: string[],
  stream: StreamName,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<void> {
  const wsKey = wsKeyOf(stream);
  return new Promise<void>((resolve, reject) => {
    const pending = new Set(topics);
    const finish = (error?: ExchangeError | 'abandoned') => {
      clearTimeout(timer);
      ws.off('response', onResponse);
      ws.off('exception', onException);
      signal?.removeEventListener('abort', onAbort);
      if (error === 'abandoned') return;
      if (error) reject(error);
      else resolve();
    };
    const onAbort = () => finish('abandoned');
    const onResponse = (message: AckMessage) => {
      if (message?.wsKey !== wsKey || message.op !== 'subscribe' || message.success === false) return;
      for (const topic of topicsOf(message)) pending.delete(topic);
      if (pending.size === 0) finish();
    };
    const onException = (message: AckMessage) => {
      if (message?.wsKey !== wsKey) return;
      const detail = typeof message.ret_msg === 'string' ? message.ret_msg : '';
      if (message.op === 'auth') return finish(refusedLogin(detail));
      if (message.op !== 'subscribe') return;
      // Another caller's refused request is not ours (a reply without req_id cannot be placed: take it).
      const named = topicsOf(message);
      if (named.length === 0 || named.some((topic) => pending.has(topic)))
        finish(refusedSubscription(stream, detail));
    };
    const timer = setTimeout(
      () =>
        finish(
          new ExchangeError({
            code: 'TIMEOUT',
            retryable: true,
            message: `Bybit did not confirm the ${stream} stream subscription in time.`,
          }),
        ),
      timeoutMs,
    );
    timer.unref?.();
    if (signal?.aborted) return finish('abandoned');
    signal?.addEventListener('abort', onAbort);
    ws.on('response', onResponse);
    ws.on('exception', onException);
  });
}
