import { describe, expect, it } from 'vitest';
import { toInstrument } from '../../electron/core/exchange/mappers';
import { buildUniverseSnapshot } from '../../electron/core/universe/universe-snapshot';
import { cg, perp } from './fixtures';

describe('buildUniverseSnapshot', () => {
  it('ranks only tradable USDT perpetuals: BTCPERP and dated futures cannot take BTC', () => {
    const snapshot = buildUniverseSnapshot({
      coins: [cg('bitcoin', 'btc', 1)],
      instruments: [
        perp('BTC', { symbol: 'BTCPERP', quoteCoin: 'USDC' }),
        perp('BTC', { symbol: 'BTCUSDT-26DEC25', contractType: 'LinearFutures' }),
        perp('BTC'),
      ],
      // The USDC perpetual trades more; it must not even be a candidate.
      tickers: [
        { symbol: 'BTCPERP', turnover24h: '9000000000' },
        { symbol: 'BTCUSDT', turnover24h: '100' },
      ],
    });
    expect(snapshot.rows.map((row) => row.symbol)).toEqual(['BTCUSDT']);
    expect(snapshot.report.sameCoinInstruments).toEqual([]);
  });

  it("accepts the gateway's instruments (instruments-info items flattened by toInstrument)", () => {
    const raw = {
      symbol: '1000PEPEUSDT',
      contractType: 'LinearPerpetual',
      status: 'Trading',
      baseCoin: '1000PEPE',
      quoteCoin: 'USDT',
      symbolType: '',
      priceFilter: { minPrice: '0.0000001', maxPrice: '1.9999998', tickSize: '0.0000001' },
      lotSizeFilter: {
        maxOrderQty: '80000000',
        minOrderQty: '100',
        qtyStep: '100',
        maxMktOrderQty: '16000000',
        minNotionalValue: '5',
      },
    };
    const snapshot = buildUniverseSnapshot({
      coins: [cg('pepe', 'pepe', 30)],
      instruments: [toInstrument(raw)],
    });
    expect(snapshot.rows).toMatchObject([
      {
        symbol: '1000PEPEUSDT',
        coin: 'PEPE',
        multiplier: '1000',
        marketCapRank: 30,
        tickSize: '0.0000001',
        qtyStep: '100',
        minOrderQty: '100',
        maxMktOrderQty: '16000000',
        minNotionalValue: '5',
      },
    ]);
  });
});
