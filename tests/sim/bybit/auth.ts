import { createHmac, timingSafeEqual, verify } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { CODE, MSG, SimError } from './errors';
import type { Environment, KeyRecord, KeyStore } from './keys';

/** Missing or malformed auth headers: Bybit answers HTTP 401 (docs/bybit-v5.md §1 status codes). */
export class AuthHeaderError extends Error {}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

export function hmacHex(secret: string, payload: string): string {
  return createHmac('sha256', secret).update(payload).digest('hex');
}

/** The algorithm follows the key type, not X-BAPI-SIGN-TYPE (docs/bybit-v5.md §1): HMAC hex, or RSA base64. */
function signatureMatches(key: KeyRecord, payload: string, signature: string): boolean {
  if (key.rsaPublicKey) {
    try {
      return verify('sha256', Buffer.from(payload), key.rsaPublicKey, Buffer.from(signature, 'base64'));
    } catch {
      return false;
    }
  }
  return safeEqual(hmacHex(key.apiSecret, payload), signature);
}

function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

/**
 * Verifies a private REST request exactly as docs/bybit-v5.md §1 says: HMAC-SHA256 hex (or RSA base64) over
 * timestamp + apiKey + recvWindow + (raw query string | raw body), time window
 * server − recvWindow ≤ timestamp < server + 1000. X-BAPI-SIGN-TYPE and x-referer are ignored.
 */
export function verifyRest(opts: {
  keys: KeyStore;
  environment: Environment;
  headers: IncomingHttpHeaders;
  method: string;
  rawQuery: string;
  rawBody: string;
  serverTime: number;
}): KeyRecord {
  const apiKey = header(opts.headers, 'X-BAPI-API-KEY');
  const sign = header(opts.headers, 'X-BAPI-SIGN');
  const tsRaw = header(opts.headers, 'X-BAPI-TIMESTAMP');
  const rwRaw = header(opts.headers, 'X-BAPI-RECV-WINDOW') ?? '5000';
  if (!apiKey || !sign || !tsRaw || !/^\d+$/.test(tsRaw) || !/^\d+$/.test(rwRaw)) {
    throw new AuthHeaderError('missing or invalid auth headers');
  }
  const key = opts.keys.get(apiKey);
  // A key of another environment (mainnet / testnet / demo) is unknown here, as on Bybit.
  if (!key || key.environment !== opts.environment) throw new SimError(CODE.apiKey, MSG.apiKeyInvalid);
  const ts = Number(tsRaw);
  const recvWindow = Number(rwRaw);
  const server = opts.serverTime;
  if (!(server - recvWindow <= ts && ts < server + 1000)) {
    throw new SimError(
      CODE.timestamp,
      `invalid request, please check your server timestamp or recv_window param. req_timestamp[${ts}],server_timestamp[${server}],recv_window[${recvWindow}]`,
    );
  }
  const payload = opts.method === 'GET' ? opts.rawQuery : opts.rawBody;
  const origin = `${tsRaw}${apiKey}${rwRaw}${payload}`;
  if (!signatureMatches(key, origin, sign)) {
    throw new SimError(CODE.sign, `error sign! origin_string[${origin}]`);
  }
  if (key.expiresAt !== null && Date.parse(key.expiresAt) <= Date.now()) {
    throw new SimError(CODE.keyExpired, MSG.keyExpired);
  }
  return key;
}

/** Private WebSocket auth: args [apiKey, expires(ms), hex(HMAC(secret, "GET/realtime" + expires))]. */
export function verifyWsAuth(
  keys: KeyStore,
  environment: Environment,
  args: unknown,
  now: number,
): KeyRecord | null {
  if (!Array.isArray(args) || args.length !== 3) return null;
  const [apiKey, expires, signature] = args as unknown[];
  if (typeof apiKey !== 'string' || typeof signature !== 'string') return null;
  const exp = typeof expires === 'number' ? expires : typeof expires === 'string' ? Number(expires) : NaN;
  if (!Number.isFinite(exp) || exp <= now) return null;
  const key = keys.get(apiKey);
  if (!key || key.environment !== environment) return null;
  if (key.expiresAt !== null && Date.parse(key.expiresAt) <= Date.now()) return null;
  return signatureMatches(key, `GET/realtime${String(expires)}`, signature) ? key : null;
}
