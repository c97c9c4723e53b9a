/**
 * The universe table's sort (renderer/src/components/universe-table-model.ts) on 500 rows, the most Bybit
 * lists, by market cap (decimal strings compared as text), as a ratio to the same sort on 50 rows: n log n
 * predicts about 13×. Moved here from a unit test that asserted a time and failed on a loaded machine.
 */
import { sortRows, toRows } from '../../renderer/src/components/universe-table-model';
import type { UniverseAsset } from '../../shared/domain/universe';
import { median } from './support/harness';

function rows(count: number) {
  return toRows(
    Array.from({ length: count }, (_, i): UniverseAsset => {
      const coin = `C${i}`;
      return {
        symbol: `${coin}USDT`,
        baseCoin: coin,
        coin,
        multiplier: '1',
        marketCapRank: i + 1,
        marketCap: String(((i * 7919) % count) * 1e6),
        minNotionalValue: '5',
        turnover24h: '100',
      };
    }),
  );
}

function sortMs(count: number): number {
  const table = rows(count);
  const times: number[] = [];
  for (let i = 0; i < 40; i += 1) {
    const start = performance.now();
    sortRows(table, { column: 'marketCap', direction: i % 2 ? 'asc' : 'desc' });
    times.push(performance.now() - start);
  }
  return median(times);
}

export default async function universeSort(report: (line: string) => void): Promise<void> {
  const small = sortMs(50);
  const large = sortMs(500);
  report(`sort 500 rows by market cap: ${large.toFixed(2)} ms (median of 40)`);
  report(`ratio to 50 rows: ${(large / small).toFixed(1)}× (n log n predicts ~13×)`);
}
