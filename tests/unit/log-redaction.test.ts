import { describe, expect, it } from 'vitest';
import { createConsoleLogger, formatLogLine } from '../../electron/core/util/logger';
import { redactText } from '../../electron/core/util/redact';

/** One secret planted in every place a log line can carry it; none may come out. */
const secret = 'S3cr3t-Planted-Value-9f8e7d';

function line(message: string, fields: Record<string, unknown>): string {
  return formatLogLine('error', 'test', message, fields);
}

describe('log redaction', () => {
  it.each<[string, string, Record<string, unknown>]>([
    ['a secret-named field', 'stored', { apiSecret: secret }],
    ['a nested secret-named field', 'request failed', { request: { headers: { Authorization: secret } } }],
    ['a secret-named field inside an array', 'batch', { keys: [{ id: 1, api_key: secret }] }],
    ['a field deep down', 'deep', { a: { b: { c: { d: { password: secret } } } } }],
    ['an error message', 'failed', { error: `connect failed: password=${secret} rejected` }],
    ['an Error object', 'failed', { error: new Error(`login refused for {"apiSecret":"${secret}"}`) }],
    ['an Error cause', 'failed', { error: new Error('outer', { cause: new Error(`token: ${secret}`) }) }],
    ['a database URL with a password', 'db', { url: `postgresql://synthex:${secret}@db.example:5432/user` }],
    ['a URL with a token in the query', 'open', { url: `http://127.0.0.1:8420/?token=${secret}` }],
    [
      'a feed URL with credentials',
      'updater',
      { detail: `GET https://deploy:${secret}@updates.example/latest.yml` },
    ],
    ['an authorization header value', 'http', { detail: `Authorization: Bearer ${secret}` }],
  ])('removes %s', (_, message, fields) => {
    const out = line(message, fields);
    expect(out).not.toContain(secret);
    expect(out).toContain('[redacted]');
  });

  it('redacts the message itself, and keeps what is not secret', () => {
    const out = line(`cannot reach postgresql://synthex:${secret}@db.example:5432/user`, { attempt: 3 });
    expect(out).not.toContain(secret);
    expect(JSON.parse(out)).toMatchObject({
      level: 'error',
      scope: 'test',
      message: 'cannot reach postgresql://synthex:[redacted]@db.example:5432/user',
      attempt: 3,
    });
  });

  it('leaves ordinary text alone', () => {
    for (const text of [
      'password authentication failed for user "postgres"',
      'the vault key rotated: 3 credentials moved',
      'https://api.bybit.com/v5/market/tickers?category=linear&symbol=BTCUSDT',
    ]) {
      expect(redactText(text)).toBe(text);
    }
  });

  it('survives circular and very deep fields', () => {
    const loop: Record<string, unknown> = { name: 'loop' };
    loop.self = loop;
    let deep: Record<string, unknown> = { password: secret };
    for (let i = 0; i < 20; i++) deep = { next: deep };
    const out = line('odd', { loop, deep });
    expect(out).toContain('[circular]');
    expect(out).not.toContain(secret);
  });

  it('is what the console logger writes', () => {
    const lines: string[] = [];
    createConsoleLogger('headless', (l) => lines.push(l)).warn('x', { nested: { secret } });
    expect(lines[0]).not.toContain(secret);
    expect(JSON.parse(lines[0]!)).toMatchObject({
      level: 'warn',
      scope: 'headless',
      nested: { secret: '[redacted]' },
    });
  });
});
