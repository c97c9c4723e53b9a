import { describe, expect, it } from 'vitest';
import { PriceFeed } from '../../electron/core/exchange/price-feed';
import type { BybitGateway } from '../../electron/core/exchange/gateway';
import type { BybitStreams } from '../../electron/core/exchange/streams';
import type { StreamTick, Ticker } from '../../electron/core/exchange/types';

/** A stream whose ticks the test pushes, and a REST read that says what it was asked. */
function setup() {
  let now = 1_000_000;
  let push: (tick: StreamTick) => void = () => undefined;
  let restReads = 0;
  const streams = {
    onState: () => () => undefined,
    subscribeTickers: async (_symbols: string[], onTick: (tick: StreamTick) => void) => {
      push = onTick;
      return async () => undefined;
    },
  } as unknown as BybitStreams;
  const gateway = {
    getTickers: async () => {
      restReads += 1;
      return [{ symbol: 'BTCUSDT', lastPrice: '90000' } as Ticker];
    },
  } as unknown as BybitGateway;
  const feed = new PriceFeed(streams, gateway, { maxAgeMs: 5000, now: () => now });
  return {
    feed,
    push: (lastPrice: string) => push({ symbol: 'BTCUSDT', lastPrice, ts: now } as StreamTick),
    advance: (ms: number) => (now += ms),
    restReads: () => restReads,
  };
}

describe('the price a slippage cap is anchored to', () => {
  it('is the stream’s tick while it is fresh, and a REST read once the stream has been quiet for more than 5 s', async () => {
    const t = setup();
    expect((await t.feed.tickers(['BTCUSDT'])).get('BTCUSDT')?.lastPrice).toBe('90000');
    expect(t.restReads()).toBe(1);
    await new Promise((resolve) => setImmediate(resolve)); // the subscription is acknowledged
    t.push('95000');
    t.advance(4000);
    expect((await t.feed.tickers(['BTCUSDT'])).get('BTCUSDT')?.lastPrice).toBe('95000');
    expect(t.restReads()).toBe(1);
    // The stream stalls: its last tick is 6 s old, so the price comes from REST, not from the old tick.
    t.advance(2000);
    expect((await t.feed.tickers(['BTCUSDT'])).get('BTCUSDT')?.lastPrice).toBe('90000');
    expect(t.restReads()).toBe(2);
  });
});
