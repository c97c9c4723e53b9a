import { describe, expect, it } from 'vitest';
import { createRestClient, createWsClient, sdkLogger } from '../../electron/core/exchange/sdk-clients';
import { exchangeEndpoints } from '../../electron/core/exchange/environments';
import { recordingLogger } from '../support/recording-logger';

const endpoints = exchangeEndpoints({
  exchangeEnvironment: 'custom',
  customRestUrl: 'http://127.0.0.1:1',
  customWsUrl: 'ws://127.0.0.1:1',
});

describe('SDK adapters', () => {
  it('passes only whitelisted fields of SDK log arguments, never keys or secrets', () => {
    const logger = recordingLogger();
    const sdk = sdkLogger(logger);
    sdk.info('Sending auth', {
      wsKey: 'v5Private',
      key: 'APIKEY123',
      secret: 'SECRET456',
      args: ['APIKEY123', 1, 'sig'],
    });
    sdk.error('Request failed', { code: 500, requestOptions: { key: 'APIKEY123', secret: 'SECRET456' } });
    sdk.trace('ping', { secret: 'SECRET456' });
    expect(logger.lines).toHaveLength(2);
    const all = logger.lines.join('\n');
    expect(all).not.toContain('SECRET456');
    expect(all).not.toContain('APIKEY123');
    expect(all).toContain('v5Private');
  });

  it('REST client takes its base URL, timeout and rate-limit parsing from us', () => {
    const client = createRestClient({
      endpoints,
      credentials: { apiKey: 'k', apiSecret: 's' },
      timeoutMs: 1234,
    });
    const internals = client as unknown as {
      baseUrl: string;
      globalRequestOptions: { timeout: number };
      options: Record<string, unknown>;
    };
    expect(internals.baseUrl).toBe('http://127.0.0.1:1');
    expect(internals.globalRequestOptions.timeout).toBe(1234);
    expect(internals.options.parseAPIRateLimits).toBe(true);
    client.setTimeOffsetMs(-2500);
    expect(client.getTimeOffsetMs()).toBe(-2500);
  });

  it('WebSocket client routes public and private keys to the environment URLs', async () => {
    const ws = createWsClient({ endpoints, logger: recordingLogger() });
    const getWsUrl = (ws as unknown as { getWsUrl(key: string): Promise<string> }).getWsUrl.bind(ws);
    expect(await getWsUrl('v5LinearPublic')).toBe('ws://127.0.0.1:1/v5/public/linear');
    expect(await getWsUrl('v5Private')).toBe('ws://127.0.0.1:1/v5/private');
    await expect(getWsUrl('v5SpotPublic')).rejects.toThrow(/does not use/);
  });
});
