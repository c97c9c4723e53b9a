/**
 * Every way a Bybit call can fail, as one typed error with a sentence a trader understands.
 * Business errors come from the envelope's `retCode`; transport errors from HTTP statuses and the network.
 */

export type ExchangeErrorCode =
  | 'INVALID_PARAMETER'
  | 'CLOCK_SKEW'
  | 'INVALID_API_KEY'
  | 'INVALID_SIGNATURE'
  | 'PERMISSION_DENIED'
  | 'RATE_LIMITED'
  | 'IP_NOT_ALLOWED'
  | 'SYMBOL_NOT_WHITELISTED'
  | 'DEMO_NOT_SUPPORTED'
  | 'ORDER_NOT_FOUND'
  | 'PRICE_OUT_OF_RANGE'
  | 'INSUFFICIENT_BALANCE'
  | 'REDUCE_ONLY_VIOLATION'
  | 'TOO_MANY_ORDERS'
  | 'MODE_BLOCKED_BY_POSITION'
  | 'MODE_BLOCKED_BY_ORDERS'
  | 'MODE_NOT_MODIFIED'
  | 'LEVERAGE_NOT_MODIFIED'
  | 'DUPLICATE_ORDER_LINK_ID'
  | 'BELOW_MIN_ORDER_VALUE'
  | 'CONTRACT_NOT_LIVE'
  | 'SPOT_BALANCE_INSUFFICIENT'
  | 'SPOT_BELOW_MINIMUM'
  | 'EXCHANGE_ERROR'
  | 'IP_BANNED'
  | 'UNAUTHORIZED'
  | 'NOT_FOUND'
  | 'BAD_REQUEST'
  | 'SYSTEM_PROTECTION'
  | 'SERVER_ERROR'
  | 'TIMEOUT'
  | 'NETWORK'
  | 'INVALID_ORDER'
  | 'NO_API_KEY'
  | 'OUTCOME_UNKNOWN';

export interface ExchangeErrorInit {
  code: ExchangeErrorCode;
  message: string;
  retryable: boolean;
  retCode?: number | null;
  httpStatus?: number | null;
  /** Bybit's own text (retMsg or status text), for logs and support; never shown as the headline. */
  detail?: string;
  /** When the condition is expected to clear (ms since epoch, local clock), if known. */
  retryAfter?: number | null;
  /** True when the request may have been executed although no answer arrived. */
  outcomeUnknown?: boolean;
}

export class ExchangeError extends Error {
  readonly code: ExchangeErrorCode;
  readonly retCode: number | null;
  readonly httpStatus: number | null;
  readonly retryable: boolean;
  readonly detail: string;
  readonly retryAfter: number | null;
  readonly outcomeUnknown: boolean;

  constructor(init: ExchangeErrorInit) {
    super(init.message);
    this.name = 'ExchangeError';
    this.code = init.code;
    this.retCode = init.retCode ?? null;
    this.httpStatus = init.httpStatus ?? null;
    this.retryable = init.retryable;
    this.detail = init.detail ?? '';
    this.retryAfter = init.retryAfter ?? null;
    this.outcomeUnknown = init.outcomeUnknown ?? false;
  }

  /** Plain data for logs and the IPC contract (no stack, no request options). */
  toJSON(): Record<string, unknown> {
    return {
      code: this.code,
      retCode: this.retCode,
      httpStatus: this.httpStatus,
      retryable: this.retryable,
      message: this.message,
      detail: this.detail,
    };
  }
}

interface RetCodeEntry {
  code: ExchangeErrorCode;
  retryable: boolean;
  message: string;
  /** Bybit may have carried the request out although it answered this (server-side trouble). */
  outcomeUnknown?: boolean;
}

/** Every retCode in docs/bybit-v5.md §3, and Bybit's server-side 10000 / 10016. */
export const retCodeTable: Readonly<Record<number, RetCodeEntry>> = {
  10000: {
    code: 'TIMEOUT',
    retryable: true,
    outcomeUnknown: true,
    message: "Bybit's server timed out; the request may or may not have been carried out.",
  },
  10016: {
    code: 'SERVER_ERROR',
    retryable: true,
    outcomeUnknown: true,
    message: 'Bybit had an internal error; the request may or may not have been carried out.',
  },
  10001: {
    code: 'INVALID_PARAMETER',
    retryable: false,
    message:
      'Bybit rejected the request parameters (for example a quantity not on the step or outside the limits).',
  },
  10002: {
    code: 'CLOCK_SKEW',
    retryable: true,
    message: "This computer's clock differs from Bybit's; Synthex resynchronises it and tries again.",
  },
  10003: {
    code: 'INVALID_API_KEY',
    retryable: false,
    message:
      'Bybit does not recognise this API key. Check that it was created for the selected environment (mainnet, testnet or demo).',
  },
  10004: {
    code: 'INVALID_SIGNATURE',
    retryable: false,
    message: 'Bybit rejected the request signature. The API secret is probably wrong; enter the key again.',
  },
  10005: {
    code: 'PERMISSION_DENIED',
    retryable: false,
    message:
      'This API key is not allowed to do that. Trading needs a read-write key with contract order permission.',
  },
  10006: {
    code: 'RATE_LIMITED',
    retryable: true,
    message: 'Too many requests to Bybit in a short time; Synthex slows down and retries.',
  },
  10010: {
    code: 'IP_NOT_ALLOWED',
    retryable: false,
    message:
      "This computer's IP address is not on the API key's allow-list. Add it on Bybit or use another key.",
  },
  10029: {
    code: 'SYMBOL_NOT_WHITELISTED',
    retryable: false,
    message: "This coin is not in the API key's symbol allow-list on Bybit.",
  },
  10032: {
    code: 'DEMO_NOT_SUPPORTED',
    retryable: false,
    message: 'Bybit demo trading does not support this feature.',
  },
  110001: {
    code: 'ORDER_NOT_FOUND',
    retryable: false,
    message: 'The order does not exist any more (it was filled, cancelled or never placed).',
  },
  110003: {
    code: 'PRICE_OUT_OF_RANGE',
    retryable: false,
    message: 'The order price is outside the range Bybit allows right now.',
  },
  110007: {
    code: 'INSUFFICIENT_BALANCE',
    retryable: false,
    message: 'Not enough available balance on the Bybit account for this order.',
  },
  110017: {
    code: 'REDUCE_ONLY_VIOLATION',
    retryable: false,
    message: 'A reduce-only order would not reduce the position (it is already smaller or flat).',
  },
  110020: {
    code: 'TOO_MANY_ORDERS',
    retryable: false,
    message: 'This coin already has 500 open orders on Bybit; cancel some before placing more.',
  },
  110024: {
    code: 'MODE_BLOCKED_BY_POSITION',
    retryable: false,
    message: 'The position mode cannot change while a position is open on this coin.',
  },
  110025: {
    code: 'MODE_NOT_MODIFIED',
    retryable: false,
    message: 'The position mode already has the requested value.',
  },
  110028: {
    code: 'MODE_BLOCKED_BY_ORDERS',
    retryable: false,
    message: 'The position mode cannot change while orders are open on this coin.',
  },
  110043: {
    code: 'LEVERAGE_NOT_MODIFIED',
    retryable: false,
    message: 'The leverage already has the requested value.',
  },
  110072: {
    code: 'DUPLICATE_ORDER_LINK_ID',
    retryable: false,
    message: 'An order with this client id was already placed; it was not sent again.',
  },
  110074: {
    code: 'CONTRACT_NOT_LIVE',
    retryable: false,
    message: 'Bybit no longer trades this coin (the contract was delisted); nothing was placed.',
  },
  110094: {
    code: 'BELOW_MIN_ORDER_VALUE',
    retryable: false,
    message: 'The order is worth less than the minimum order value Bybit accepts for this coin.',
  },
  170131: {
    code: 'SPOT_BALANCE_INSUFFICIENT',
    retryable: false,
    message: 'Not enough spot balance for this order.',
  },
  170136: {
    code: 'SPOT_BELOW_MINIMUM',
    retryable: false,
    message: 'The spot order quantity is below the minimum.',
  },
  170140: {
    code: 'SPOT_BELOW_MINIMUM',
    retryable: false,
    message: 'The spot order value is below the minimum.',
  },
};

/** True for a retCode in docs/bybit-v5.md §3: its meaning (refused or not, retryable or not) is known. */
export function isKnownRetCode(retCode: number): boolean {
  return retCode in retCodeTable;
}

/** A non-zero retCode from the envelope (or a batch item) as a typed error. */
export function errorFromRetCode(
  retCode: number,
  retMsg: string,
  httpStatus: number | null = null,
): ExchangeError {
  const entry = retCodeTable[retCode];
  if (entry) return new ExchangeError({ ...entry, retCode, detail: retMsg, httpStatus });
  return new ExchangeError({
    code: 'EXCHANGE_ERROR',
    retryable: false,
    retCode,
    httpStatus,
    detail: retMsg,
    message: `Bybit refused the request (code ${retCode}${retMsg ? `: ${retMsg}` : ''}).`,
  });
}

export function noApiKeyError(): ExchangeError {
  return new ExchangeError({
    code: 'NO_API_KEY',
    retryable: false,
    message: 'No Bybit API key is set for this profile; add one in Settings to see the account and trade.',
  });
}

/** How long Bybit bans an IP after a 403 (docs/bybit-v5.md §4: at least 10 minutes). */
export const ipBanMs = 10 * 60_000;

function banMessage(until: number): string {
  const at = new Date(until).toISOString().slice(11, 16);
  return `Bybit has temporarily banned this IP address for sending too many requests. Synthex has stopped sending and will not try again before ${at} UTC (about 10 minutes).`;
}

export function ipBannedError(until: number, detail = ''): ExchangeError {
  return new ExchangeError({
    code: 'IP_BANNED',
    retryable: false,
    httpStatus: 403,
    detail,
    retryAfter: until,
    message: banMessage(until),
  });
}

/** An HTTP status other than 200. `mayHaveExecuted` is true for writes, where a 5xx leaves the outcome open. */
export function errorFromHttpStatus(status: number, statusText: string, now: number): ExchangeError {
  if (status === 403) return ipBannedError(now + ipBanMs, statusText);
  const [code, retryable, message] = httpStatusMeaning(status);
  return new ExchangeError({ code, retryable, httpStatus: status, detail: statusText, message });
}

/** What an HTTP status other than 200 and 403 means: the code, whether a retry helps, and the words. */
function httpStatusMeaning(status: number): [ExchangeErrorCode, boolean, string] {
  if (status === 401)
    return ['UNAUTHORIZED', false, 'Bybit refused the request as unauthenticated. Check the API key.'];
  if (status === 404)
    return [
      'NOT_FOUND',
      false,
      'Bybit does not know this address. Check the exchange environment or custom URL in Settings.',
    ];
  if (status === 429)
    return [
      'SYSTEM_PROTECTION',
      true,
      'Bybit is protecting its systems and asked clients to slow down; Synthex retries shortly.',
    ];
  if (status >= 500)
    return [
      'SERVER_ERROR',
      true,
      `Bybit answered with a server error (HTTP ${status}); Synthex retries shortly.`,
    ];
  return ['BAD_REQUEST', false, `Bybit rejected the request (HTTP ${status}).`];
}

/** A failure after which nobody knows whether Bybit acted: retryable, with the outcome left open. */
function outcomeUnknownError(code: ExchangeErrorCode, message: string, detail: string): ExchangeError {
  return new ExchangeError({ code, retryable: true, detail, outcomeUnknown: true, message });
}

export function timeoutError(detail = ''): ExchangeError {
  return outcomeUnknownError('TIMEOUT', 'Bybit did not answer in time.', detail);
}

/** An answer without a usable envelope (not JSON, or no retCode): it says nothing about what Bybit did. */
export function malformedResponseError(detail = ''): ExchangeError {
  return outcomeUnknownError(
    'SERVER_ERROR',
    'Bybit answered with something that is not a valid API response; Synthex retries shortly.',
    detail,
  );
}

export function networkError(detail = ''): ExchangeError {
  return outcomeUnknownError(
    'NETWORK',
    'The connection to Bybit was lost. Check the internet connection.',
    detail,
  );
}

const timeoutPattern = /timeout|timed out|ETIMEDOUT|ECONNABORTED/i;

/**
 * Whatever the SDK threw (its `{code, message, body}` object for HTTP errors, a string or an axios error
 * for network failures) as a typed error. Only plain fields are read: the SDK's thrown object also
 * carries its options, which hold the API secret, so the raw value must never reach a log.
 */
export function errorFromThrown(thrown: unknown, now: number): ExchangeError {
  if (thrown instanceof ExchangeError) return thrown;
  if (typeof thrown === 'string')
    return timeoutPattern.test(thrown) ? timeoutError(thrown) : networkError(thrown);
  if (thrown && typeof thrown === 'object') {
    const record = thrown as Record<string, unknown>;
    if (typeof record.code === 'number' && record.code >= 100 && record.code < 600) {
      // Bybit answers an unknown key (10003) or a bad signature (10004) with HTTP 401 and the envelope in
      // the body (docs/bybit-v5.md §1, §3): its retCode says more than the status.
      const body =
        record.body && typeof record.body === 'object' ? (record.body as Record<string, unknown>) : {};
      if (record.code < 500 && typeof body.retCode === 'number' && body.retCode !== 0)
        return errorFromRetCode(
          body.retCode,
          typeof body.retMsg === 'string' ? body.retMsg : '',
          record.code,
        );
      return errorFromHttpStatus(record.code, typeof record.message === 'string' ? record.message : '', now);
    }
    const text = [record.code, record.message].filter((v) => typeof v === 'string').join(' ');
    return timeoutPattern.test(text) ? timeoutError(text) : networkError(text);
  }
  return networkError(String(thrown));
}
