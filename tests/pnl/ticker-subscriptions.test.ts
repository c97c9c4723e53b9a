import { describe, expect, it } from 'vitest';
import { TickerSubscriptions, type TickerSource } from '../../electron/core/pnl/ticker-subscriptions';
import { silentLogger } from '../../electron/core/util/logger';

/** A stream that refuses a whole request when one of its topics is a coin it does not serve, as Bybit does. */
function streamWithout(unserved: string) {
  const live = new Set<string>();
  const requests: string[][] = [];
  const source: TickerSource = {
    async subscribeTickers(symbols) {
      requests.push([...symbols]);
      if (symbols.includes(unserved)) throw new Error(`error:handler not found,topic:tickers.${unserved}`);
      for (const symbol of symbols) live.add(symbol);
      return async () => {
        for (const symbol of symbols) live.delete(symbol);
      };
    },
  };
  return { source, live, requests };
}

const settled = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('ticker subscriptions for PnL', () => {
  it('keeps every other coin live when the stream refuses one (a delisted leg)', async () => {
    const stream = streamWithout('HBARUSDT');
    const subscriptions = new TickerSubscriptions(
      () => undefined,
      silentLogger,
      () => 0,
    );
    await subscriptions.setSource(stream.source);
    subscriptions.sync(['BTCUSDT', 'HBARUSDT', 'ETHUSDT']);
    for (let i = 0; i < 5; i += 1) await settled();
    expect([...stream.live].sort()).toEqual(['BTCUSDT', 'ETHUSDT']);
    expect(stream.requests).toEqual([
      ['BTCUSDT', 'HBARUSDT', 'ETHUSDT'],
      ['BTCUSDT'],
      ['HBARUSDT'],
      ['ETHUSDT'],
    ]);
  });

  it('asks again for the refused coin alone, at most every 10 s', async () => {
    const stream = streamWithout('HBARUSDT');
    let now = 0;
    const subscriptions = new TickerSubscriptions(
      () => undefined,
      silentLogger,
      () => now,
    );
    await subscriptions.setSource(stream.source);
    const held = ['BTCUSDT', 'HBARUSDT'];
    subscriptions.sync(held);
    for (let i = 0; i < 5; i += 1) await settled();
    const asked = stream.requests.length;
    now = 9_999;
    subscriptions.retryMissing(held);
    expect(stream.requests.length).toBe(asked);
    now = 10_000;
    subscriptions.retryMissing(held);
    expect(stream.requests.at(-1)).toEqual(['HBARUSDT']);
  });
});
