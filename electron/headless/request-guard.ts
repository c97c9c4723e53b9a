import type { IncomingMessage } from 'node:http';
import type { LogFields, Logger } from '../core/util/logger';

const loopbackNames = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * True when the Host header names this machine's loopback. A page on another site that resolves its own
 * name to 127.0.0.1 (DNS rebinding) sends its own name here, and is refused before anything is served.
 */
export function isLoopbackHost(request: IncomingMessage): boolean {
  const host = request.headers.host;
  if (!host) return false;
  try {
    return loopbackNames.has(new URL(`http://${host}`).hostname);
  } catch {
    return false;
  }
}

/** The path and query of a request, split by hand: `new URL` would read `//x/y` as a host. */
export function splitRequestTarget(
  url: string | undefined,
): { rawPath: string; query: URLSearchParams } | null {
  const target = url ?? '/';
  if (!target.startsWith('/')) return null;
  const at = target.indexOf('?');
  return {
    rawPath: at < 0 ? target : target.slice(0, at),
    query: new URLSearchParams(at < 0 ? '' : target.slice(at + 1)),
  };
}

/**
 * A warning that can be triggered from outside (any local process can knock on the port) is logged at
 * most once per `key` per interval, with the number left out since, so it cannot flood the log.
 */
export function rateLimitedWarning(logger: Logger, intervalMs = 60_000, now = () => Date.now()) {
  const last = new Map<string, { at: number; suppressed: number }>();
  return (key: string, message: string, fields: LogFields = {}): void => {
    const seen = last.get(key);
    const time = now();
    if (seen && time - seen.at < intervalMs) {
      seen.suppressed += 1;
      return;
    }
    last.set(key, { at: time, suppressed: 0 });
    logger.warn(message, seen?.suppressed ? { ...fields, suppressedSinceLast: seen.suppressed } : fields);
  };
}
