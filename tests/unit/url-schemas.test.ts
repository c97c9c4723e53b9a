import { describe, expect, it } from 'vitest';
import { settingsPatchSchema } from '../../shared/domain/settings';
import { credentialsSetSchema } from '../../shared/domain/credentials';
import { httpUrlSchema, wsUrlSchema } from '../../shared/domain/url-schemas';

describe('custom exchange URLs', () => {
  it.each([
    'http://127.0.0.1:9100',
    'http://localhost:9100/path',
    'http://[::1]:9100',
    'http://127.1.2.3',
    'https://proxy.example',
  ])('accepts the REST URL %s', (url) => expect(httpUrlSchema.safeParse(url).success).toBe(true));

  it.each(['ws://127.0.0.1:9100', 'ws://localhost:9100', 'wss://stream.proxy.example'])(
    'accepts the stream URL %s',
    (url) => expect(wsUrlSchema.safeParse(url).success).toBe(true),
  );

  it('refuses plain http:// and ws:// to anything but this machine, saying what to use', () => {
    const rest = httpUrlSchema.safeParse('http://proxy.example:8080');
    expect(rest.success).toBe(false);
    expect(rest.error!.issues.map((issue) => issue.message)).toEqual([
      'http:// is allowed only for this machine (127.0.0.1, localhost); use https:// for proxy.example',
    ]);
    expect(wsUrlSchema.safeParse('ws://10.0.0.5:9100').success).toBe(false);
    expect(httpUrlSchema.safeParse('http://127.0.0.1.evil.example').success).toBe(false);
    expect(httpUrlSchema.safeParse('ftp://x').error!.issues.map((issue) => issue.message)).toEqual([
      'must be an http(s):// URL',
    ]);
  });

  it('applies to Settings and to a stored key alike', () => {
    expect(settingsPatchSchema.safeParse({ customRestUrl: 'http://proxy.example' }).success).toBe(false);
    expect(
      credentialsSetSchema.safeParse({
        environment: 'custom',
        customRestUrl: 'http://proxy.example',
        customWsUrl: 'wss://proxy.example',
        apiKey: 'k',
        apiSecret: 's',
      }).success,
    ).toBe(false);
  });
});
