import { memo, useCallback, useDeferredValue, useEffect, useId, useMemo, useRef, useState } from 'react';
import type { RefreshRun, UniverseProgress } from '../../../shared/domain/universe';
import { Badge, type Tone } from '../components/Badge';
import { EmptyState } from '../components/EmptyState';
import { Facts, Panel } from '../components/Panel';
import { ProgressBar } from '../components/ProgressBar';
import { SortableTable, type SortableColumn } from '../components/SortableTable';
import {
  countLabel,
  defaultSort,
  filterRows,
  nextSort,
  snapshotAge,
  sortRows,
  toRows,
  type SortState,
  type UniverseColumn,
  type UniverseRow,
} from '../components/universe-table-model';
import { formatDuration, formatMultiplier, formatRelative, formatTimestamp } from '../format';
import { isTerminal, useUniverse } from '../store/universe-store';

/** Bybit's tradable USDT perpetuals ranked by market cap: the latest or a past daily snapshot, and its refresh. */
export function UniversePage() {
  const store = useUniverse();
  const { latest, loadError, viewDate, past, pastLoading, pastError, progress, requesting, refreshError } =
    store;

  useEffect(() => {
    void useUniverse.getState().load();
    void useUniverse.getState().loadDates();
  }, []);

  const running = latest?.running ?? null;
  const progressLive = progress !== null && !isTerminal(progress);
  const busy = requesting || running !== null || progressLive;
  const now = useNow(busy ? 1_000 : 5_000, latest);

  // A safety net while a run goes: if its last event is missed, the page still learns that it ended.
  useEffect(() => {
    if (!busy) return;
    const timer = setInterval(() => void useUniverse.getState().load(), 5_000);
    return () => clearInterval(timer);
  }, [busy]);

  const snapshot = latest?.snapshot ?? null;
  const viewingPast = viewDate !== null;
  const shown = viewingPast ? past : snapshot;

  const refreshButton = (
    <button
      type="button"
      className="primary"
      onClick={() => void store.refresh()}
      disabled={busy}
      title={busy ? 'A refresh is running' : 'Fetch today’s snapshot now'}
    >
      Refresh now
    </button>
  );
  const noSnapshotYet = latest !== null && snapshot === null;

  return (
    <div className="page universe-page">
      <div className="page-title universe-title">
        <div>
          <h1>Universe</h1>
          <p className="muted page-subtitle">
            Bybit USDT perpetuals ranked by market cap, one snapshot a day.
          </p>
        </div>
        <div className="toolbar">
          {snapshot && <DatePicker />}
          {!noSnapshotYet && refreshButton}
        </div>
      </div>

      {loadError && (
        <div className="error-text alert-line" role="alert">
          Could not read the universe: {loadError}
          <button type="button" onClick={() => void store.load()}>
            Try again
          </button>
        </div>
      )}
      {refreshError && (
        <p className="error-text" role="alert">
          Refresh failed to start: {refreshError}
        </p>
      )}

      {(busy || progress) && <RefreshProgress run={running} progress={progress} now={now} />}

      {latest === null && !loadError && (
        <p className="muted" role="status">
          Reading the universe…
        </p>
      )}

      {latest && (
        <div className="grid universe-panels">
          <SnapshotPanel now={now} />
          <LastRunPanel lastRun={latest.lastRun} nextRunAt={latest.nextRunAt} busy={busy} now={now} />
        </div>
      )}

      {noSnapshotYet && (
        <div className="panel universe-empty">
          <EmptyState title="No universe snapshot yet">
            The poller lists Bybit&apos;s tradable USDT perpetuals with their market-cap rank, minimum order
            value and 24h turnover. It fills this table on start when today&apos;s snapshot is missing and
            then once a day shortly after 00:00 UTC. You can also build it now.
          </EmptyState>
          <div className="empty-actions">{refreshButton}</div>
        </div>
      )}

      {viewingPast && (
        <div className="past-banner" role="status">
          <span>
            Viewing the snapshot of <strong>{viewDate}</strong>, not the latest
            {snapshot ? ` (${snapshot.fetchDate})` : ''}.
          </span>
          <button type="button" onClick={store.viewLatest}>
            Back to latest
          </button>
        </div>
      )}
      {viewingPast && pastError && (
        <p className="error-text" role="alert">
          {pastError}
        </p>
      )}
      {viewingPast && pastLoading && !past && (
        <p className="muted" role="status">
          Reading the snapshot of {viewDate}…
        </p>
      )}

      {/* Not keyed by date: the sort and the search carry over when stepping through past days. */}
      {shown && <AssetsTable assets={shown.assets} />}
    </div>
  );
}

const stageLabels: Record<UniverseProgress['stage'], string> = {
  instruments: 'Bybit instruments',
  tickers: 'Bybit 24h tickers',
  'market-caps': 'CoinGecko market caps',
  mapping: 'Mapping coins to symbols',
  writing: 'Writing the snapshot',
  done: 'Done',
  failed: 'Failed',
};

const reasonLabels: Record<RefreshRun['reason'], string> = {
  startup: 'on start',
  schedule: 'daily schedule',
  manual: 'manual',
  retry: 'retry after a failure',
};

function RefreshProgress({
  run,
  progress,
  now,
}: {
  run: RefreshRun | null;
  progress: UniverseProgress | null;
  now: number;
}) {
  // Events of an older run are not this run's progress.
  const current = progress && (!run || progress.runId === run.id) ? progress : null;
  const tone: Tone = current?.stage === 'failed' ? 'bad' : current?.stage === 'done' ? 'good' : 'neutral';
  const stage = current ? stageLabels[current.stage] : 'Starting';
  const message = current?.message || (run ? 'Waiting for the poller…' : 'Asking the poller to start…');
  const done = current?.done ?? 0;
  const total = current?.total ?? 1;
  return (
    <div className="panel refresh-progress">
      <ProgressBar
        label="Refresh progress"
        value={done}
        max={total}
        valueText={`${stage}: ${message} (${done} of ${total})`}
        tone={tone}
      >
        <strong className="progress-stage">{stage}</strong>
        <span className="progress-message">{message}</span>
        <span className="progress-count num">
          {done} / {total}
        </span>
      </ProgressBar>
      {run && (
        <div className="muted small">
          Run #{run.id} · {reasonLabels[run.reason]} · started {ago(run.startedAt, now)}
        </div>
      )}
    </div>
  );
}

function DatePicker() {
  const dates = useUniverse((state) => state.dates);
  const latestDate = useUniverse((state) => state.latest?.snapshot?.fetchDate ?? null);
  const viewDate = useUniverse((state) => state.viewDate);
  const viewPast = useUniverse((state) => state.viewPast);
  const options = useMemo(() => {
    const all = latestDate && !dates.includes(latestDate) ? [latestDate, ...dates] : dates;
    return all;
  }, [dates, latestDate]);
  const value = viewDate ?? latestDate ?? '';
  const id = useId();
  return (
    <div className="inline-field">
      <label htmlFor={id}>Snapshot date</label>
      <select
        id={id}
        className="date-select"
        value={value}
        onChange={(event) => void viewPast(event.target.value)}
      >
        {options.map((date) => (
          <option key={date} value={date}>
            {date === latestDate ? `${date} (latest)` : date}
          </option>
        ))}
      </select>
    </div>
  );
}

function SnapshotPanel({ now }: { now: number }) {
  const latest = useUniverse((state) => state.latest);
  const datesError = useUniverse((state) => state.datesError);
  const dates = useUniverse((state) => state.dates);
  const snapshot = latest?.snapshot ?? null;
  const counts = useMemo(() => {
    const assets = snapshot?.assets ?? [];
    return {
      multiplied: assets.filter((asset) => formatMultiplier(asset.multiplier) !== '').length,
      noTurnover: assets.filter((asset) => asset.turnover24h === null).length,
    };
  }, [snapshot]);
  if (!snapshot) return null;
  const age = snapshotAge(snapshot.fetchDate, latest?.lastRun ?? null, now);
  const ageText = age.exact
    ? formatRelative(now - age.ageMs, now)
    : `at most ${formatDuration(age.ageMs)} old`;
  return (
    <Panel
      title="Latest snapshot"
      aside={<Badge tone={age.stale ? 'warn' : 'good'}>{age.stale ? 'stale' : 'current'}</Badge>}
    >
      <p className="snapshot-age">
        Fetched for <strong>{snapshot.fetchDate}</strong> · {ageText}
      </p>
      {age.stale && (
        <p className="warn-text">
          Older than a day: indices are computed from this list until a refresh succeeds.
        </p>
      )}
      <Facts
        rows={[
          ['Assets', snapshot.assets.length],
          ['With a multiplier', counts.multiplied],
          ['No 24h turnover', counts.noTurnover],
          ['Days kept', dates.length || '—'],
        ]}
      />
      {datesError && <p className="error-text small">Past dates unavailable: {datesError}</p>}
    </Panel>
  );
}

const runTone: Record<RefreshRun['status'], Tone> = { running: 'neutral', succeeded: 'good', failed: 'bad' };

function LastRunPanel({
  lastRun,
  nextRunAt,
  busy,
  now,
}: {
  lastRun: RefreshRun | null;
  nextRunAt: string | null;
  busy: boolean;
  now: number;
}) {
  const next: [string, React.ReactNode] = [
    'Next run',
    nextRunAt ? (
      <>
        {formatTimestamp(nextRunAt)}{' '}
        <span className="muted">({formatRelative(Date.parse(nextRunAt), now)})</span>
      </>
    ) : (
      <span className="muted">{busy ? 'set when the current run ends' : 'not scheduled'}</span>
    ),
  ];
  if (!lastRun) {
    return (
      <Panel title="Last refresh" aside={<Badge tone="neutral">never</Badge>}>
        <p className="muted">No refresh has finished yet.</p>
        <Facts rows={[next]} />
      </Panel>
    );
  }
  const rows: [string, React.ReactNode][] = [
    [
      'When',
      <>
        {formatTimestamp(lastRun.startedAt)} <span className="muted">({ago(lastRun.startedAt, now)})</span>
      </>,
    ],
    ['Reason', reasonLabels[lastRun.reason]],
    ['Took', lastRun.durationMs === null ? '—' : formatRunDuration(lastRun.durationMs)],
    ['Assets', lastRun.assets ?? '—'],
  ];
  if (lastRun.error) rows.push(['Error', <span className="error-text">{lastRun.error}</span>]);
  rows.push(next);
  return (
    <Panel title="Last refresh" aside={<Badge tone={runTone[lastRun.status]}>{lastRun.status}</Badge>}>
      <Facts rows={rows} />
    </Panel>
  );
}

const columns: readonly SortableColumn<UniverseRow, UniverseColumn>[] = [
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
];

const rowKey = (row: UniverseRow) => row.asset.symbol;

/** Memoized: progress events re-render the page around it, never the ~500 rows. */
const AssetsTable = memo(function AssetsTable({ assets }: { assets: Parameters<typeof toRows>[0] }) {
  const [sort, setSort] = useState<SortState>(defaultSort);
  const [query, setQuery] = useState('');
  const deferredQuery = useDeferredValue(query);
  const search = useRef<HTMLInputElement>(null);
  const searchId = useId();

  const rows = useMemo(() => toRows(assets), [assets]);
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
      <div className="table-wrap">
        <SortableTable
          label="Universe snapshot"
          className="universe-table"
          columns={columns}
          rows={visible}
          rowKey={rowKey}
          sort={sort}
          onSort={onSort}
          empty={empty}
        />
      </div>
    </section>
  );
});

/** The time, ticking every `intervalMs` and taken afresh whenever `data` changes. */
function useNow(intervalMs: number, data: unknown): number {
  const [tick, setTick] = useState(Date.now);
  useEffect(() => {
    const timer = setInterval(() => setTick(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- a new answer is a reason to read the clock again
  const fresh = useMemo(() => Date.now(), [data]);
  return Math.max(tick, fresh);
}

/** For moments that have happened: a server clock a little ahead never reads "in 1 s". */
const ago = (iso: string, now: number) => formatRelative(Math.min(Date.parse(iso), now), now);

/** "0.4 s" below a second, else "2 min 5 s". */
const formatRunDuration = (ms: number) => (ms < 1000 ? `${(ms / 1000).toFixed(1)} s` : formatDuration(ms));
