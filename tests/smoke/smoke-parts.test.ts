import { describe, expect, it } from 'vitest';
import { compareFills } from '../../scripts/smoke/compare-fills';
import { parseSmokeOptions, SmokeUsageError } from '../../scripts/smoke/options';
import { toExecution } from '../../electron/core/exchange/mappers';
import type { Trade } from '../../shared/domain/positions';

const key = { SYNTHEX_SMOKE_API_KEY: 'k', SYNTHEX_SMOKE_API_SECRET: 's' };
const sim = {
  ...key,
  SYNTHEX_BYBIT_REST_URL: 'http://127.0.0.1:1',
  SYNTHEX_BYBIT_WS_URL: 'ws://127.0.0.1:1',
};

describe('npm run smoke options', () => {
  it.each([
    [[], key, /--env testnet, --env demo or --env custom/],
    [['--env', 'mainnet'], key, /Refusing to trade on mainnet/],
    [['--env', 'mainnet', '--mainnet'], key, /Refusing to trade on mainnet/],
    [['--env', 'mainnet', '--max-usdt', '60'], key, /Refusing to trade on mainnet/],
    [['--env', 'testnet', '--mainnet'], key, /--mainnet only goes with --env mainnet/],
    [['--env', 'testnet'], {}, /SYNTHEX_SMOKE_API_KEY/],
    [['--env', 'custom'], key, /SYNTHEX_BYBIT_REST_URL/],
    [['--env', 'testnet', '--max-usdt', '-5'], key, /--max-usdt must be a positive amount/],
    [['--env', 'testnet', '--round-trips', '0'], key, /--round-trips/],
  ])('refuses %j', (argv, env, message) => {
    expect(() => parseSmokeOptions(argv, env)).toThrow(SmokeUsageError);
    expect(() => parseSmokeOptions(argv, env)).toThrow(message);
  });

  it('runs mainnet only with both --mainnet and --max-usdt, testnet, demo and custom with a key', () => {
    expect(parseSmokeOptions(['--env', 'mainnet', '--mainnet', '--max-usdt', '60'], key)).toMatchObject({
      env: 'mainnet',
      roundTrips: 1,
    });
    expect(parseSmokeOptions(['--env', 'demo'], key)).toMatchObject({
      env: 'demo',
      maxUsdt: null,
      customRestUrl: null,
    });
    expect(parseSmokeOptions(['--env=custom', '--round-trips', '2'], sim)).toMatchObject({
      env: 'custom',
      roundTrips: 2,
      customRestUrl: 'http://127.0.0.1:1',
    });
  });
});

const trade = (execId: string, fields: Partial<Trade> = {}): Trade => ({
  id: 1,
  execId,
  orderLinkId: 'o',
  bybitOrderId: 'b',
  symbol: 'BTCUSDT',
  side: 'Long',
  price: '50000',
  quantity: '0.01',
  fee: '0.275',
  feeCurrency: 'USDT',
  kind: 'open',
  timestamp: '2026-01-01T00:00:00.000Z',
  ...fields,
});
const fill = (execId: string, fields: Record<string, string> = {}) =>
  toExecution({
    execId,
    symbol: 'BTCUSDT',
    side: 'Buy',
    execPrice: '50000.0',
    execQty: '0.010',
    execFee: '0.2750',
    ...fields,
  });

describe("comparing Bybit's execution list with trades", () => {
  it('matches by execId and compares numbers, not text', () => {
    expect(compareFills([fill('a'), fill('b')], [trade('b'), trade('a')])).toEqual({
      matched: 2,
      mismatches: [],
    });
  });

  it('reports a fill missing from trades, a trade Bybit does not list, and a fill that differs', () => {
    const result = compareFills(
      [fill('a'), fill('b', { execFee: '0.3' }), fill('c', { side: 'Sell' })],
      [trade('b'), trade('c'), trade('d')],
    );
    expect(result.matched).toBe(0);
    expect(result.mismatches).toEqual([
      expect.stringMatching(/fill a .* missing from trades/),
      expect.stringMatching(/fill b: fee 0.275 ≠ 0.3/),
      expect.stringMatching(/fill c: side Long ≠ Sell/),
      expect.stringMatching(/trade d .* not in Bybit's execution list/),
    ]);
  });
});
