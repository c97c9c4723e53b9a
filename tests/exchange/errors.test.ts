import { describe, expect, it } from 'vitest';
import {
  ExchangeError,
  errorFromHttpStatus,
  errorFromRetCode,
  errorFromThrown,
  malformedResponseError,
  retCodeTable,
} from '../../electron/core/exchange/errors';

// Every retCode in docs/bybit-v5.md §3 (and the server-side 10000 / 10016), with the code and
// retryability the gateway must give it.
const documented: [number, string, boolean][] = [
  [10000, 'TIMEOUT', true],
  [10016, 'SERVER_ERROR', true],
  [10001, 'INVALID_PARAMETER', false],
  [10002, 'CLOCK_SKEW', true],
  [10003, 'INVALID_API_KEY', false],
  [10004, 'INVALID_SIGNATURE', false],
  [10005, 'PERMISSION_DENIED', false],
  [10006, 'RATE_LIMITED', true],
  [10010, 'IP_NOT_ALLOWED', false],
  [10029, 'SYMBOL_NOT_WHITELISTED', false],
  [10032, 'DEMO_NOT_SUPPORTED', false],
  [110001, 'ORDER_NOT_FOUND', false],
  [110003, 'PRICE_OUT_OF_RANGE', false],
  [110007, 'INSUFFICIENT_BALANCE', false],
  [110017, 'REDUCE_ONLY_VIOLATION', false],
  [110020, 'TOO_MANY_ORDERS', false],
  [110024, 'MODE_BLOCKED_BY_POSITION', false],
  [110025, 'MODE_NOT_MODIFIED', false],
  [110028, 'MODE_BLOCKED_BY_ORDERS', false],
  [110043, 'LEVERAGE_NOT_MODIFIED', false],
  [110072, 'DUPLICATE_ORDER_LINK_ID', false],
  [110074, 'CONTRACT_NOT_LIVE', false],
  [110094, 'BELOW_MIN_ORDER_VALUE', false],
  [170131, 'SPOT_BALANCE_INSUFFICIENT', false],
  [170136, 'SPOT_BELOW_MINIMUM', false],
  [170140, 'SPOT_BELOW_MINIMUM', false],
];

describe('retCode mapping', () => {
  it.each(documented)('%i → %s (retryable %s)', (retCode, code, retryable) => {
    const error = errorFromRetCode(retCode, 'bybit text');
    expect(error).toBeInstanceOf(ExchangeError);
    expect(error.code).toBe(code);
    expect(error.retCode).toBe(retCode);
    expect(error.retryable).toBe(retryable);
    expect(error.detail).toBe('bybit text');
    // A sentence for a trader: capitalised, ends with a full stop, not Bybit's raw text.
    expect(error.message).toMatch(/^[A-Z].{20,}\.$/);
    expect(error.message).not.toContain('bybit text');
  });

  it('covers exactly the documented table', () => {
    expect(Object.keys(retCodeTable).map(Number).sort()).toEqual(documented.map(([c]) => c).sort());
  });

  it('10000 and 10016 leave the outcome open; every other code is a definite answer', () => {
    for (const [retCode] of documented)
      expect(errorFromRetCode(retCode, '').outcomeUnknown).toBe(retCode === 10000 || retCode === 10016);
    expect(malformedResponseError('<html>').outcomeUnknown).toBe(true);
  });

  it('maps an undocumented retCode to a generic, non-retryable error that keeps the code', () => {
    const error = errorFromRetCode(999999, 'something new');
    expect(error.code).toBe('EXCHANGE_ERROR');
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('999999');
  });
});

describe('HTTP and network mapping', () => {
  const now = Date.parse('2026-01-01T12:00:00Z');

  it('403 is an IP ban for at least ten minutes that says Synthex stopped', () => {
    const error = errorFromHttpStatus(403, 'Forbidden', now);
    expect(error.code).toBe('IP_BANNED');
    expect(error.retryable).toBe(false);
    expect(error.httpStatus).toBe(403);
    expect(error.retryAfter).toBeGreaterThanOrEqual(now + 10 * 60_000);
    expect(error.message).toMatch(/banned/);
    expect(error.message).toMatch(/stopped/);
    expect(error.message).toContain('12:10 UTC');
  });

  it.each([500, 502, 503, 504])('%i is a retryable server error', (status) => {
    const error = errorFromHttpStatus(status, 'Bad Gateway', now);
    expect(error.code).toBe('SERVER_ERROR');
    expect(error.retryable).toBe(true);
  });

  it.each([
    [401, 'UNAUTHORIZED', false],
    [404, 'NOT_FOUND', false],
    [429, 'SYSTEM_PROTECTION', true],
    [400, 'BAD_REQUEST', false],
  ] as const)('%i → %s', (status, code, retryable) => {
    const error = errorFromHttpStatus(status, '', now);
    expect(error.code).toBe(code);
    expect(error.retryable).toBe(retryable);
  });

  it("reads the SDK's thrown HTTP error object", () => {
    const error = errorFromThrown({ code: 503, message: 'Service Unavailable', body: '', headers: {} }, now);
    expect(error.code).toBe('SERVER_ERROR');
    expect(error.httpStatus).toBe(503);
  });

  it("reads Bybit's retCode from a 401 body: an unknown key and a bad signature stay what they are", () => {
    const body = (retCode: number, retMsg: string) => ({
      code: 401,
      message: 'Unauthorized',
      body: { retCode, retMsg },
    });
    const key = errorFromThrown(body(10003, 'API key is invalid.'), now);
    expect([key.code, key.retCode, key.httpStatus, key.outcomeUnknown]).toEqual([
      'INVALID_API_KEY',
      10003,
      401,
      false,
    ]);
    const sign = errorFromThrown(body(10004, 'error sign!'), now);
    expect([sign.code, sign.retCode, sign.httpStatus]).toEqual(['INVALID_SIGNATURE', 10004, 401]);
    // Without an envelope (missing headers, a proxy) the status decides.
    expect(errorFromThrown({ code: 401, message: 'Unauthorized', body: '' }, now).code).toBe('UNAUTHORIZED');
  });

  it('treats a timeout and a dropped connection as outcome unknown', () => {
    const timeout = errorFromThrown({ code: 'ECONNABORTED', message: 'timeout of 1000ms exceeded' }, now);
    expect(timeout.code).toBe('TIMEOUT');
    expect(timeout.outcomeUnknown).toBe(true);
    const reset = errorFromThrown({ code: 'ECONNRESET', message: 'socket hang up' }, now);
    expect(reset.code).toBe('NETWORK');
    expect(reset.outcomeUnknown).toBe(true);
    expect(errorFromThrown('timeout of 500ms exceeded', now).code).toBe('TIMEOUT');
  });

  it('never carries the SDK options (which hold the secret) into the error', () => {
    const thrown = { code: 500, message: 'x', body: {}, requestOptions: { key: 'K', secret: 'TOPSECRET' } };
    const error = errorFromThrown(thrown, now);
    expect(JSON.stringify(error)).not.toContain('TOPSECRET');
    expect(JSON.stringify(error.toJSON())).not.toContain('TOPSECRET');
  });
});
