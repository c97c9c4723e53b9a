import { describe, expect, it } from 'vitest';
import type { UniverseAsset } from '../../shared/domain/universe';
import {
  compareDecimalStrings,
  countLabel,
  defaultSort,
  filterRows,
  nextSort,
  snapshotAge,
  sortRows,
  toRows,
  type SortDirection,
  type UniverseColumn,
} from '../../renderer/src/components/universe-table-model';
import {
  formatCompactUsd,
  formatMultiplier,
  formatRelative,
  formatUsdt,
  groupDecimal,
} from '../../renderer/src/format';

/** One column formatter, one case a row: what it is given → the text the table shows. */
function formats<T>(name: string, format: (value: T) => string, cases: [T, string][]): void {
  describe(name, () => {
    it.each(cases)('%s → %s', (input, expected) => {
      expect(format(input)).toBe(expected);
    });
  });
}

formats('formatCompactUsd', formatCompactUsd, [
  ['1234567890123', '$1.23T'],
  ['45600000000', '$45.6B'],
  ['789000000', '$789.0M'],
  ['789049999.99', '$789.0M'],
  ['12345', '$12.3K'],
  ['950', '$950'],
  ['950.5', '$951'],
  ['0', '$0'],
  ['0.004', '$0'],
  ['999', '$999'],
  ['999.5', '$1.0K'],
  ['999960000', '$1.0B'],
  ['999960000000', '$1.00T'],
  ['999940000000', '$999.9B'],
  ['1995000000000', '$2.00T'],
  ['1994999999999.99', '$1.99T'],
  ['1234000000000000', '$1,234.00T'],
  ['000123000000', '$123.0M'],
  ['-45600000000', '-$45.6B'],
  // A dash for an unknown amount; what is not a decimal passes through.
  [null, '—'],
  [undefined, '—'],
  ['1e9', '1e9'],
  // 2^53 + 1 dollars, rounded on the string: precision a float would lose.
  ['9007199254740993', '$9,007.20T'],
]);

formats('groupDecimal', groupDecimal, [
  ['5', '5'],
  ['5.000', '5'],
  ['0.10', '0.1'],
  ['1000', '1,000'],
  ['1234567.125', '1,234,567.125'],
  ['007', '7'],
  ['-0.0', '0'],
  ['-1200.5', '-1,200.5'],
]);

// Min notional values, in USDT.
formats('formatUsdt', formatUsdt, [
  ['5', '5 USDT'],
  ['0.5', '0.5 USDT'],
  ['10000', '10,000 USDT'],
  [null, '—'],
]);

// A multiplier shows only when there is one.
formats('formatMultiplier', formatMultiplier, [
  ['1', ''],
  ['1.0', ''],
  ['1000', '×1000'],
  ['1000000', '×1000000'],
]);

describe('formatRelative', () => {
  const now = Date.parse('2026-11-24T12:00:00Z');
  it('reads past and future moments', () => {
    expect(formatRelative(now - 3 * 3_600_000, now)).toBe('3 h ago');
    expect(formatRelative(now - 3 * 3_600_000 - 12 * 60_000, now)).toBe('3 h 12 min ago');
    expect(formatRelative(now + 4 * 3_600_000, now)).toBe('in 4 h');
    expect(formatRelative(now, now)).toBe('just now');
  });
});

describe('compareDecimalStrings', () => {
  it.each([
    ['1', '2', -1],
    ['10', '9', 1],
    ['9.99', '10', -1],
    ['0.001', '0.0009', 1],
    ['1.50', '1.5', 0],
    ['0', '-0.0', 0],
    ['-1', '0', -1],
    ['-2', '-1', -1],
    ['-0.5', '-0.25', -1],
    ['007', '7', 0],
    ['9007199254740993', '9007199254740992', 1],
    ['123456789012345678901234567890', '123456789012345678901234567889', 1],
  ])('%s vs %s → %i', (a, b, expected) => {
    expect(Math.sign(compareDecimalStrings(a, b))).toBe(expected);
    expect(Math.sign(compareDecimalStrings(b, a))).toBe(-expected || 0);
  });
});

function asset(overrides: Partial<UniverseAsset> & { symbol: string; marketCapRank: number }): UniverseAsset {
  const base = overrides.symbol.replace(/USDT$/, '');
  return {
    baseCoin: base,
    coin: base,
    multiplier: '1',
    marketCap: '1000',
    minNotionalValue: '5',
    turnover24h: '100',
    ...overrides,
  };
}

const assets: UniverseAsset[] = [
  asset({ symbol: 'ETHUSDT', marketCapRank: 2, marketCap: '400000000000', turnover24h: '9000000000' }),
  asset({ symbol: 'BTCUSDT', marketCapRank: 1, marketCap: '1900000000000', turnover24h: '12000000000' }),
  asset({
    symbol: '1000PEPEUSDT',
    marketCapRank: 30,
    baseCoin: '1000PEPE',
    coin: 'PEPE',
    multiplier: '1000',
    marketCap: '4500000000',
    turnover24h: null,
  }),
  asset({
    symbol: '1INCHUSDT',
    marketCapRank: 120,
    marketCap: null,
    minNotionalValue: '10',
    turnover24h: '5.5',
  }),
  asset({ symbol: 'SOLUSDT', marketCapRank: 5, marketCap: '90000000000', minNotionalValue: '5.0' }),
];
const rows = toRows(assets);
const symbols = (list: readonly { asset: UniverseAsset }[]) => list.map((row) => row.asset.symbol);

describe('toRows', () => {
  it('formats each row once', () => {
    const pepe = rows.find((row) => row.asset.symbol === '1000PEPEUSDT');
    expect(pepe).toMatchObject({
      marketCap: '$4.5B',
      turnover: '—',
      minNotional: '5 USDT',
      multiplier: '×1000',
      haystack: '1000PEPEUSDT 1000PEPE PEPE',
    });
  });
});

describe('sortRows', () => {
  const sorted = (column: UniverseColumn, direction: SortDirection) =>
    symbols(sortRows(rows, { column, direction }));
  const byRank = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT', '1000PEPEUSDT', '1INCHUSDT'];

  it('sorts by rank by default and does not touch its input', () => {
    const before = symbols(rows);
    expect(symbols(sortRows(rows, defaultSort))).toEqual(byRank);
    expect(symbols(rows)).toEqual(before);
  });

  it('sorts money columns as decimals, nulls last in both directions', () => {
    expect(sorted('marketCap', 'desc')).toEqual(byRank);
    expect(sorted('marketCap', 'asc')).toEqual([
      '1000PEPEUSDT',
      'SOLUSDT',
      'ETHUSDT',
      'BTCUSDT',
      '1INCHUSDT',
    ]);
    expect(sorted('turnover', 'asc').at(-1)).toBe('1000PEPEUSDT');
  });

  it('breaks ties by rank', () => {
    // 5 and 5.0 are equal: rank decides, in either direction.
    expect(sorted('minNotional', 'asc')).toEqual(byRank);
    expect(sorted('minNotional', 'desc')).toEqual([
      '1INCHUSDT',
      'BTCUSDT',
      'ETHUSDT',
      'SOLUSDT',
      '1000PEPEUSDT',
    ]);
  });

  it('sorts text columns by code point', () => {
    expect(sorted('symbol', 'asc')).toEqual(['1000PEPEUSDT', '1INCHUSDT', 'BTCUSDT', 'ETHUSDT', 'SOLUSDT']);
    expect(sorted('baseCoin', 'desc')[0]).toBe('SOLUSDT');
  });

  // How fast it sorts is `npm run bench -- universe-sort`'s to say; here, that 500 rows come out in order.
  it('orders 500 rows by market cap either way, ties by rank', () => {
    const many = toRows(
      Array.from({ length: 500 }, (_, i) =>
        asset({ symbol: `C${i}USDT`, marketCapRank: i + 1, marketCap: String(((i * 7919) % 500) * 1e6) }),
      ),
    );
    for (const direction of ['asc', 'desc'] as const) {
      const sorted = sortRows(many, { column: 'marketCap', direction });
      expect(sorted).toHaveLength(500);
      for (let i = 1; i < sorted.length; i++) {
        const [a, b] = [sorted[i - 1]!.asset, sorted[i]!.asset];
        const byCap = compareDecimalStrings(a.marketCap!, b.marketCap!) * (direction === 'asc' ? 1 : -1);
        expect(byCap < 0 || (byCap === 0 && a.marketCapRank < b.marketCapRank)).toBe(true);
      }
    }
  });
});

describe('filterRows', () => {
  it('matches symbol, base coin or coin, case-insensitively', () => {
    expect(symbols(filterRows(rows, 'pepe'))).toEqual(['1000PEPEUSDT']);
    expect(symbols(filterRows(rows, ' eth '))).toEqual(['ETHUSDT']);
    expect(symbols(filterRows(rows, '1'))).toEqual(['1000PEPEUSDT', '1INCHUSDT']);
    expect(symbols(filterRows(rows, 'nothing'))).toEqual([]);
  });

  it('returns the same list for an empty query and keeps the order', () => {
    expect(filterRows(rows, '  ')).toBe(rows);
    const sorted = sortRows(rows, { column: 'marketCap', direction: 'desc' });
    expect(symbols(filterRows(sorted, 'usdt'))).toEqual(symbols(sorted));
  });

  it('needs every word to match', () => {
    expect(symbols(filterRows(rows, '1000 pepe'))).toEqual(['1000PEPEUSDT']);
    expect(symbols(filterRows(rows, 'pepe btc'))).toEqual([]);
  });
});

describe('nextSort and countLabel', () => {
  it('flips the sorted column and starts money columns descending', () => {
    expect(nextSort(defaultSort, 'rank')).toEqual({ column: 'rank', direction: 'desc' });
    expect(nextSort(defaultSort, 'marketCap')).toEqual({ column: 'marketCap', direction: 'desc' });
    expect(nextSort({ column: 'marketCap', direction: 'desc' }, 'marketCap')).toEqual({
      column: 'marketCap',
      direction: 'asc',
    });
    expect(nextSort({ column: 'marketCap', direction: 'desc' }, 'symbol')).toEqual({
      column: 'symbol',
      direction: 'asc',
    });
  });

  it('counts rows', () => {
    expect(countLabel(482, 482)).toBe('482 assets');
    expect(countLabel(12, 482)).toBe('12 of 482 assets');
    expect(countLabel(1, 1)).toBe('1 asset');
    expect(countLabel(0, 0)).toBe('0 assets');
  });
});

describe('snapshotAge', () => {
  const now = Date.parse('2026-11-24T15:00:00Z');
  const run = (overrides: object) => ({
    status: 'succeeded',
    fetchDate: '2026-11-24',
    finishedAt: '2026-11-24T12:00:00Z',
    ...overrides,
  });

  it('uses the finish time of the run that wrote the snapshot', () => {
    expect(snapshotAge('2026-11-24', run({}), now)).toEqual({
      ageMs: 3 * 3_600_000,
      exact: true,
      stale: false,
    });
  });

  it('falls back to the start of the snapshot date when the last run did not write it', () => {
    const failed = run({ status: 'failed', fetchDate: null, finishedAt: '2026-11-24T14:00:00Z' });
    expect(snapshotAge('2026-11-24', failed, now)).toEqual({
      ageMs: 15 * 3_600_000,
      exact: false,
      stale: false,
    });
    expect(snapshotAge('2026-11-22', null, now)).toMatchObject({ exact: false, stale: true });
  });

  it('is stale after a day', () => {
    const old = run({ fetchDate: '2026-11-23', finishedAt: '2026-11-23T14:59:00Z' });
    expect(snapshotAge('2026-11-23', old, now).stale).toBe(true);
    const recent = run({ fetchDate: '2026-11-23', finishedAt: '2026-11-23T15:01:00Z' });
    expect(snapshotAge('2026-11-23', recent, now).stale).toBe(false);
  });
});
