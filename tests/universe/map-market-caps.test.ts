import { describe, expect, it } from 'vitest';
import { mapMarketCaps } from '../../electron/core/universe/map-market-caps';
import type { UniverseRow } from '../../electron/core/universe/types';
import { cg, perp } from './fixtures';

/** A small market with one of every mapping pitfall, CoinGecko rows in market_cap_desc order. */
const coins = [
  cg('bitcoin', 'btc', 1),
  cg('ethereum', 'eth', 2),
  cg('tether', 'usdt', 3),
  cg('usd-coin', 'usdc', 4),
  cg('staked-ether', 'steth', 5),
  cg('wrapped-bitcoin', 'wbtc', 6),
  cg('the-open-network', 'ton', 7),
  cg('pepe', 'pepe', 8),
  cg('shiba-inu', 'shib', 9),
  cg('polygon-ecosystem-token', 'pol', 10),
  cg('terra-luna-2', 'luna', 11),
  cg('terra-luna', 'lunc', 12),
  cg('1inch', '1inch', 13),
  cg('zero-gravity', '0g', 14),
  cg('sats-ordinals', 'sats', 15),
  cg('mog-coin', 'mog', 16),
  cg('bonk', 'bonk', 17),
  cg('matic-network', 'matic', 18),
  cg('tokamak-network', 'ton', 19),
  cg('bitget-token', 'bgb', 20),
  cg('ethena-usde', 'usde', 21),
  cg('new-coin', 'new', null),
];

const instruments = [
  'BTC',
  'ETH',
  'USDC',
  'USDE',
  'TON',
  '1000PEPE',
  'SHIB1000',
  'POL',
  'LUNA2',
  '1000LUNC',
  '1INCH',
  '0G',
  '10000SATS',
  '1000000MOG',
  '1000BONK',
  'NEW',
  'ONLYBYBIT',
].map((base) => perp(base));

const { rows, report } = mapMarketCaps({ coins, instruments });
const bySymbol = new Map(rows.map((row) => [row.symbol, row]));

describe('mapMarketCaps: which coin each perpetual gets', () => {
  it.each([
    // symbol, CoinGecko id, rank
    ['BTCUSDT', 'bitcoin', 1],
    ['ETHUSDT', 'ethereum', 2],
    ['TONUSDT', 'the-open-network', 7],
    ['POLUSDT', 'polygon-ecosystem-token', 10],
    ['LUNA2USDT', 'terra-luna-2', 11],
    ['1INCHUSDT', '1inch', 13],
    ['0GUSDT', 'zero-gravity', 14],
  ])('%s → its own coin × 1 from %s at rank %i', (symbol, coingeckoId, marketCapRank) => {
    const coin = symbol.replace(/USDT$/, '');
    expect(bySymbol.get(symbol)).toMatchObject({ coin, multiplier: '1', coingeckoId, marketCapRank });
  });

  it.each([
    // symbol, coin, multiplier, CoinGecko id, rank
    ['1000PEPEUSDT', 'PEPE', '1000', 'pepe', 8],
    ['SHIB1000USDT', 'SHIB', '1000', 'shiba-inu', 9],
    ['1000LUNCUSDT', 'LUNC', '1000', 'terra-luna', 12],
    ['10000SATSUSDT', 'SATS', '10000', 'sats-ordinals', 15],
    ['1000000MOGUSDT', 'MOG', '1000000', 'mog-coin', 16],
    ['1000BONKUSDT', 'BONK', '1000', 'bonk', 17],
  ])('%s → %s × %s from %s at rank %i', (symbol, coin, multiplier, coingeckoId, marketCapRank) => {
    expect(bySymbol.get(symbol)).toMatchObject({ coin, multiplier, coingeckoId, marketCapRank });
  });

  it.each([
    ['USDCUSDT', 'a stablecoin, although Bybit lists it'],
    ['USDEUSDT', 'a stablecoin excluded by symbol'],
    ['NEWUSDT', 'its only CoinGecko row has no rank'],
    ['ONLYBYBITUSDT', 'CoinGecko does not know it'],
  ])('%s is not ranked: %s', (symbol) => {
    expect(bySymbol.has(symbol)).toBe(false);
  });

  it('ranks nothing from an excluded CoinGecko id', () => {
    const excludedIds = ['tether', 'usd-coin', 'staked-ether', 'wrapped-bitcoin', 'ethena-usde'];
    expect(rows.filter((row) => excludedIds.includes(row.coingeckoId))).toEqual([]);
  });

  it("keeps CoinGecko's ranks with their gaps and orders rows by rank", () => {
    expect(rows.map((row) => row.marketCapRank)).toEqual([1, 2, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17]);
  });

  it('copies the instrument filters and the market cap as decimal strings', () => {
    const instrument = perp('ETH', {
      tickSize: '0.01',
      qtyStep: '0.01',
      minOrderQty: '0.01',
      maxMktOrderQty: '7240.00',
      minNotionalValue: '5',
    });
    const [row] = mapMarketCaps({
      coins: [cg('ethereum', 'eth', 2, 1.9e21)],
      instruments: [instrument],
    }).rows;
    expect(row).toEqual<UniverseRow>({
      symbol: 'ETHUSDT',
      baseCoin: 'ETH',
      coin: 'ETH',
      multiplier: '1',
      marketCapRank: 2,
      coingeckoId: 'ethereum',
      marketCap: '1900000000000000000000',
      minNotionalValue: '5',
      qtyStep: '0.01',
      minOrderQty: '0.01',
      maxMktOrderQty: '7240.00',
      tickSize: '0.01',
      turnover24h: null,
    });
  });
});

describe('mapMarketCaps: report', () => {
  it('lists what was left out and why', () => {
    expect(report).toEqual({
      unmatchedInstruments: ['NEWUSDT', 'ONLYBYBITUSDT'],
      unlistedCoins: 1,
      excluded: ['tether', 'usd-coin', 'staked-ether', 'wrapped-bitcoin', 'ethena-usde'],
      excludedInstruments: ['USDCUSDT', 'USDEUSDT'],
      duplicatesSkipped: ['matic-network', 'tokamak-network'],
      sameCoinInstruments: [],
      unrankedSkipped: 1,
    });
  });
});

describe('mapMarketCaps: duplicate CoinGecko symbols', () => {
  // Two CoinGecko rows reach one Bybit perpetual: which one keeps it (id, rank), and which is skipped.
  it.each([
    {
      does: 'gives a shared symbol to the first, highest-ranked row',
      coins: [cg('dup-big', 'dup', 30), cg('dup-small', 'dup', 40)],
      perpetual: 'DUP',
      kept: [['dup-big', 30]],
      skipped: ['dup-small'],
    },
    {
      does: 'keeps an aliased coin for its aliased id even when a same-symbol coin ranks higher',
      coins: [cg('ton-impostor', 'ton', 5), cg('the-open-network', 'ton', 7)],
      perpetual: 'TON',
      kept: [['the-open-network', 7]],
      skipped: ['ton-impostor'],
    },
    {
      does: 'skips a repeated id (pages shifted between requests) as a duplicate',
      coins: [cg('bitcoin', 'btc', 1), cg('bitcoin', 'btc', 1)],
      perpetual: 'BTC',
      kept: [['bitcoin', 1]],
      skipped: ['bitcoin'],
    },
  ])('$does', ({ coins, perpetual, kept, skipped }) => {
    const result = mapMarketCaps({ coins, instruments: [perp(perpetual)] });
    expect(result.rows.map((row) => [row.coingeckoId, row.marketCapRank])).toEqual(kept);
    expect(result.report.duplicatesSkipped).toEqual(skipped);
  });

  it('lets a ranked row take a symbol that an unranked row reached first', () => {
    const result = mapMarketCaps({
      coins: [cg('dup-unranked', 'dup', null), cg('dup-ranked', 'dup', 50)],
      instruments: [perp('DUP')],
    });
    expect(result.rows.map((row) => row.coingeckoId)).toEqual(['dup-ranked']);
    expect(result.report.unrankedSkipped).toBe(1);
    expect(result.report.duplicatesSkipped).toEqual([]);
  });

  it('maps the old MATIC id to POL when it is the higher-ranked of the two', () => {
    const result = mapMarketCaps({
      coins: [cg('matic-network', 'matic', 20), cg('polygon-ecosystem-token', 'pol', 25)],
      instruments: [perp('POL')],
    });
    expect(result.rows.map((row) => [row.symbol, row.coingeckoId, row.marketCapRank])).toEqual([
      ['POLUSDT', 'matic-network', 20],
    ]);
  });
});

describe('mapMarketCaps: unusable ranks and market caps', () => {
  it.each([
    ['a null rank', cg('x', 'x', null, 1000)],
    ['a zero rank', cg('x', 'x', 0, 1000)],
    ['a fractional rank', cg('x', 'x', 1.5, 1000)],
    ['a null market cap', cg('x', 'x', 3, null)],
    ['a zero market cap', cg('x', 'x', 3, 0)],
    ['an unparsable market cap', cg('x', 'x', 3, 'n/a')],
  ])('skips a row with %s', (_label, row) => {
    const result = mapMarketCaps({ coins: [row], instruments: [perp('X')] });
    expect(result.rows).toEqual([]);
    expect(result.report.unrankedSkipped).toBe(1);
    expect(result.report.unmatchedInstruments).toEqual(['XUSDT']);
  });
});

describe('mapMarketCaps: exclusions', () => {
  it.each([
    ['tether', 'usdt'],
    ['usd-coin', 'usdc'],
    ['wrapped-bitcoin', 'wbtc'],
    ['staked-ether', 'steth'],
    ['some-new-dollar', 'fdusd'],
  ])('never ranks %s (%s), even with a Bybit perpetual of that coin', (id, symbol) => {
    const baseCoin = symbol.toUpperCase();
    const result = mapMarketCaps({ coins: [cg(id, symbol, 3)], instruments: [perp(baseCoin)] });
    expect(result.rows).toEqual([]);
    expect(result.report.excluded).toEqual([id]);
    expect(result.report.excludedInstruments).toEqual([`${baseCoin}USDT`]);
  });

  it('excludes Wrapped SOL by id without touching Solana, which shares its symbol', () => {
    const result = mapMarketCaps({
      coins: [cg('wrapped-solana', 'sol', 4), cg('solana', 'sol', 6)],
      instruments: [perp('SOL')],
    });
    expect(result.rows.map((row) => [row.coingeckoId, row.marketCapRank])).toEqual([['solana', 6]]);
    expect(result.report.excluded).toEqual(['wrapped-solana']);
  });
});

describe('mapMarketCaps: tickers', () => {
  it('adds 24h turnover when a ticker is given, null otherwise', () => {
    const result = mapMarketCaps({
      coins: [cg('bitcoin', 'btc', 1), cg('ethereum', 'eth', 2), cg('solana', 'sol', 6)],
      instruments: [perp('BTC'), perp('ETH'), perp('SOL')],
      tickers: [
        { symbol: 'BTCUSDT', turnover24h: '6151530826.1231' },
        { symbol: 'ETHUSDT', turnover24h: '' },
      ],
    });
    expect(result.rows.map((row) => [row.symbol, row.turnover24h])).toEqual([
      ['BTCUSDT', '6151530826.1231'],
      ['ETHUSDT', null],
      ['SOLUSDT', null],
    ]);
  });

  it('keeps one perpetual per coin: the most traded, others reported', () => {
    const result = mapMarketCaps({
      coins: [cg('pepe', 'pepe', 8)],
      instruments: [perp('PEPE'), perp('1000PEPE')],
      tickers: [
        { symbol: 'PEPEUSDT', turnover24h: '900' },
        { symbol: '1000PEPEUSDT', turnover24h: '1000' },
      ],
    });
    expect(result.rows.map((row) => row.symbol)).toEqual(['1000PEPEUSDT']);
    expect(result.report.sameCoinInstruments).toEqual(['PEPEUSDT']);
  });

  it('without tickers, prefers the smaller multiplier for a coin listed twice', () => {
    const result = mapMarketCaps({
      coins: [cg('pepe', 'pepe', 8)],
      instruments: [perp('1000PEPE'), perp('PEPE')],
    });
    expect(result.rows.map((row) => row.symbol)).toEqual(['PEPEUSDT']);
    expect(result.report.sameCoinInstruments).toEqual(['1000PEPEUSDT']);
  });
});

describe('mapMarketCaps: row order', () => {
  it('orders rows by rank even where CoinGecko returned them slightly out of order', () => {
    const result = mapMarketCaps({
      coins: [cg('ethereum', 'eth', 2), cg('bitcoin', 'btc', 1)],
      instruments: [perp('BTC'), perp('ETH')],
    });
    expect(result.rows.map((row) => row.symbol)).toEqual(['BTCUSDT', 'ETHUSDT']);
  });
});
