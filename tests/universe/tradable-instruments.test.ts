import { describe, expect, it } from 'vitest';
import {
  filterTradableInstruments,
  whyNotTradable,
  type NotTradableReason,
} from '../../electron/core/universe/tradable-instruments';
import type { BybitInstrument } from '../../electron/core/universe/types';
import { perp } from './fixtures';

const { symbolType: _omitted, ...withoutSymbolType } = perp('ETH');

const cases: [string, BybitInstrument, NotTradableReason | null][] = [
  ['USDT perpetual', perp('BTC'), null],
  ['innovation zone', perp('PENGU', { symbolType: 'innovation' }), null],
  ['missing symbolType counts as ""', withoutSymbolType, null],
  ['USDC perpetual BTCPERP', perp('BTC', { symbol: 'BTCPERP', quoteCoin: 'USDC' }), 'quoteCoin'],
  ['dated future', perp('BTC', { symbol: 'BTCUSDT-26DEC25', contractType: 'LinearFutures' }), 'contractType'],
  ['PreLaunch', perp('NEWCOIN', { status: 'PreLaunch' }), 'status'],
  ['Delivering', perp('OLD', { status: 'Delivering' }), 'status'],
  ['Closed', perp('GONE', { status: 'Closed' }), 'status'],
  ['commodity', perp('XAU', { symbolType: 'commodity' }), 'symbolType'],
  ['stock', perp('AAPL', { symbolType: 'stock' }), 'symbolType'],
  ['forex', perp('EUR', { symbolType: 'forex' }), 'symbolType'],
  [
    'PreLaunch dated future reports status first',
    perp('X', { status: 'PreLaunch', contractType: 'LinearFutures' }),
    'status',
  ],
];

describe('whyNotTradable', () => {
  it.each(cases)('%s → %s', (_label, instrument, reason) => {
    expect(whyNotTradable(instrument)).toBe(reason);
  });
});

describe('filterTradableInstruments', () => {
  it('keeps exactly the tradable cases, in their original order', () => {
    const kept = filterTradableInstruments(cases.map(([, instrument]) => instrument));
    expect(kept.map((i) => i.baseCoin)).toEqual(['BTC', 'PENGU', 'ETH']);
  });

  it('accepts the raw instruments-info item shape as well', () => {
    const raw = [
      {
        symbol: 'BTCUSDT',
        status: 'Trading',
        contractType: 'LinearPerpetual',
        quoteCoin: 'USDT',
        symbolType: '',
        lotSizeFilter: { minNotionalValue: '5' },
      },
      {
        symbol: 'BTCPERP',
        status: 'Trading',
        contractType: 'LinearPerpetual',
        quoteCoin: 'USDC',
        symbolType: '',
        lotSizeFilter: { minNotionalValue: '5' },
      },
    ];
    const kept = filterTradableInstruments(raw);
    expect(kept.map((i) => i.symbol)).toEqual(['BTCUSDT']);
    // The element type is preserved, so nested fields stay reachable without a cast.
    expect(kept[0]?.lotSizeFilter.minNotionalValue).toBe('5');
  });
});
