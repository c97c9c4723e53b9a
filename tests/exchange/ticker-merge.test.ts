import { describe, expect, it } from 'vitest';
import { TickerMerger } from '../../electron/core/exchange/ticker-merge';

const snapshot = {
  topic: 'tickers.BTCUSDT',
  type: 'snapshot',
  ts: 1,
  data: {
    symbol: 'BTCUSDT',
    lastPrice: '65000.10',
    markPrice: '65001.00',
    indexPrice: '65000.50',
    bid1Price: '65000.00',
    bid1Size: '1.234',
    ask1Price: '65000.20',
    ask1Size: '0.500',
    fundingRate: '0.0001',
    volume24h: '1000',
  },
};

/** A delta for BTCUSDT carrying only the fields that changed. */
const delta = (ts: number, changed: Record<string, string>) => ({
  topic: 'tickers.BTCUSDT',
  type: 'delta',
  ts,
  data: { symbol: 'BTCUSDT', ...changed },
});

describe('TickerMerger', () => {
  it('drops deltas that arrive before any snapshot', () => {
    const merger = new TickerMerger();
    expect(merger.apply(delta(0, { lastPrice: '1' }))).toBeNull();
  });

  it('merges deltas carrying only changed fields into complete ticks', () => {
    const merger = new TickerMerger();
    const first = merger.apply(snapshot);
    expect(first).toMatchObject({ symbol: 'BTCUSDT', lastPrice: '65000.10', bid1Size: '1.234', ts: 1 });
    const second = merger.apply(delta(2, { ask1Price: '65000.30', ask1Size: '0.700' }));
    expect(second).toMatchObject({
      lastPrice: '65000.10',
      markPrice: '65001.00',
      bid1Price: '65000.00',
      ask1Price: '65000.30',
      ask1Size: '0.700',
      fundingRate: '0.0001',
      ts: 2,
    });
    // Returned ticks are copies: later deltas do not mutate what a listener already holds.
    merger.apply(delta(3, { lastPrice: '1' }));
    expect(second?.lastPrice).toBe('65000.10');
  });

  it('keeps decimal strings exactly as sent', () => {
    const merger = new TickerMerger();
    const tick = merger.apply({ ...snapshot, data: { ...snapshot.data, lastPrice: '0.000012340' } });
    expect(tick?.lastPrice).toBe('0.000012340');
  });

  it('after reset waits for a fresh snapshot', () => {
    const merger = new TickerMerger();
    merger.apply(snapshot);
    merger.reset();
    expect(merger.apply(delta(4, { lastPrice: '2' }))).toBeNull();
    expect(merger.apply(snapshot)?.lastPrice).toBe('65000.10');
  });
});
