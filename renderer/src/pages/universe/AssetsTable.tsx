import { memo, useCallback, useDeferredValue, useEffect, useId, useMemo, useRef, useState } from 'react';
import { DataTable, type DataColumn } from '../../components/DataTable';
import {
  countLabel,
  defaultSort,
  filterRows,
  nextSort,
  sortRows,
  toRows,
  type SortState,
  type UniverseColumn,
  type UniverseRow,
} from '../../components/universe-table-model';

const columns: readonly DataColumn<UniverseRow, UniverseColumn>[] = [
  { key: 'rank', label: 'Rank', numeric: true, render: (row) => row.asset.marketCapRank },
  { key: 'symbol', label: 'Symbol', render: (row) => <span className="symbol">{row.asset.symbol}</span> },
  {
    key: 'baseCoin',
    label: 'Base coin',
    render: (row) => (
      <>
        {row.asset.baseCoin}
        {row.multiplier && (
          <span
            className="multiplier"
            title={`One ${row.asset.baseCoin} is ${row.multiplier.slice(1)} ${row.asset.coin}`}
          >
            {row.multiplier}
          </span>
        )}
        {!row.multiplier && row.asset.coin !== row.asset.baseCoin && (
          <span className="muted small coin-alias"> {row.asset.coin}</span>
        )}
      </>
    ),
  },
  { key: 'marketCap', label: 'Market cap', numeric: true, render: (row) => row.marketCap },
  { key: 'minNotional', label: 'Min notional value', numeric: true, render: (row) => row.minNotional },
  { key: 'turnover', label: '24h turnover', numeric: true, render: (row) => row.turnover },
  { key: 'price', label: 'Price', numeric: true, render: (row) => row.price },
  { key: 'change24h', label: '24h change', numeric: true, render: (row) => row.change24h },
  {
    key: 'funding',
    label: 'Funding (a year)',
    numeric: true,
    render: (row) => (
      <span title="Today's rate × settlements a year; positive is paid by longs">{row.funding}</span>
    ),
  },
  { key: 'openInterest', label: 'Open interest', numeric: true, render: (row) => row.openInterest },
];

const rowKey = (row: UniverseRow) => row.asset.symbol;

/** Memoized: progress events re-render the page around it, never the ~500 rows. */
export const AssetsTable = memo(function AssetsTable({
  assets,
  tickers = null,
}: {
  assets: Parameters<typeof toRows>[0];
  /** Bybit's tickers (price, change, funding, open interest); the columns show — until they are read. */
  tickers?: Parameters<typeof toRows>[1];
}) {
  const [sort, setSort] = useState<SortState>(defaultSort);
  const [query, setQuery] = useState('');
  const deferredQuery = useDeferredValue(query);
  const search = useRef<HTMLInputElement>(null);
  const searchId = useId();

  const rows = useMemo(() => toRows(assets, tickers), [assets, tickers]);
  const sorted = useMemo(() => sortRows(rows, sort), [rows, sort]);
  const visible = useMemo(() => filterRows(sorted, deferredQuery), [sorted, deferredQuery]);
  const onSort = useCallback((column: UniverseColumn) => setSort((current) => nextSort(current, column)), []);

  // "/" jumps to the search box from anywhere on the page except another text field.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey) return;
      const target = event.target as HTMLElement | null;
      if (target?.closest('input, textarea, select, [contenteditable="true"]')) return;
      event.preventDefault();
      search.current?.focus();
      search.current?.select();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const empty = useMemo(
    () =>
      assets.length === 0 ? (
        'This snapshot lists no assets.'
      ) : (
        <>No symbol or coin matches “{deferredQuery.trim()}”.</>
      ),
    [assets.length, deferredQuery],
  );

  return (
    <section className="assets" aria-label="Assets">
      <div className="table-toolbar">
        <div className="search-field">
          <label htmlFor={searchId}>Search</label>
          <input
            id={searchId}
            ref={search}
            type="search"
            value={query}
            placeholder="Symbol or coin"
            autoComplete="off"
            spellCheck={false}
            onChange={(event) => setQuery(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === 'Escape' && query) {
                event.preventDefault();
                setQuery('');
              }
            }}
          />
          <kbd aria-hidden="true" title="Press / to search">
            /
          </kbd>
        </div>
        <span className="row-count" role="status">
          {countLabel(visible.length, rows.length)}
        </span>
      </div>
      <p className="muted small rank-note" id={`${searchId}-ranks`}>
        Rank is CoinGecko&apos;s market-cap rank, kept as CoinGecko gives it. Gaps are coins that are not
        here: stablecoins and wrapped or staked tokens (excluded on purpose), and coins without a Bybit USDT
        perpetual.
      </p>
      <DataTable
        label="Universe snapshot"
        className="universe-table"
        wrap
        columns={columns}
        rows={visible}
        rowKey={rowKey}
        sort={sort}
        onSort={onSort}
        empty={empty}
      />
    </section>
  );
});
